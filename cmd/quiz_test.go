package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/quiz"
)

// runIn runs tokenlab with stdin.
func runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ios, in, out, errOut := testStreams(t)
	in.WriteString(stdin)
	return runOn(t, ios, out, errOut, args...)
}

// plainText renders a view as it reaches a pipe.
func plainText(s string) string {
	var b bytes.Buffer
	_, _ = io.WriteString(styledWriter(&b, colorprofile.NoTTY), s)
	return b.String()
}

func TestQuizQuestionsAsShown(t *testing.T) {
	t.Parallel()
	items := quiz.InOrder(quiz.Default().Questions)
	for i, it := range items {
		t.Run(fmt.Sprintf("q%d", it.Number), func(t *testing.T) {
			golden.Assert(t, []byte(plainText(report.Question(it, i, len(items), report.NewTheme(), defaultWidth))))
		})
	}
}

// For each question, the feedback for every option and for no answer.
func TestQuizFeedback(t *testing.T) {
	t.Parallel()
	for _, it := range quiz.InOrder(quiz.Default().Questions) {
		t.Run(fmt.Sprintf("q%d", it.Number), func(t *testing.T) {
			var b strings.Builder
			for choice := -1; choice < len(it.Options); choice++ {
				s := quiz.NewSession([]quiz.Item{it})
				r, err := s.Answer(choice)
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "--- chosen: %s\n", report.AnswerOrBlank(r.ChosenLetter()))
				b.WriteString(plainText(report.Feedback(r, report.NewTheme(), defaultWidth)))
			}
			golden.Assert(t, []byte(b.String()))
		})
	}
}

var quizScreens = []struct {
	name  string
	stdin string
	args  []string
}{
	{"piped_all_right", "A\nC\nB\nD\nA\n", []string{"quiz"}},
	{"piped_one_wrong", "a\n c \nB\nA\nA\n", []string{"quiz"}},
	{"invalid_then_hint", "x\n\nh\nA\nq\n", []string{"quiz"}},
	{"crlf_input", "A\r\nC\r\nB\r\nD\r\nA\r\n", []string{"quiz"}},
	{"early_end_of_input", "A\n", []string{"quiz"}},
	{"quit_first", "q\n", []string{"quiz"}},
	{"medium_only", "B\nA\n", []string{"quiz", "--difficulty", "medium"}},
	{"shuffled_seed_7", "A\nB\nC\nD\nA\n", []string{"quiz", "--shuffle", "--seed", "7"}},
	{"answers_report", "", []string{"quiz", "--answers", "A,A,B,,A"}},
	{"answers_json", "", []string{"quiz", "--answers", "a, ,b,d,B", "--format", "json"}},
	{"answers_json_shuffled", "", []string{"quiz", "--seed", "7", "--answers", "A,B,C,D,A", "--format", "json"}},
	{"answers_two_questions", "", []string{"quiz", "--question", "4", "--question", "2", "--answers", "C,D"}},
	{"own_bank", "C\nA\n", []string{"quiz", "--bank", "../testdata/banks/two-questions.yaml"}},
	{"grade_text", "", []string{"quiz", "grade", "../testdata/sheets/class.csv"}},
	{"grade_json", "", []string{"quiz", "grade", "../testdata/sheets/class.csv", "--format", "json"}},
	{"grade_csv", "", []string{"quiz", "grade", "../testdata/sheets/class.csv", "--format", "csv"}},
	{"grade_header_only", "", []string{"quiz", "grade", "../testdata/sheets/header-only.csv"}},
	{"grade_header_only_json", "", []string{"quiz", "grade", "../testdata/sheets/header-only.csv", "--format", "json"}},
	{"grade_hostile_names", "", []string{"quiz", "grade", "../testdata/sheets/hostile-names.csv"}},
	{"grade_hostile_names_csv", "", []string{"quiz", "grade", "../testdata/sheets/hostile-names.csv", "--format", "csv"}},
	{"grade_one_perfect_negative_discrimination", "", []string{"quiz", "grade", "../testdata/sheets/one-perfect-negative-discrimination.csv"}},
}

// assertScreenLines fails on a line with trailing space (prompts aside) and,
// with checkWidth, on a line over the page width; commands to copy are
// never wrapped, so they may be longer.
func assertScreenLines(t *testing.T, screen string, checkWidth bool) {
	t.Helper()
	for i, line := range strings.Split(screen, "\n") {
		if strings.HasSuffix(line, " ") && !strings.HasSuffix(line, "q to stop): ") {
			t.Errorf("line %d has trailing space: %q", i+1, line)
		}
		if checkWidth && len([]rune(line)) > defaultWidth && !strings.HasPrefix(line, "  tokenlab ") {
			t.Errorf("line %d is over %d columns: %q", i+1, defaultWidth, line)
		}
	}
}

func TestQuizScreens(t *testing.T) {
	t.Parallel()
	for _, tt := range quizScreens {
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, tt.stdin, tt.args...)
			// A gradebook's warnings go to stderr (TestGradeCSVWarnsOnStderr).
			stderrOK := r.stderr == "" || strings.HasSuffix(tt.name, "_csv") && strings.HasPrefix(r.stderr, "tokenlab: warning: ")
			if r.code != ExitOK || !stderrOK {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			assertScreenLines(t, r.stdout, !strings.HasPrefix(tt.name, "grade"))
			golden.Assert(t, []byte(r.stdout))
		})
	}
}

func TestQuizPipedAnswersScoreFive(t *testing.T) {
	t.Parallel()
	r := runIn(t, "A\nC\nB\nD\nA\n", "quiz")
	if !strings.Contains(r.stdout, "Score: 5/5\n") {
		t.Errorf("piped A C B D A did not end in 5/5:\n%s", r.stdout)
	}
}

// Grading refers to options as shown: the shown letters of the right
// answers score full marks whatever the seed.
func TestQuizShuffledGradesShownLetters(t *testing.T) {
	t.Parallel()
	for seed := uint64(0); seed < 10; seed++ {
		items := quiz.Shuffle(quiz.Default().Questions, seed)
		var letters []string
		for _, it := range items {
			letters = append(letters, quiz.Letter(it.AnswerIndex()))
		}
		r := run(t, "quiz", "--seed", fmt.Sprint(seed), "--answers", strings.Join(letters, ","), "--format", "json")
		var got struct {
			Score     int
			Questions []struct{ Number int }
		}
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatal(err)
		}
		if got.Score != 5 {
			t.Errorf("seed %d: the shown answers %v scored %d/5", seed, letters, got.Score)
		}
		// JSON lists questions in bank order, whatever the shuffle.
		for i, q := range got.Questions {
			if q.Number != i+1 {
				t.Errorf("seed %d: JSON question %d has number %d", seed, i, q.Number)
			}
		}
	}
}

func TestQuizShuffleWithoutSeedPrintsIt(t *testing.T) {
	t.Parallel()
	r := run(t, "quiz", "--shuffle", "--answers", "A,A,A,A,A")
	var seed uint64
	if _, err := fmt.Sscanf(r.stdout, "Shuffled with seed %d;", &seed); err != nil {
		t.Fatalf("no seed printed: %q", firstLine(r.stdout))
	}
	replay := run(t, "quiz", "--seed", fmt.Sprint(seed), "--answers", "A,A,A,A,A")
	if replay.stdout != r.stdout {
		t.Error("replaying the printed seed gave a different quiz")
	}
}

func firstLine(s string) string { line, _, _ := strings.Cut(s, "\n"); return line }

// Ctrl-C ends the quiz with the partial score and exit 130.
func TestQuizInterrupted(t *testing.T) {
	t.Parallel()
	ios, _, _, errOut := testStreams(t)
	out := &syncBuffer{}
	pr, pw := io.Pipe()
	ios.In, ios.Out = pr, out
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- Run(ctx, ios, []string{"quiz"}) }()
	_, _ = io.WriteString(pw, "A\n")
	// Cancel once the second question is waiting for its answer.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "[2/5]") {
		if time.Now().After(deadline) {
			t.Fatal("the quiz never reached question 2")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	code := <-done
	if code != ExitInterrupted {
		t.Errorf("exit code = %d, want %d", code, ExitInterrupted)
	}
	if !strings.Contains(out.String(), "Score: 1/1 answered (4 of 5 not reached)") {
		t.Errorf("no partial score:\n%s", out.String())
	}
	if errOut.String() != "tokenlab: interrupted\n" {
		t.Errorf("stderr = %q", errOut.String())
	}
}

// syncBuffer is output a test reads while the command still writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestGradeReadsBOMAndCRLF(t *testing.T) {
	t.Parallel()
	plain := run(t, "quiz", "grade", "../testdata/sheets/class.csv", "--format", "csv")
	windows := run(t, "quiz", "grade", "../testdata/sheets/class-bom-crlf.csv", "--format", "csv")
	if windows.code != ExitOK || windows.stdout != plain.stdout {
		t.Errorf("BOM and CRLF sheet graded differently (exit %d):\n%s\nwant:\n%s", windows.code, windows.stdout, plain.stdout)
	}
}

// One learner with 5/5 and a question whose discrimination is -0.50: the
// report flags it and never says that nothing stands out.
func TestGradeNeverClaimsWhatTheNumbersContradict(t *testing.T) {
	t.Parallel()
	r := run(t, "quiz", "grade", "../testdata/sheets/one-perfect-negative-discrimination.csv")
	if r.code != ExitOK || strings.Contains(r.stdout, "Nothing stands out") ||
		!strings.Contains(r.stdout, "Question 2: discrimination -0.50, below 0") {
		t.Errorf("exit %d, report:\n%s", r.code, r.stdout)
	}
	j := run(t, "quiz", "grade", "../testdata/sheets/one-perfect-negative-discrimination.csv", "--format", "json")
	var got struct {
		Questions []struct {
			Low bool `json:"low_discrimination"`
		} `json:"questions"`
	}
	if err := json.Unmarshal([]byte(j.stdout), &got); err != nil || len(got.Questions) != 5 || !got.Questions[1].Low || got.Questions[0].Low {
		t.Errorf("low_discrimination flags: %+v (%v)", got.Questions, err)
	}
}

func TestGradeJSONIsValid(t *testing.T) {
	t.Parallel()
	r := run(t, "quiz", "grade", "../testdata/sheets/class.csv", "--format", "json")
	var got struct {
		Learners []struct {
			Learner string `json:"learner"`
			Score   int    `json:"score"`
			Total   int    `json:"total"`
		} `json:"learners"`
		Questions []struct {
			Number         int            `json:"number"`
			Answer         string         `json:"answer"`
			Correct        int            `json:"correct"`
			Facility       float64        `json:"facility"`
			Choices        map[string]int `json:"choices"`
			Discrimination *float64       `json:"discrimination"`
		} `json:"questions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, r.stdout)
	}
	if len(got.Learners) != 6 || got.Learners[3].Learner != "Dee, Jr." || got.Learners[0].Score != 5 {
		t.Errorf("learners = %+v", got.Learners)
	}
	if q4 := got.Questions[3]; q4.Answer != "D" || q4.Correct != 2 || q4.Choices["A"] != 4 {
		t.Errorf("question 4 = %+v", q4)
	}
}

func TestQuizBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"answers_count", []string{"quiz", "--answers", "A,C,B"}, "tokenlab: --answers has 3 entries but the quiz has 5 questions; give one per question, empty for unanswered (e.g. A,A,A,A,A)"},
		{"answers_letter", []string{"quiz", "--answers", "A,C,B,D,E"}, `tokenlab: --answers entry 5 is "E"; question 5 has options A to D (or leave it empty)`},
		{"difficulty", []string{"quiz", "--difficulty", "expert"}, `tokenlab: invalid value "expert" for --difficulty: must be easy, medium or hard`},
		{"question_range", []string{"quiz", "--question", "9"}, "tokenlab: no question 9; questions are 1 to 5"},
		{"question_word", []string{"quiz", "--question", "two"}, `tokenlab: invalid value "two" for --question: must be question numbers, whole numbers from 1, separated by commas (e.g. 3,5)`},
		{"seed_hex", []string{"quiz", "--seed", "0x10"}, `tokenlab: invalid value "0x10" for --seed: must be a whole number from 0 to 18446744073709551615`},
		{"current_time_not_here", []string{"quiz", "--current-time", "90"}, "tokenlab: unknown flag --current-time; see 'tokenlab quiz --help'"},
		{"nothing_selected", []string{"quiz", "--question", "1", "--difficulty", "hard"}, "tokenlab: no question is both numbered 1 and hard"},
		{"json_needs_answers", []string{"quiz", "--format", "json"}, "tokenlab: --format json needs --answers; the interactive quiz prints text"},
		{"quiz_args", []string{"quiz", "now"}, `tokenlab: quiz takes no arguments, got "now"; see 'tokenlab quiz --help'`},
		{"bank_missing", []string{"quiz", "--bank", "nope.yaml"}, "tokenlab: cannot read the bank: nope.yaml: no such file or directory; a bank is a YAML file"},
		{"bank_bad", []string{"quiz", "--bank", "../testdata/banks/no-correct.yaml"}, "tokenlab: ../testdata/banks/no-correct.yaml:2: question 1: has 0 correct options; exactly one must be correct: true"},
		{"grade_no_sheet", []string{"quiz", "grade"}, "tokenlab: quiz grade takes one answer sheet (CSV), got 0 arguments; for example: tokenlab quiz grade class.csv"},
		{"grade_missing", []string{"quiz", "grade", "absent.csv"}, "tokenlab: cannot read the sheet: absent.csv: no such file or directory; give a CSV file"},
		{"grade_directory", []string{"quiz", "grade", "../testdata/sheets"}, "tokenlab: cannot read the sheet: ../testdata/sheets is a directory, not a regular file; give a CSV file"},
		{"grade_header", []string{"quiz", "grade", "../testdata/sheets/short-header.csv"}, "tokenlab: ../testdata/sheets/short-header.csv:1: the header has 4 question columns but the bank has 5 questions; columns are the learner's name, then one per question (q1 to q5, or in bank order)"},
		{"grade_row", []string{"quiz", "grade", "../testdata/sheets/short-row.csv"}, "tokenlab: ../testdata/sheets/short-row.csv:3: this row has 3 fields but the sheet needs 6: the learner's name and 5 answers"},
		{"grade_binary", []string{"quiz", "grade", "../testdata/sheets/binary.csv"}, "tokenlab: ../testdata/sheets/binary.csv:2: column 1: not CSV text (binary data or a text encoding other than UTF-8); save the sheet as CSV UTF-8"},
		{"grade_format", []string{"quiz", "grade", "x.csv", "--format", "xml"}, `tokenlab: invalid value "xml" for --format: must be text, json, csv or html`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertUsageError(t, run(t, tt.args...), tt.want)
		})
	}
}

// A wrong --answers count on a bank of thousands of questions is still one
// short line.
func TestAnswersCountErrorStaysShort(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("questions:\n")
	for i := range 10000 {
		fmt.Fprintf(&b, "  - id: q%d\n    difficulty: easy\n    stem: Pick.\n    options:\n      - text: a\n        correct: true\n      - text: b\n        why_wrong: no\n", i)
	}
	bank := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(bank, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	assertUsageLine(t, run(t, "quiz", "--bank", bank, "--answers", "A,B"),
		"tokenlab: --answers has 2 entries but the quiz has 10000 questions; give one per question, empty for unanswered (e.g. A,C,,B and so on: 10000 entries)")
}

// An --answers list with no answer at all, and --no-record, leave progress
// as it was.
func TestQuizRecordsOnlyAnsweredAttempts(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"quiz", "--answers", ",,,,"},
		{"quiz", "--answers", "A,C,B,D,A", "--no-record"},
		{"test", "--answers", ",,,,,,,,,"},
		{"test", "--answers", "A,C,B,D,A,A,B,C,D,B", "--no-record"},
	} {
		l := newLearner(t)
		if r := l.run(args...); r.code != ExitOK {
			t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if _, err := os.Stat(l.path()); !os.IsNotExist(err) {
			t.Errorf("%v wrote progress: %s", args, l.file())
		}
	}
}

// A sheet that takes a while shows its progress on a terminal's stderr,
// gone at the end; the report is the same as without it.
func TestGradeShowsProgressOnATerminal(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("learner,q1,q2,q3,q4,q5\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "learner %d,A,C,B,D,A\n", i)
	}
	sheet := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(sheet, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	// HTML rows are graded one by one, the others' a chunk of the sheet at
	// a time on every core: progress comes every 4,096 learners or so (the
	// status line is drawn at most every 100 ms: here, once).
	for format, first := range map[string]*regexp.Regexp{
		"html": regexp.MustCompile(`^\r\x1b\[2Kgrading: 4096 learners, \d+% of the sheet`),
		"csv":  regexp.MustCompile(`^\r\x1b\[2Kgrading: [4-9]\d{3} learners, \d+% of the sheet`),
	} {
		ios, _, out, errOut := testStreams(t)
		ios.ErrTTY, ios.StatusDelay = true, 0 // draw at once
		r := runOn(t, ios, out, errOut, "quiz", "grade", sheet, "--format", format)
		plain := run(t, "quiz", "grade", sheet, "--format", format)
		if r.code != ExitOK || plain.stdout != r.stdout || plain.stderr != "" {
			t.Fatalf("%s: exit %d; the report differs with progress shown: %v", format, r.code, plain.stdout != r.stdout)
		}
		if !first.MatchString(r.stderr) || !strings.HasSuffix(r.stderr, "\r\x1b[2K") {
			t.Errorf("%s: stderr %q: want progress lines, redrawn in place, and the line cleared at the end", format, r.stderr)
		}
	}
}

// A sheet that fails deep down leaves stdout empty in every format, and
// every format reports the same first error: here a short row on line 3,
// before a bare quote on line 5 that a quick first pass would meet first.
func TestGradeIsAllOrNothing(t *testing.T) {
	t.Parallel()
	var sheet strings.Builder
	sheet.WriteString("learner,q1,q2,q3,q4,q5\nAnn,A,C,B,D,A\nBen,A,C\nCy,A,C,B,D,A\nD\"ee,A,C,B,D,A\n")
	path := filepath.Join(t.TempDir(), "garbage.csv")
	if err := os.WriteFile(path, []byte(sheet.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	// And one whose bad row comes after more than the spool holds in
	// memory, and than a buffer of output.
	big := filepath.Join(t.TempDir(), "big.csv")
	var b strings.Builder
	b.WriteString("learner,q1,q2,q3,q4,q5\n")
	for i := range 120_000 {
		fmt.Fprintf(&b, "learner %d,A,C,B,D,A\n", i)
	}
	b.WriteString("last,A\n")
	if err := os.WriteFile(big, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{path, path + ":3: this row has 3 fields but the sheet needs 6: the learner's name and 5 answers"},
		{big, big + ":120002: this row has 2 fields but the sheet needs 6: the learner's name and 5 answers"},
	} {
		for _, format := range []string{"text", "json", "csv", "html"} {
			r := run(t, "quiz", "grade", tt.path, "--format", format)
			if r.code != ExitUsage || r.stdout != "" || strings.TrimSpace(r.stderr) != "tokenlab: "+tt.want {
				t.Errorf("%s as %s: exit %d, %d bytes on stdout, stderr %q; want exit 2, nothing, and %q", filepath.Base(tt.path), format, r.code, len(r.stdout), r.stderr, tt.want)
			}
		}
	}
}

// A gradebook has no room for a note: its warnings go to stderr.
func TestGradeCSVWarnsOnStderr(t *testing.T) {
	t.Parallel()
	r := run(t, "quiz", "grade", "../testdata/sheets/class.csv", "--format", "csv")
	if r.code != ExitOK || !strings.Contains(r.stderr, "tokenlab: warning: ") || strings.Contains(r.stdout, "warning") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// Redirected to a file, even one appended to, a report that fails leaves
// the file as it was, and one that succeeds follows what was there.
func TestGradeToAFileIsAllOrNothing(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("learner,q1,q2,q3,q4,q5\nAnn,A,C,B,D,A\nBen,A\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []int{os.O_APPEND, 0} {
		for _, sheet := range []string{bad, "../testdata/sheets/class.csv"} {
			path := filepath.Join(t.TempDir(), "report.json")
			if err := os.WriteFile(path, []byte("kept\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(path, os.O_WRONLY|flag, 0)
			if err != nil {
				t.Fatal(err)
			}
			if flag == 0 {
				if _, err := f.Seek(0, io.SeekEnd); err != nil {
					t.Fatal(err)
				}
			}
			ios, _, out, errOut := TestStreams()
			ios.Getenv = homeEnv(newHome(t))
			ios.Out = f
			r := runOn(t, ios, out, errOut, "quiz", "grade", sheet, "--format", "json")
			f.Close()
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ok := r.code == ExitUsage && string(got) == "kept\n"
			if sheet != bad {
				ok = r.code == ExitOK && strings.HasPrefix(string(got), "kept\n{") && json.Valid(got[len("kept\n"):])
			}
			if !ok {
				t.Errorf("%s (append %v): exit %d, the file holds %d bytes starting %q", filepath.Base(sheet), flag != 0, r.code, len(got), got[:min(len(got), 20)])
			}
		}
	}
}

// The command the quiz suggests for the questions missed runs, and asks
// exactly those.
func TestQuizRetrySuggestionRuns(t *testing.T) {
	t.Parallel()
	r := run(t, "quiz", "--answers", "A,C,A,D,B", "--no-record")
	var retry []string
	for line := range strings.SplitSeq(r.stdout, "\n") {
		if _, cmd, ok := strings.Cut(line, "tokenlab quiz --question "); ok {
			retry = append([]string{"quiz", "--question"}, strings.Fields(cmd)...)
		}
	}
	if retry == nil {
		t.Fatalf("no retry suggested:\n%s", r.stdout)
	}
	again := run(t, append(retry, "--answers", "B,A", "--no-record")...)
	if again.code != ExitOK || !strings.Contains(again.stdout, "Score: 2/2") {
		t.Errorf("%v: exit %d, stderr %q\n%s", retry, again.code, again.stderr, again.stdout)
	}
}
