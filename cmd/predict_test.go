package cmd

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/lesson/drill"
	"github.com/tokenlab/tokenlab/lesson/progress"
	"github.com/tokenlab/tokenlab/quiz"
)

// rightAnswers are the letters of a set's right options.
func rightAnswers(seed uint64, count int) []string {
	var letters []string
	for _, q := range drill.Set(seed, count) {
		letters = append(letters, quiz.Letter(q.Answer()))
	}
	return letters
}

// predict's screens: a set graded from --answers, in text and JSON, and
// piped input answered a line at a time.
func TestPredictScreens(t *testing.T) {
	t.Parallel()
	right := rightAnswers(3, 5)
	answers := append([]string{"A"}, right[1:]...)
	for _, tt := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"answers", "", []string{"predict", "--seed", "3", "--count", "5", "--answers", strings.Join(answers, ","), "--no-record"}},
		{"json", "", []string{"predict", "--seed", "3", "--count", "5", "--answers", strings.Join(answers, ","), "--format", "json", "--no-record"}},
		{"piped", "h\n" + right[0] + "\nq\n", []string{"predict", "--seed", "3", "--count", "5", "--no-record"}},
	} {
		l := newLearner(t)
		r := l.runIn(tt.stdin, tt.args...)
		if r.code != ExitOK || r.stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q", tt.name, r.code, r.stderr)
		}
		golden.AssertNamed(t, t.Name()+"/"+tt.name, []byte(r.stdout))
	}
}

func TestPredictBadInput(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"predict", "--format", "json"}, "tokenlab: --format json needs --answers; the interactive drills print text"},
		{[]string{"predict", "--count", "0"}, `tokenlab: invalid value "0" for --count: must be a whole number from 1 to 100`},
		{[]string{"predict", "--count", "2", "--answers", "A"}, "tokenlab: --answers has 1 entry but the set of drills has 2 questions; give one per question, empty for unanswered (e.g. A,A)"},
		{[]string{"predict", "extra"}, "tokenlab: predict takes no arguments, got \"extra\"; see 'tokenlab predict --help'"},
	} {
		assertUsageLine(t, run(t, tt.args...), tt.want)
	}
}

// Each set answered is recorded; progress keeps the best share, and the
// progress screen shows it.
func TestPredictRecordsTheBest(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	right := rightAnswers(5, 4)
	l.mustRun(ExitOK, "predict", "--seed", "5", "--count", "4", "--answers", strings.Join(right, ","))
	l.mustRun(ExitOK, "predict", "--seed", "6", "--count", "10", "--answers", ",,,,,,,,,A")
	p, err := progress.Decode(l.file())
	if err != nil {
		t.Fatal(err)
	}
	if d := p.Predict; d == nil || d.Attempts != 2 || d.Best != 4 || d.BestOf != 4 {
		t.Fatalf("predict's record: %+v", p.Predict)
	}
	if r := l.run("progress"); !strings.Contains(r.stdout, "best score 4/4 over 2 sets of drills") {
		t.Errorf("progress does not show the drills:\n%s", r.stdout)
	}
	var out struct {
		Score, Total int
		Drills       []struct{ Answer, Chosen string }
	}
	r := l.run("predict", "--seed", "5", "--count", "4", "--answers", strings.Join(right, ","), "--format", "json", "--no-record")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Score != 4 || out.Total != 4 || len(out.Drills) != 4 {
		t.Errorf("JSON %v: %s", err, r.stdout)
	}
}
