package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// Each screen watch draws, from the first check of a file (q then quits).
func TestWatchScreens(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, file string }{
		{"step_3_fails", boundarySolution},
		{"all_pass", passingSolution},
		{"syntax_error", "../testdata/solutions/error_syntax.py"},
		{"step_1_fails", "../testdata/solutions/fail_step1_wrong_expiry.py"},
		{"step_4_output_differs", "../testdata/solutions/fail_step4_output.py"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLearner(t)
			r := l.runIn("q\n", "watch", tt.file)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			golden.Assert(t, []byte(r.stdout))
		})
	}
	t.Run("gone", func(t *testing.T) {
		golden.Assert(t, []byte(plainText(report.WatchScreen("solution.py", nil, report.NewTheme(), defaultWidth))))
	})
}

func TestWatchBadInput(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "folder.py")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(filepath.Dir(dir), "missing.py")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"watch"}, "tokenlab: watch takes one solution file (for example: tokenlab watch solution.py)"},
		{[]string{"watch", "a.py", "b.py"}, "tokenlab: watch takes one solution file (for example: tokenlab watch solution.py)"},
		{[]string{"watch", missing}, "tokenlab: cannot watch " + missing + ": it does not exist yet; write a starter with: tokenlab init " + missing},
		{[]string{"watch", "notes.txt"}, "tokenlab: cannot watch notes.txt: tokenlab checks Python (.py) and Go (.go) solutions, and the output of JavaScript (.js) ones"},
		{[]string{"watch", dir}, "tokenlab: cannot watch " + dir + ": it is a directory; name your solution file (for example: tokenlab watch solution.py)"},
		{[]string{"watch", passingSolution, "--timeout", "0s"}, `tokenlab: invalid value "0s" for --timeout: must be more than zero, e.g. 5s or 500ms`},
		{[]string{"watch", passingSolution, "--python", "no-such-python"}, "tokenlab: no Python interpreter: no-such-python was not found; install Python 3 or name one with --python"},
	} {
		assertUsageLine(t, run(t, tt.args...), tt.want)
	}
}

// watcher runs `tokenlab watch` in the background on a file of its own.
type watcher struct {
	t     *testing.T
	l     *learner
	file  string
	out   *syncBuffer
	keys  *io.PipeWriter
	code  chan int
	saves int
}

func startWatch(t *testing.T, solution string) *watcher {
	t.Helper()
	return startWatchOn(t, solution, false, settle)
}

// startWatchOn is startWatch with stdout a terminal or not (on a terminal
// it asks for no colour, as --color never does), and a file checked once
// it has been quiet for quiet.
func startWatchOn(t *testing.T, solution string, tty bool, quiet time.Duration) *watcher {
	t.Helper()
	// The file is in the sample's language: solution.py or solution.go.
	w := &watcher{t: t, l: newLearner(t), file: filepath.Join(t.TempDir(), "solution"+filepath.Ext(solution)), code: make(chan int, 1)}
	w.save(solution)
	ios, _, _, errOut := TestStreams()
	ios.Getenv = homeEnv(w.l.home)
	pr, pw := io.Pipe()
	w.out = &syncBuffer{}
	ios.In, ios.Out, w.keys = pr, w.out, pw
	ios.OutTTY, ios.SaveSettle = tty, quiet
	// A Go check's time includes building it, which on a loaded machine
	// (CI's -race run builds everything at once) alone can take seconds.
	timeout := classTimeout
	if filepath.Ext(solution) == ".go" {
		timeout = "60s"
	}
	args := []string{"watch", w.file, "--timeout", timeout}
	if tty {
		args = append(args, "--color", "never")
	}
	go func() { w.code <- Run(context.Background(), ios, args) }()
	t.Cleanup(func() {
		pw.Close()
		if t.Failed() {
			t.Logf("stderr:\n%s", errOut)
		}
	})
	return w
}

// save saves the file as many editors do: a new file renamed over it.
func (w *watcher) save(solution string) {
	w.t.Helper()
	data, err := os.ReadFile(solution)
	if err != nil {
		w.t.Fatal(err)
	}
	w.saves++
	tmp := filepath.Join(filepath.Dir(w.file), "."+filepath.Base(w.file)+".swp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		w.t.Fatal(err)
	}
	if err := os.Rename(tmp, w.file); err != nil {
		w.t.Fatal(err)
	}
}

// waitFor waits until the latest screen contains want.
func (w *watcher) waitFor(want string) {
	w.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		out := w.out.String()
		if i := strings.LastIndex(out, "Watching "); i >= 0 && strings.Contains(out[i:], want) {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("the screen never showed %q; output so far:\n%s", want, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settled saves a marker file and waits for its verdict. Watch checks saves
// in order, so once the marker's verdict is on screen every check the
// earlier saves caused has been drawn; settled reports how many screens
// came before the marker's.
func (w *watcher) settled() int {
	w.t.Helper()
	w.save(markerSolution)
	w.waitFor("current_time is not 120")
	return w.screens() - 1
}

// markerSolution fails only step 2, which no other file these tests save does.
const markerSolution = "../testdata/solutions/fail_step2_time.py"

func (w *watcher) screens() int { return strings.Count(w.out.String(), "Watching ") }

func (w *watcher) quit() int {
	w.t.Helper()
	if _, err := io.WriteString(w.keys, "q\n"); err != nil {
		w.t.Fatal(err)
	}
	select {
	case code := <-w.code:
		return code
	case <-time.After(20 * time.Second):
		w.t.Fatal("watch did not quit on q")
		return -1
	}
}

// A learner's session: a failing file, a fix saved by rename, the file
// vanishing, a syntax error mid-edit, the fix again, then q.
func TestWatchFollowsSaves(t *testing.T) {
	t.Parallel()
	w := startWatch(t, boundarySolution)
	w.waitFor("3/4 steps pass")
	w.waitFor("Why it fails\n  refresh-boundary:")

	w.save(passingSolution)
	w.waitFor("4/4 steps pass")

	if err := os.Remove(w.file); err != nil {
		t.Fatal(err)
	}
	w.waitFor("solution.py is not there")

	w.save("../testdata/solutions/error_syntax.py")
	w.waitFor("Not checked: syntax error at line 3")

	w.save(passingSolution)
	w.waitFor("4/4 steps pass")

	if code := w.quit(); code != ExitOK {
		t.Errorf("exit %d after q", code)
	}
	p, err := progress.Decode(w.l.file())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.StepsDone) != 4 {
		t.Errorf("steps done = %v, want all four recorded", p.StepsDone)
	}
}

// A Go learner is watched to the end too: step by step, to 4/4, and the
// steps are recorded.
func TestWatchGoToTheEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test builds a Go solution at each save")
	}
	t.Parallel()
	w := startWatch(t, "../testdata/solutions/go/fail_step1_only.go")
	w.waitFor("1/4 steps pass")
	w.save("../testdata/solutions/go/fail_step3_boundary.go")
	w.waitFor("3/4 steps pass")
	w.save("../lesson/solutions/go/step4/main.go")
	w.waitFor("4/4 steps pass")
	if code := w.quit(); code != ExitOK {
		t.Errorf("exit %d after q", code)
	}
	p, err := progress.Decode(w.l.file())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.StepsDone) != 4 {
		t.Errorf("steps done = %v, want all four recorded", p.StepsDone)
	}
}

// The file's directory removed and made again (a branch switch, a fresh
// clone) is watched again: the file is checked as soon as it is back,
// without a key.
func TestWatchFollowsARecreatedDirectory(t *testing.T) {
	t.Parallel()
	w := startWatch(t, passingSolution)
	w.waitFor("4/4 steps pass")
	dir := filepath.Dir(w.file)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	w.waitFor("solution.py is not there")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	w.save(boundarySolution)
	w.waitFor("3/4 steps pass")
	if code := w.quit(); code != ExitOK {
		t.Errorf("exit %d after q", code)
	}
}

// A burst of saves is checked once (or twice, when the burst straddles the
// end of a check), not once per save. The file must be quiet for longer
// than the test's saves can be apart on a loaded machine (a burst is the
// saves that come closer together than settle).
func TestWatchCoalescesBursts(t *testing.T) {
	t.Parallel()
	w := startWatchOn(t, boundarySolution, false, 500*time.Millisecond)
	w.waitFor("3/4 steps pass")
	before := w.screens()
	for i := 0; i < 25; i++ {
		w.save(boundarySolution)
	}
	w.save(passingSolution)
	w.waitFor("4/4 steps pass")
	burst := w.saves - 1
	if checks := w.settled() - before; checks > 2 {
		t.Errorf("%d saves in a burst led to %d checks, want 1 or 2", burst, checks)
	}
	w.quit()
}

// Enter alone checks again; a key watch does not know is explained.
func TestWatchKeys(t *testing.T) {
	t.Parallel()
	w := startWatch(t, passingSolution)
	w.waitFor("4/4 steps pass")
	if _, err := io.WriteString(w.keys, "\n"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for w.screens() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("Enter did not check again")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code := w.quit(); code != ExitOK {
		t.Errorf("exit %d after q", code)
	}
}

// h shows a hint for the first step the latest check failed, the next
// one each time.
func TestWatchHintKey(t *testing.T) {
	t.Parallel()
	w := startWatch(t, "../testdata/solutions/fail_step3_boundary.py")
	w.waitFor("3/4 steps pass")
	for level := 1; level <= 2; level++ {
		if _, err := io.WriteString(w.keys, "h\n"); err != nil {
			t.Fatal(err)
		}
		w.waitFor(fmt.Sprintf("Hint %d of 3 for step 3 of 4: Write the token refresh function", level))
	}
	if code := w.quit(); code != ExitOK {
		t.Errorf("exit %d after q", code)
	}
}

// On a terminal with --color never, each check still clears the screen and
// redraws in place: only the colours go.
func TestWatchRedrawsInPlaceWithoutColour(t *testing.T) {
	t.Parallel()
	w := startWatchOn(t, boundarySolution, true, settle)
	w.waitFor("3/4 steps pass")
	w.save(passingSolution)
	w.waitFor("4/4 steps pass")
	out := w.out.String()
	if n, screens := strings.Count(out, clearScreen), strings.Count(out, "steps pass"); n != screens || n < 2 {
		t.Errorf("%d clears for %d screens:\n%q", n, screens, out)
	}
	if rest := strings.ReplaceAll(out, clearScreen, ""); strings.Contains(rest, "\x1b") {
		t.Errorf("colour under --color never: %q", rest)
	}
	w.quit()
}

// A save with a syntax error, made mid-edit, leaves the progress of the
// file as it last ran: it says nothing of the steps.
func TestWatchKeepsProgressThroughASyntaxError(t *testing.T) {
	t.Parallel()
	w := startWatch(t, passingSolution)
	w.waitFor("4/4 steps pass")
	w.save("../testdata/solutions/error_syntax.py")
	w.waitFor("syntax error")
	if code := w.quit(); code != ExitOK {
		t.Errorf("exit %d after q", code)
	}
	p, err := progress.Decode(w.l.file())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.StepsDone) != 4 {
		t.Errorf("steps done = %v after a syntax error; want the four the file passed", p.StepsDone)
	}
}
