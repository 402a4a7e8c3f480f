package cmd

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// learnIn runs learn with keys in a directory of its own, where FILE is
// solution.py, copied from sample when there is one; it returns the result
// with the paths in it relative, so transcripts are the same anywhere.
func learnIn(t *testing.T, l *learner, sample, keys string, args ...string) result {
	t.Helper()
	var src []byte
	if sample != "" {
		var err error
		if src, err = os.ReadFile(sample); err != nil {
			t.Fatal(err)
		}
	}
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if src != nil {
		// A sample is the learner's solution in its own language.
		name := "solution" + filepath.Ext(sample)
		if err := os.WriteFile(name, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := l.runIn(keys, append([]string{"learn"}, args...)...)
	t.Chdir(here) // golden files are found from the package's directory
	return r
}

// learn's screens, driven by piped keys: each case's transcript is pinned.
func TestLearnScreens(t *testing.T) {
	tests := []struct {
		name   string
		sample string // solution.py's (or .go's) content; none: no file
		args   []string
		keys   string
	}{
		{"no_file_quit", "", nil, "q\n"},
		// A starter, then every key on the way: the hints (once more than
		// step 1 has them, which shows the last again), the solution (asked
		// first), a look at the next and previous steps, a wrong key, a
		// check again, quit.
		{"starter_and_keys", "", nil, "\nh\nh\nh\nh\ns\ny\nn\np\nx\nr\nq\n"},
		// A look at step 4 from step 1, its hint and solution, then the
		// ends of the steps.
		{"any_step", "", nil, "y\n4\nh\ns\ny\nn\n1\np\nq\n"},
		{"starter_refused", "", nil, "maybe\nq\n"},
		{"on_the_first_failing_step", boundarySolution, nil, "q\n"},
		{"solution_in_go", "../testdata/solutions/go/fail_step3_boundary.go", []string{"--lang", "go"}, "s\ny\nq\n"},
		{"a_go_file_all_steps_pass_so_the_quiz", "../lesson/solutions/go/step4/main.go", []string{"--lang", "go"}, "\nA\nq\n"},
		{"end_of_input", boundarySolution, nil, ""},
		{"all_steps_pass_so_the_quiz", passingSolution, nil, "maybe\n\nA\nq\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := learnIn(t, newLearner(t), tt.sample, tt.keys, tt.args...)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if strings.Contains(r.stdout, "\x1b") {
				t.Error("output to a pipe has escape sequences")
			}
			golden.Assert(t, []byte(r.stdout))
		})
	}
}

// The starter learn offers is init's, and a q at the offer writes nothing.
func TestLearnStarter(t *testing.T) {
	l := newLearner(t)
	t.Chdir(t.TempDir())
	if r := l.runIn("q\n", "learn"); r.code != ExitOK {
		t.Fatalf("exit %d", r.code)
	}
	if _, err := os.Stat("solution.py"); !os.IsNotExist(err) {
		t.Errorf("q at the offer wrote solution.py: %v", err)
	}
	if r := l.runIn("\nq\n", "learn"); r.code != ExitOK {
		t.Fatalf("exit %d", r.code)
	}
	got, _ := os.ReadFile("solution.py")
	if want, _ := lesson.Starter(lesson.Python, "solution.py"); string(got) != want {
		t.Errorf("learn wrote\n%s\nwant init's starter", got)
	}
}

// Every check records the steps the file passes; the quiz, its attempt.
func TestLearnRecordsStepsAndTheQuiz(t *testing.T) {
	l := newLearner(t)
	learnIn(t, l, boundarySolution, "q\n")
	p, err := progress.Decode(l.file())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.StepsDone, []int{1, 2, 4}) || p.Quiz.Attempts != 0 {
		t.Errorf("after learn on a step-3 failure: %+v", p)
	}
	learnIn(t, l, passingSolution, "\nA\nB\nq\n")
	if p, err = progress.Decode(l.file()); err != nil {
		t.Fatal(err)
	}
	if len(p.StepsDone) != 4 || p.Quiz.Attempts != 1 || p.Quiz.Last.Score != 1 || p.Quiz.Last.Finished {
		t.Errorf("after learn's quiz: %+v, last %+v; want all steps and one unfinished attempt scoring 1", p, p.Quiz.Last)
	}
}

// learnLive runs learn in the background on a file of its own.
func learnLive(t *testing.T, l *learner, file string) (out *syncBuffer, keys *io.PipeWriter, cancel func(), code chan int) {
	t.Helper()
	ios, _, _, _ := TestStreams()
	ios.Getenv = homeEnv(l.home)
	out = &syncBuffer{}
	pr, pw := io.Pipe()
	ios.In, ios.Out = pr, out
	ctx, cancel := context.WithCancel(context.Background())
	code = make(chan int, 1)
	go func() { code <- Run(ctx, ios, []string{"learn", file}) }()
	t.Cleanup(func() { pw.Close(); cancel() })
	return out, pw, cancel, code
}

func waitForOutput(t *testing.T, out *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("never showed %q:\n%s", want, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Saving the file checks it: when the step being built passes, learn says
// so and moves on, here to the end and the quiz.
func TestLearnMovesOnWhenTheStepPasses(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	file := filepath.Join(t.TempDir(), "solution.py")
	save := func(sample string) {
		data, err := os.ReadFile(sample)
		if err != nil {
			t.Fatal(err)
		}
		tmp := file + ".swp"
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}
	save(boundarySolution)
	out, keys, _, code := learnLive(t, l, file)
	waitForOutput(t, out, "Step 3 of 4: Write the token refresh function")
	save(passingSolution)
	waitForOutput(t, out, "Step 3 passes.")
	waitForOutput(t, out, "All 4 steps pass: that is the whole program.")
	if _, err := io.WriteString(keys, "q\n"); err != nil {
		t.Fatal(err)
	}
	if c := <-code; c != ExitOK {
		t.Errorf("exit %d after q", c)
	}
}

// Ctrl-C in the quiz learn runs ends it as the quiz does: exit 130, and
// the answers given so far are recorded as an attempt.
func TestLearnInterruptedInItsQuiz(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	file := filepath.Join(t.TempDir(), "solution.py")
	data, err := os.ReadFile(passingSolution)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, keys, cancel, code := learnLive(t, l, file)
	_, _ = io.WriteString(keys, "\nA\n")
	waitForOutput(t, out, "[2/5]")
	cancel()
	if c := <-code; c != ExitInterrupted {
		t.Errorf("exit code = %d, want %d", c, ExitInterrupted)
	}
	p, err := progress.Decode(l.file())
	if err != nil {
		t.Fatal(err)
	}
	if p.Quiz.Attempts != 1 || len(p.Quiz.Last.Answers) != 1 || p.Quiz.Last.Finished {
		t.Errorf("quiz record = %+v, last %+v; want one unfinished attempt with one answer", p.Quiz, p.Quiz.Last)
	}
}

// A fault inside refresh_token keeps the learner on step 3, with the
// exception or the endless loop named there, and the steps before it
// recorded as done.
func TestLearnKeepsAFaultInRefreshTokenOnStep3(t *testing.T) {
	t.Parallel() // the file is named by its full path: no directory of its own to enter
	for _, tt := range []struct{ sample, says string }{
		{"../testdata/solutions/fail_step3_raises_keyerror.py", "raised KeyError: 'expires'"},
		{"../testdata/solutions/fail_step3_waits_forever.py", "never returned"},
	} {
		l := newLearner(t)
		src, err := os.ReadFile(tt.sample)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "solution.py")
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
		r := l.runIn("q\n", "learn", file)
		flat := strings.Join(strings.Fields(r.stdout), " ") // as read, whatever the wrapping
		if !strings.Contains(flat, "Step 3 of 4") || !strings.Contains(flat, tt.says) || strings.Contains(flat, "Step 1 of 4") {
			t.Errorf("%s: learn shows\n%s\nwant step 3 saying %q", tt.sample, r.stdout, tt.says)
		}
		p, err := progress.Decode(l.file())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.StepsDone, []int{1, 2}) {
			t.Errorf("%s: steps done %v, want [1 2]", tt.sample, p.StepsDone)
		}
	}
}

// On a terminal each check's page replaces the last, "Checking…" shows as
// soon as a check starts, and a resized terminal gets the page again at
// its new width, nothing past its edge, even with --color never.
func TestLearnRedrawsInPlaceAndFollowsTheWidth(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	file := filepath.Join(t.TempDir(), "solution.py")
	src, err := os.ReadFile(boundarySolution)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, src, 0o600); err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := TestStreams()
	ios.Getenv = homeEnv(l.home)
	keys, typed := io.Pipe()
	out := &syncBuffer{}
	resized := make(chan struct{}, 1)
	ios.In, ios.Out, ios.OutTTY, ios.TermWidth, ios.Resized = keys, out, true, 100, resized
	code := make(chan int, 1)
	go func() { code <- Run(context.Background(), ios, []string{"learn", file, "--color", "never"}) }()
	defer typed.Close()

	pages := func(n int) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			s := out.String()
			if strings.Count(s, clearScreen) >= n && strings.HasSuffix(s, "[q] quit: ") {
				return s[strings.LastIndex(s, clearScreen)+len(clearScreen):]
			}
			if time.Now().After(deadline) {
				t.Fatalf("page %d never came; output:\n%q", n, s)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	first := pages(1)
	if before := out.String()[:strings.Index(out.String(), clearScreen)]; !strings.Contains(before, "Checking "+file+"…") {
		t.Errorf("before the first page: %q, want Checking %s…", before, file)
	}
	if !strings.Contains(first, "Step 3 of 4") {
		t.Fatalf("first page:\n%s", first)
	}
	ios.width.Store(60)
	resized <- struct{}{}
	second := pages(2)
	if !strings.Contains(second, "Step 3 of 4") {
		t.Errorf("the page after a resize:\n%s", second)
	}
	for _, line := range strings.Split(second, "\n") {
		if w := lipgloss.Width(line); w > 60 {
			t.Errorf("a line of %d columns on a 60-column terminal: %q", w, line)
		}
	}
	if first == second {
		t.Error("the page was not wrapped anew")
	}
	if _, err := io.WriteString(typed, "q\n"); err != nil {
		t.Fatal(err)
	}
	if c := <-code; c != ExitOK {
		t.Errorf("exit %d after q", c)
	}
}

func TestKeyLineNeverSplitsAKey(t *testing.T) {
	keys := []string{"[h] hint", "[s] solution", "[n]/[p]/[1-4] other steps", "[r] check", "[q] quit"}
	for _, tt := range []struct {
		width int
		want  string
	}{
		{100, "[h] hint  [s] solution  [n]/[p]/[1-4] other steps  [r] check  [q] quit: "},
		{60, "[h] hint  [s] solution  [n]/[p]/[1-4] other steps\n[r] check  [q] quit: "},
		{20, "[h] hint\n[s] solution\n[n]/[p]/[1-4] other steps\n[r] check\n[q] quit: "},
	} {
		if got := keyLine(tt.width, keys...); got != tt.want {
			t.Errorf("keyLine(%d) = %q, want %q", tt.width, got, tt.want)
		}
	}
}

// learn and watch read keys from one kind of map: the keys they share do
// the same, each prompt lists what its map has, and an unknown key is
// answered with the keys that are.
func TestKeyMaps(t *testing.T) {
	for _, key := range []string{"h", "H", "hint", "r", "", "q", " Q "} {
		if l, w := learnKeys.action(key), watchKeys.action(key); l != w || l == keyUnknown {
			t.Errorf("key %q: learn %d, watch %d", key, l, w)
		}
	}
	for key, want := range map[string]keyAction{"s": keySolution, "n": keyNext, "p": keyPrevious, "3": keyStep, "5": keyUnknown, "x": keyUnknown} {
		if got := learnKeys.action(key); got != want {
			t.Errorf("learn key %q: %d, want %d", key, got, want)
		}
	}
	if got := watchKeys.action("s"); got != keyUnknown {
		t.Errorf("watch takes s: %d", got)
	}
	if got, want := watchKeys.line(80), "[h] hint  [r] check  [q] quit: "; got != want {
		t.Errorf("watch's key line %q, want %q", got, want)
	}
	if got, want := watchKeys.unknown("x"), `"x" is not a key here: h a hint, r or Enter check again, q quit; or save your file.`; got != want {
		t.Errorf("watch on x: %q, want %q", got, want)
	}
}
