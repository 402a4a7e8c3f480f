package cmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// The test's answer key in bank order: the practice five, then ours.
const testAnswerKey = "A,C,B,D,A,A,B,C,D,B"

var testScreens = []struct {
	name  string
	stdin string
	args  []string
}{
	{"piped_all_right", strings.ReplaceAll(testAnswerKey, ",", "\n") + "\n", []string{"test"}},
	{"piped_hint_refused_then_quit", "A\nh\nz\nC\nq\n", []string{"test"}},
	{"answers_strong", "", []string{"test", "--answers", testAnswerKey}},
	{"answers_hard_missed", "", []string{"test", "--answers", "A,C,B,D,A,A,B,C,D,A"}},
	{"answers_weak", "", []string{"test", "--answers", "A,C,B,D,B,,C,A,D,B"}},
	{"answers_json", "", []string{"test", "--answers", "A,C,B,D,B,,C,A,D,B", "--format", "json"}},
	{"answers_json_shuffled", "", []string{"test", "--seed", "7", "--answers", "A,B,C,D,A,B,C,D,A,B", "--format", "json"}},
}

func TestTestScreens(t *testing.T) {
	t.Parallel()
	for _, tt := range testScreens {
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, tt.stdin, tt.args...)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			assertScreenLines(t, r.stdout, !strings.Contains(tt.name, "json"))
			golden.Assert(t, []byte(r.stdout))
		})
	}
}

// A test is a test: nothing about an answer shows before the end.
func TestTestHoldsFeedbackUntilTheEnd(t *testing.T) {
	t.Parallel()
	r := runIn(t, "B\nB\n", "test") // question 1 wrong, then end of input
	before, after, ok := strings.Cut(r.stdout, "Test score:")
	if !ok {
		t.Fatalf("no score at the end:\n%s", r.stdout)
	}
	for _, leak := range []string{"Correct", "Not quite", "The answer is", "Hint:", "Why"} {
		if strings.Contains(before, leak) {
			t.Errorf("%q shown before the end:\n%s", leak, before)
		}
	}
	if !strings.Contains(after, "Question 1 (easy), missed") || !strings.Contains(after, "The answer is A.") {
		t.Errorf("the end does not explain missed question 1:\n%s", after)
	}
}

// Test attempts are recorded apart from practice quizzes, and the views
// show the best.
func TestTestRecordsApartFromTheQuiz(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	l.run("quiz", "--answers", "A,C,B,D,A")
	l.run("test", "--answers", "A,C,B,D,B,,C,A,D,B") // 6/10
	l.run("test", "--answers", testAnswerKey)        // 10/10
	p, err := progress.Decode(l.file())
	if err != nil {
		t.Fatal(err)
	}
	if p.Quiz.Attempts != 1 || p.Quiz.Best != 5 || p.Quiz.Total != 5 {
		t.Errorf("quiz record = %+v; want 1 attempt, best 5/5", p.Quiz)
	}
	if p.Test == nil || p.Test.Attempts != 2 || p.Test.Best != 10 || p.Test.Total != 10 || p.Test.Last.Score != 10 {
		t.Fatalf("test record = %+v; want 2 attempts, best 10/10", p.Test)
	}
	for _, args := range [][]string{{"progress"}, nil} {
		if r := l.run(args...); !strings.Contains(r.stdout, "best score 10/10 over 2 attempts") {
			t.Errorf("tokenlab %v does not show the test's best:\n%s", args, r.stdout)
		}
	}
}

func TestTestJSONHasTheVerdictAndDifficulties(t *testing.T) {
	t.Parallel()
	var got struct {
		Score, Total int
		Verdict      string
		Difficulties []struct {
			Difficulty     string
			Correct, Total int
		}
		Questions []struct{ Number int }
	}
	r := run(t, "test", "--answers", "A,C,B,D,A,A,B,C,D,A", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Score != 9 || got.Total != 10 || got.Verdict != "not_yet_strong" || len(got.Questions) != 10 {
		t.Errorf("9/10 with a hard question missed = %+v", got)
	}
	if len(got.Difficulties) != 3 || got.Difficulties[2].Difficulty != "hard" || got.Difficulties[2].Correct != 2 || got.Difficulties[2].Total != 3 {
		t.Errorf("difficulties = %+v; want hard 2/3 last", got.Difficulties)
	}
}

func TestTestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"answers_count", []string{"test", "--answers", "A,C,B,D,A"}, "tokenlab: --answers has 5 entries but the test has 10 questions; give one per question, empty for unanswered (e.g. A,A,A,A,A,A,A,A,A,A)"},
		{"answers_letter", []string{"test", "--answers", "A,C,B,D,A,A,B,C,D,Q"}, `tokenlab: --answers entry 10 is "Q"; question 10 has options A to D (or leave it empty)`},
		{"json_needs_answers", []string{"test", "--format", "json"}, "tokenlab: --format json needs --answers; the interactive test prints text"},
		{"format", []string{"test", "--answers", testAnswerKey, "--format", "xml"}, `tokenlab: invalid value "xml" for --format: must be text or json`},
		{"args", []string{"test", "now"}, `tokenlab: test takes no arguments, got "now"; see 'tokenlab test --help'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertUsageError(t, run(t, tt.args...), tt.want)
		})
	}
}
