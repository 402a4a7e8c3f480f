package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// learner runs tokenlab commands one after another with one progress
// directory, $TOKENLAB_HOME, as a learner does over days.
type learner struct {
	t    *testing.T
	home string
	tty  bool // stdin is a terminal
}

func newLearner(t *testing.T) *learner { return &learner{t: t, home: newHome(t)} }

func (l *learner) run(args ...string) result { l.t.Helper(); return l.runIn("", args...) }

func (l *learner) runIn(stdin string, args ...string) result {
	l.t.Helper()
	ios, in, out, errOut := TestStreams()
	in.WriteString(stdin)
	ios.InTTY = l.tty
	ios.Getenv = homeEnv(l.home)
	r := runOn(l.t, ios, out, errOut, args...)
	// Paths in messages name the test's temporary directory; goldens say $TOKENLAB_HOME.
	r.stdout = strings.ReplaceAll(r.stdout, l.home, "$TOKENLAB_HOME")
	r.stderr = strings.ReplaceAll(r.stderr, l.home, "$TOKENLAB_HOME")
	return r
}

// mustRun runs a command that must succeed (or only fail a check) quietly.
func (l *learner) mustRun(want int, args ...string) {
	l.t.Helper()
	if r := l.run(args...); r.code != want || r.stderr != "" {
		l.t.Fatalf("tokenlab %s: exit %d (want %d), stderr %q", strings.Join(args, " "), r.code, want, r.stderr)
	}
}

func (l *learner) path() string { return filepath.Join(l.home, progress.FileName) }

func (l *learner) file() []byte {
	l.t.Helper()
	data, err := os.ReadFile(l.path())
	if err != nil {
		l.t.Fatal(err)
	}
	return data
}

func (l *learner) write(data string) {
	l.t.Helper()
	if err := os.WriteFile(l.path(), []byte(data), 0o600); err != nil {
		l.t.Fatal(err)
	}
}

const (
	passingSolution = "../testdata/solutions/pass_reference_style.py"
	// passes steps 1, 2 and 4; step 3 gets the boundary wrong
	boundarySolution = "../testdata/solutions/fail_step3_boundary.py"
)

// The progress screens at three points of the lesson, in text and JSON,
// and the overview beside them.
func TestProgressScreens(t *testing.T) {
	t.Parallel()
	stages := []struct {
		name  string
		setup func(l *learner)
	}{
		{"empty", func(*learner) {}},
		{"partial", func(l *learner) {
			l.mustRun(ExitFailed, "check", boundarySolution)
			if r := l.runIn("A\nB\nq\n", "quiz"); r.code != ExitOK {
				t.Fatalf("quiz: exit %d, stderr %q", r.code, r.stderr)
			}
		}},
		{"complete", func(l *learner) {
			l.mustRun(ExitOK, "quiz", "--answers", "A,B,B,D,A")
			l.mustRun(ExitOK, "check", passingSolution)
			l.mustRun(ExitOK, "quiz", "--answers", "A,C,B,D,A")
			l.mustRun(ExitOK, "quiz", "--question", "3", "--answers", "C")
		}},
	}
	for _, st := range stages {
		t.Run(st.name, func(t *testing.T) {
			l := newLearner(t)
			st.setup(l)
			for _, view := range []struct {
				name string
				args []string
			}{
				{"text", []string{"progress"}},
				{"json", []string{"progress", "--format", "json"}},
				{"overview", nil},
				{"text_color", []string{"progress", "--color", "always"}},
			} {
				r := l.run(view.args...)
				if r.code != ExitOK || r.stderr != "" {
					t.Fatalf("tokenlab %s: exit %d, stderr %q", strings.Join(view.args, " "), r.code, r.stderr)
				}
				if colored := strings.Contains(r.stdout, "\x1b["); colored != (view.name == "text_color") {
					t.Errorf("%s: escape sequences = %v", view.name, colored)
				}
				golden.AssertNamed(t, t.Name()+"/"+view.name, []byte(r.stdout))
			}
		})
	}
}

// The JSON view is the file itself, so scripts can read either.
func TestProgressJSONIsTheFile(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	l.mustRun(ExitFailed, "check", boundarySolution)
	if r := l.run("progress", "--format", "json"); r.stdout != string(l.file()) {
		t.Errorf("progress --format json =\n%s\nthe file holds\n%s", r.stdout, l.file())
	}
}

func TestQuizRecordsTheAttemptByBankLetters(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	// Seed 3 shows the options in another order; the record uses the bank's.
	r := l.run("quiz", "--shuffle", "--seed", "3", "--question", "1", "--answers", "A", "--format", "json")
	var shown struct {
		Questions []struct {
			Chosen, Answer string
			Correct        bool
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil {
		t.Fatal(err)
	}
	p, err := progress.Decode(l.file())
	if err != nil {
		t.Fatal(err)
	}
	got := p.Quiz.Last.Answers[0]
	if shown.Questions[0].Answer == "A" {
		t.Fatal("seed 3 does not move question 1's answer; pick another seed")
	}
	// Question 1's answer is A in the bank.
	if got.Question != 1 || got.Correct != shown.Questions[0].Correct || (got.Choice == "A") != got.Correct {
		t.Errorf("recorded %+v; shown %+v", got, shown.Questions[0])
	}
}

// Only checking one file and taking the lesson's quiz write progress.
// batchDir is a directory of two passing solutions: a class, quick to check.
func batchDir(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(passingSolution)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"a.py", "b.py"} {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOnlyRecordingCommandsWrite(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	for _, args := range [][]string{
		nil,
		{"--help"},
		{"step", "3"},
		{"step", "4", "--solution"},
		{"run"},
		{"progress"},
		{"progress", "--format", "json"},
		{"progress", "--path"},
		{"quiz", "grade", "../testdata/sheets/class.csv"},
		{"check", passingSolution, "--no-record"},
		{"check", passingSolution, passingSolution},
		{"check", batchDir(t)},
		{"quiz", "--bank", "../testdata/banks/two-questions.yaml", "--answers", "A,B"},
	} {
		l.run(args...)
		if _, err := os.Stat(l.home); err != nil {
			t.Fatal(err)
		}
		if entries := homeEntries(t, l.home); len(entries) > 0 {
			t.Fatalf("tokenlab %s wrote %s", strings.Join(args, " "), entries[0])
		}
	}
	// Quitting before the first answer is not an attempt.
	if r := l.runIn("q\n", "quiz"); r.code != ExitOK {
		t.Fatalf("quiz, q at once: exit %d", r.code)
	}
	if entries := homeEntries(t, l.home); len(entries) > 0 {
		t.Fatalf("a quiz with no answer wrote %s", entries[0])
	}

	l.mustRun(ExitOK, "check", passingSolution)
	if p, _ := progress.Decode(l.file()); len(p.StepsDone) != 4 {
		t.Errorf("check FILE recorded steps %v, want 1 to 4", p.StepsDone)
	}
}

// A progress file tokenlab cannot use: progress exits 2 naming it and the
// way out; recording commands do their job, warn, and leave it byte for
// byte; the overview still shows.
func TestCorruptProgressIsNeverReplaced(t *testing.T) {
	t.Parallel()
	const corrupt = `{"version": 1, "steps_done": [1, 2`
	l := newLearner(t)
	l.write(corrupt)

	r := l.run("progress")
	assertUsageLine(t, r, "tokenlab: cannot use the progress file $TOKENLAB_HOME/progress.json: not valid JSON: "+
		"unexpected end of JSON input; it is left as it is: fix or move it, or run 'tokenlab progress --reset' "+
		"to keep a copy and start afresh")
	assertUsageLine(t, l.run("progress", "--format", "json"), strings.TrimSuffix(r.stderr, "\n"))

	const warning = "tokenlab: warning: progress not recorded: $TOKENLAB_HOME/progress.json (not valid JSON: " +
		"unexpected end of JSON input); the file is left as it is; run 'tokenlab progress --reset' to keep a copy and start afresh\n"
	for _, tt := range []struct {
		args  []string
		stdin string
		code  int
	}{
		{[]string{"check", passingSolution}, "", ExitOK},
		{[]string{"check", boundarySolution}, "", ExitFailed},
		{[]string{"quiz", "--answers", "A,C,B,D,A"}, "", ExitOK},
		{[]string{"quiz"}, "A\nq\n", ExitOK},
	} {
		r := l.runIn(tt.stdin, tt.args...)
		if r.code != tt.code || r.stderr != warning || r.stdout == "" {
			t.Errorf("tokenlab %s: exit %d (want %d), stdout %d bytes, stderr %q, want the warning %q",
				strings.Join(tt.args, " "), r.code, tt.code, len(r.stdout), r.stderr, warning)
		}
		if got := string(l.file()); got != corrupt {
			t.Fatalf("tokenlab %s changed the file to %q", strings.Join(tt.args, " "), got)
		}
	}

	r = l.run()
	if r.code != ExitOK || !strings.Contains(r.stdout, "Your progress cannot be read; run tokenlab progress to see why.") {
		t.Errorf("overview with corrupt progress: exit %d, stdout:\n%s", r.code, r.stdout)
	}
	if entries := homeEntries(t, l.home); len(entries) != 2 { // progress.json and its lock
		t.Errorf("files beside the progress file: %v, want only the lock", entries)
	}
}

func TestUnreadableProgress(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	if err := os.Mkdir(l.path(), 0o700); err != nil {
		t.Fatal(err)
	}
	r := l.run("progress")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "cannot use the progress file $TOKENLAB_HOME/progress.json: is a directory, not a regular file") {
		t.Errorf("progress with a directory in its place: exit %d, stderr %q", r.code, r.stderr)
	}
	r = l.run("quiz", "--answers", "A,C,B,D,A")
	if r.code != ExitOK || !strings.HasPrefix(r.stderr, "tokenlab: warning: progress not recorded: $TOKENLAB_HOME/progress.json (is a directory, not a regular file)") {
		t.Errorf("quiz: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestResetProgress(t *testing.T) {
	t.Parallel()
	const old = `{"version": 7}`
	t.Run("off a terminal it needs --yes", func(t *testing.T) {
		l := newLearner(t)
		l.write(old)
		assertUsageLine(t, l.run("progress", "--reset"),
			"tokenlab: progress --reset asks first, and input is not a terminal; add --yes to reset without asking (nothing was changed)")
		if string(l.file()) != old {
			t.Error("the file changed")
		}
	})
	t.Run("--yes keeps a copy and starts afresh", func(t *testing.T) {
		l := newLearner(t)
		l.write(old)
		r := l.run("progress", "--reset", "--yes")
		want := "Progress reset; you start afresh. The old file is kept as $TOKENLAB_HOME/progress.json.bak.\n"
		if r.code != ExitOK || r.stdout != want || r.stderr != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, want)
		}
		if backup, _ := os.ReadFile(l.path() + ".bak"); string(backup) != old {
			t.Errorf("backup holds %q, want %q", backup, old)
		}
		if r := l.run("progress"); r.code != ExitOK || !strings.Contains(r.stdout, "Nothing recorded yet.") {
			t.Errorf("after reset: exit %d, stdout:\n%s", r.code, r.stdout)
		}
		// A second reset keeps the first backup too.
		l.mustRun(ExitOK, "quiz", "--question", "1", "--answers", "A")
		l.mustRun(ExitOK, "progress", "--reset", "--yes")
		if backup, _ := os.ReadFile(l.path() + ".bak"); string(backup) != old {
			t.Errorf("the second reset overwrote the first backup: %q", backup)
		}
		if _, err := os.Stat(l.path() + ".bak.2"); err != nil {
			t.Errorf("second backup: %v", err)
		}
	})
	t.Run("on a terminal it asks", func(t *testing.T) {
		for _, tt := range []struct {
			answer, stdout string
			reset          bool
		}{
			{"n\n", "Nothing changed.\n", false},
			{"\n", "Nothing changed.\n", false},
			{"", "Nothing changed.\n", false},
			{"Yes\n", "Progress reset; you start afresh. The old file is kept as $TOKENLAB_HOME/progress.json.bak.\n", true},
		} {
			l := newLearner(t)
			l.tty = true
			l.write(old)
			r := l.runIn(tt.answer, "progress", "--reset")
			prompt := "Start afresh? Your progress file $TOKENLAB_HOME/progress.json will be kept as a backup beside it. [y/N] "
			if r.code != ExitOK || r.stdout != tt.stdout || r.stderr != prompt {
				t.Errorf("answer %q: exit %d, stdout %q, stderr %q", tt.answer, r.code, r.stdout, r.stderr)
			}
			if _, err := os.Stat(l.path()); (err == nil) == tt.reset {
				t.Errorf("answer %q: progress file exists = %v", tt.answer, err == nil)
			}
		}
	})
	t.Run("nothing to reset", func(t *testing.T) {
		l := newLearner(t)
		r := l.run("progress", "--reset", "--yes")
		if r.code != ExitOK || r.stdout != "No progress to reset: $TOKENLAB_HOME/progress.json does not exist.\n" {
			t.Errorf("exit %d, stdout %q", r.code, r.stdout)
		}
	})
}

func TestProgressPath(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	if r := l.run("progress", "--path"); r.stdout != filepath.Join("$TOKENLAB_HOME", "progress.json")+"\n" {
		t.Errorf("progress --path = %q", r.stdout)
	}
	// With no place at all, progress says how to give it one; recording
	// commands still work and say why nothing was kept.
	ios, _, out, errOut := TestStreams()
	r := runOn(t, ios, out, errOut, "progress")
	assertUsageLine(t, r, "tokenlab: no place to keep progress: set TOKENLAB_HOME to an absolute path (or set HOME)")
	ios, _, out, errOut = TestStreams()
	r = runOn(t, ios, out, errOut, "quiz", "--question", "1", "--answers", "A")
	if r.code != ExitOK || r.stderr != "tokenlab: warning: progress not recorded: no place to keep progress: set TOKENLAB_HOME to an absolute path (or set HOME)\n" {
		t.Errorf("quiz with no place for progress: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestProgressBadUsage(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"progress", "--path", "--reset"}, "tokenlab: --path and --reset do not go together; run one, then the other"},
		{[]string{"progress", "--yes"}, "tokenlab: --yes only confirms --reset; add --reset to start afresh"},
		{[]string{"progress", "--reset", "--format", "json"}, "tokenlab: --format does not apply to --reset"},
		{[]string{"progress", "--format", "yaml"}, `tokenlab: invalid value "yaml" for --format: must be text or json`},
		{[]string{"progress", "now"}, `tokenlab: progress takes no arguments, got "now"; see 'tokenlab progress --help'`},
	} {
		assertUsageLine(t, l.run(tt.args...), tt.want)
	}
}

// Progress follows the learner's file as it is now: a step that regresses
// is taken back out, and the next command points at it again.
func TestProgressFollowsTheFile(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	l.mustRun(ExitOK, "check", passingSolution)
	for _, tt := range []struct {
		file string
		want []int
	}{
		{"../testdata/solutions/fail_step3_boundary.py", []int{1, 2, 4}},
		{"../testdata/solutions/fail_only_prints.py", []int{}},
		{"../testdata/solutions/error_syntax.py", []int{}},
		{passingSolution, []int{1, 2, 3, 4}},
	} {
		l.run("check", tt.file)
		p, err := progress.Decode(l.file())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.StepsDone, tt.want) {
			t.Errorf("after checking %s: steps done %v, want %v", tt.file, p.StepsDone, tt.want)
		}
	}
	l.run("check", "../testdata/solutions/fail_step3_boundary.py")
	if r := l.run(); !strings.Contains(r.stdout, "Next: tokenlab step 3") {
		t.Errorf("the overview does not point at the step that regressed:\n%s", r.stdout)
	}
}
