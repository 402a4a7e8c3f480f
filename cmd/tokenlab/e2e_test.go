package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// These tests drive the real binary in a real terminal, tmux, as a learner
// would, and assert on what the screen shows. tmux is needed: .ci/run
// installs it and sets TOKENLAB_E2E=require, so there a missing tmux fails
// rather than skips.

// tokenlabBinary is tokenlab as testscript.Main (see TestMain) puts it on
// PATH: this test binary, which runs main() when called by that name.
func tokenlabBinary(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("tokenlab")
	if err != nil {
		t.Fatalf("tokenlab is not on PATH (TestMain puts it there): %v", err)
	}
	return bin
}

// terminal is one tmux server with one 100x40 window running a command.
type terminal struct {
	t    *testing.T
	sock string
}

func startTerminal(t *testing.T, dir string, env map[string]string, args ...string) *terminal {
	t.Helper()
	return startTerminalSized(t, dir, "100x40", env, args...)
}

// startTerminalSized is startTerminal in a window of size (columns x rows).
func startTerminalSized(t *testing.T, dir, size string, env map[string]string, args ...string) *terminal {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: this test drives tokenlab in a real terminal (tmux)")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("TOKENLAB_E2E") == "require" {
			t.Fatal("tmux is not installed, and TOKENLAB_E2E=require")
		}
		t.Skip("tmux is not installed; .ci/run installs it and runs these tests")
	}
	// The command runs in a shell that reports its exit status and stays,
	// so the last screen can still be read. The shell ignores Ctrl-C, so
	// that only tokenlab (which asks for it) gets the interrupt.
	return startScriptSized(t, dir, size, "trap '' INT; "+commandLine(t, env, args...)+`; echo "[exit $?]"; sleep 600`)
}

// commandLine is tokenlab with args and env, as a shell command.
func commandLine(t *testing.T, env map[string]string, args ...string) string {
	line := "env"
	for k, v := range env {
		line += " " + k + "=" + shellQuote(v)
	}
	line += " TERM=xterm-256color " + shellQuote(tokenlabBinary(t))
	for _, a := range args {
		line += " " + shellQuote(a)
	}
	return line
}

// startScript runs a shell script in a new tmux window of 100x40.
func startScript(t *testing.T, dir, line string) *terminal {
	t.Helper()
	return startScriptSized(t, dir, "100x40", line)
}

func startScriptSized(t *testing.T, dir, size, line string) *terminal {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: this test drives tokenlab in a real terminal (tmux)")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("TOKENLAB_E2E") == "require" {
			t.Fatal("tmux is not installed, and TOKENLAB_E2E=require")
		}
		t.Skip("tmux is not installed; .ci/run installs it and runs these tests")
	}
	// A short socket path: Unix sockets allow about 100 bytes.
	sockDir, err := os.MkdirTemp("", "tl")
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, sock: filepath.Join(sockDir, "s")}
	cols, rows, _ := strings.Cut(size, "x")
	term.tmux("-f", "/dev/null", "new-session", "-d", "-x", cols, "-y", rows, "-c", dir, "sh", "-c", line)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("screen:\n%s", term.screen())
		}
		_ = exec.Command("tmux", "-S", term.sock, "kill-server").Run()
		os.RemoveAll(sockDir)
	})
	return term
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", term.sock}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen is what the window shows now, with its scrollback.
func (term *terminal) screen() string {
	out, _ := exec.Command("tmux", "-S", term.sock, "capture-pane", "-p", "-J", "-S", "-500").Output()
	return string(out)
}

// visible is what the window shows now, without the scrollback.
func (term *terminal) visible() string {
	out, _ := exec.Command("tmux", "-S", term.sock, "capture-pane", "-p", "-J").Output()
	return string(out)
}

// waitFor waits until the screen shows want.
func (term *terminal) waitFor(want string) string {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	// Matched as read, whatever the wrapping: a message's words move from
	// line to line with the numbers in it (probes differ with each key).
	flatWant := strings.Join(strings.Fields(want), " ")
	for {
		s := term.screen()
		if strings.Contains(strings.Join(strings.Fields(s), " "), flatWant) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the screen never showed %q", want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// key presses one key, with no Enter: on a terminal tokenlab reads keys.
func (term *terminal) key(k string) {
	term.t.Helper()
	term.tmux("send-keys", "-l", k)
}

// press types text and presses Enter.
func (term *terminal) press(text string) {
	term.t.Helper()
	if text != "" {
		term.tmux("send-keys", "-l", text)
	}
	term.tmux("send-keys", "Enter")
}

// Ctrl-C at learn's "Show the reference solution?" ends learn as Ctrl-C
// does anywhere: exit 130, not a quiet stop.
func TestTerminalLearnCtrlCAtAPrompt(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	term := startTerminal(t, dir, map[string]string{"TOKENLAB_HOME": home}, "learn")
	term.waitFor("solution.py does not exist yet")
	term.press("")
	term.waitFor("Step 1 of 4: Create the initial tokens dictionary")
	term.key("s")
	term.waitFor("Show the reference solution for step 1? [Enter]/[y] yes, [n] no")
	term.tmux("send-keys", "C-c")
	s := term.waitFor("[exit 130]")
	if strings.Contains(s, "Stopped.") {
		t.Errorf("Ctrl-C was taken for a quiet stop:\n%s", s)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func TestTerminalLearn(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	term := startTerminal(t, dir, map[string]string{"TOKENLAB_HOME": home}, "learn")
	term.waitFor("solution.py does not exist yet")
	term.press("") // Enter: write the starter
	term.waitFor("Step 1 of 4: Create the initial tokens dictionary")
	term.key("h") // one key, no Enter
	term.waitFor("Think of a dictionary of dictionaries")
	// A save that passes steps 1 and 2 moves learn on to step 3.
	data, err := os.ReadFile(filepath.Join("..", "..", "lesson", "solutions", "python", "step2.py"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "solution.py.new"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "solution.py.new"), filepath.Join(dir, "solution.py")); err != nil {
		t.Fatal(err)
	}
	term.waitFor("Step 3 of 4: Write the token refresh function")
	term.key("q")
	s := term.waitFor("[exit 0]")
	if !strings.Contains(s, "Stopped. `tokenlab learn solution.py` picks up") {
		t.Error("q did not say how to go on")
	}
	data, err = os.ReadFile(filepath.Join(home, "progress.json"))
	if err != nil || !strings.Contains(string(data), `"steps_done": [`) {
		t.Errorf("learn did not record the steps: %v\n%s", err, data)
	}
}

func TestTerminalQuiz(t *testing.T) {
	home := t.TempDir()
	term := startTerminal(t, t.TempDir(), map[string]string{"TOKENLAB_HOME": home}, "quiz")
	term.waitFor("[1/5] Question 1 (easy)")
	term.key("b") // wrong: the answer is A; one key, no Enter
	term.waitFor("Not quite. You chose B. To log out the user immediately")
	term.waitFor("[2/5] Question 2 (easy)")
	term.key("x") // not an option
	term.waitFor("There is no option X: type a letter A-D, h for a hint, or q to stop.")
	for _, answer := range []string{"C", "B", "D", "A"} {
		term.key(answer)
	}
	s := term.waitFor("[exit 0]")
	for _, want := range []string{"Score: 4/5", "Missed question 1. Retry it with:", "tokenlab quiz --question 1"} {
		if !strings.Contains(s, want) {
			t.Errorf("the final screen does not show %q", want)
		}
	}
	data, err := os.ReadFile(filepath.Join(home, "progress.json"))
	if err != nil || !strings.Contains(string(data), `"attempts": 1,`) || !strings.Contains(string(data), `"best": 4,`) {
		t.Errorf("progress after the quiz: %v\n%s", err, data)
	}
}

// The test on a real terminal: single keys, no hint, nothing about an
// answer until the end, then the verdict; recorded apart from the quiz.
// On a terminal too short for the feedback and the next question, the
// quiz waits for Enter before the next one, so the feedback is read, not
// scrolled away; on a tall one (TestTerminalQuiz) it goes straight on.
func TestTerminalQuizFeedbackStaysOnAShortTerminal(t *testing.T) {
	term := startTerminalSized(t, t.TempDir(), "100x24", map[string]string{"TOKENLAB_HOME": t.TempDir()}, "quiz")
	term.waitFor("[1/5] Question 1 (easy)")
	term.key("b")
	term.waitFor("[Enter] next question, [q] stop:")
	if s := term.visible(); !strings.Contains(s, "Not quite. You chose B.") || strings.Contains(s, "Question 2") {
		t.Errorf("the feedback is not what the screen shows:\n%s", s)
	}
	term.press("")
	term.waitFor("[2/5] Question 2 (easy)")
	term.key("q")
	term.waitFor("[exit 0]")
}

// predict on a terminal: one key answers a drill, the explanation follows
// in the lesson's terms, q ends with the score, and progress keeps it.
func TestTerminalPredict(t *testing.T) {
	home := t.TempDir()
	term := startTerminal(t, t.TempDir(), map[string]string{"TOKENLAB_HOME": home}, "predict", "--seed", "3", "--count", "3")
	term.waitFor("[1/3] Drill 1")
	term.key("x")
	term.waitFor("There is no option X")
	for _, k := range []string{"a", "b"} {
		term.key(k)
	}
	term.waitFor("[3/3] Drill 3")
	for _, want := range []string{" < ", "is true", "Why"} {
		if !strings.Contains(term.screen(), want) {
			t.Errorf("the feedback does not say %q", want)
		}
	}
	term.key("q")
	s := term.waitFor("[exit 0]")
	if !strings.Contains(s, "Score: ") || !strings.Contains(s, "Again: tokenlab predict --seed 3 --count 3") {
		t.Errorf("no score, or no way to replay:\n%s", s)
	}
	data, err := os.ReadFile(filepath.Join(home, "progress.json"))
	if err != nil || !strings.Contains(string(data), `"predict": {`) {
		t.Errorf("progress after the drills: %v\n%s", err, data)
	}
}

// A learner's fix-the-bug session: init --broken plants a bug, learn
// shows the step it fails and why, and the one line put right passes all
// four.
func TestTerminalFixAPlantedBug(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	env := map[string]string{"TOKENLAB_HOME": home}
	term := startTerminal(t, dir, env, "init", "--broken", "--seed", "0", "fixme.py")
	term.waitFor("[exit 0]")
	term = startTerminal(t, dir, env, "learn", "fixme.py")
	term.waitFor("Step 3 of 4")
	term.waitFor(`"less than" is strict`)
	file := filepath.Join(dir, "fixme.py")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.Replace(string(data), "<= current_time", "< current_time", 1)
	if err := os.WriteFile(file, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	term.waitFor("All 4 steps pass")
	term.key("q")
	term.waitFor("[exit 0]")
}

func TestTerminalTest(t *testing.T) {
	home := t.TempDir()
	term := startTerminal(t, t.TempDir(), map[string]string{"TOKENLAB_HOME": home}, "test")
	term.waitFor("[1/10] Question 1 (easy)")
	term.key("h")
	term.waitFor("No hints in the test")
	term.key("b") // wrong: the answer is A
	term.waitFor("[2/10] Question 2 (easy)")
	for _, answer := range []string{"C", "B", "D", "A", "A", "B", "C", "D", "B"} {
		term.key(answer)
	}
	s := term.waitFor("[exit 0]")
	if strings.Contains(s, "Not quite") && strings.Index(s, "Not quite") < strings.Index(s, "Test score") {
		t.Error("feedback shown before the end")
	}
	for _, want := range []string{"Test score: 9/10", "Verdict: strong.", "Question 1 (easy), missed"} {
		if !strings.Contains(s, want) {
			t.Errorf("the final screen does not show %q", want)
		}
	}
	data, err := os.ReadFile(filepath.Join(home, "progress.json"))
	if err != nil || !strings.Contains(string(data), `"test": {`) || !strings.Contains(string(data), `"best": 9,`) {
		t.Errorf("progress after the test: %v\n%s", err, data)
	}
}

func TestTerminalWatch(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "solution.py")
	save := func(sample string) {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "solutions", sample))
		if err != nil {
			t.Fatal(err)
		}
		// Saved as editors that write a new file and rename it do.
		tmp := file + ".new"
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}
	save("fail_step3_boundary.py")
	term := startTerminal(t, dir, map[string]string{"TOKENLAB_HOME": home}, "watch", "solution.py")
	s := term.waitFor("3/4 steps pass")
	for _, want := range []string{"Step 3: Write the token refresh function", "Why it fails", "refresh-boundary"} {
		if !strings.Contains(s, want) {
			t.Errorf("the failing screen does not show %q", want)
		}
	}
	save("pass_reference_style.py")
	term.waitFor("4/4 steps pass")
	if s := term.visible(); strings.Contains(s, "3/4 steps pass") || !strings.Contains(s, "4/4 steps pass") {
		t.Errorf("the screen was not redrawn in place:\n%s", s)
	}
	term.key("q")
	term.waitFor("[exit 0]")

	var p struct {
		StepsDone []int `json:"steps_done"`
	}
	data, err := os.ReadFile(filepath.Join(home, "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &p); err != nil || len(p.StepsDone) != 4 {
		t.Errorf("steps recorded: %v (%v), want all four", p.StepsDone, err)
	}
}

// learn redraws in place: a save replaces the page rather than adding one
// below it. Resized narrower, the terminal gets the page again at its new
// width (SIGWINCH), every line within it; capture-pane -J joins the lines
// tmux itself wrapped, so a page left at the old width shows as too long.
func TestTerminalLearnRedrawsAndFollowsResizing(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	copySample := func(sample string) {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "solutions", sample))
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, "solution.py.new")
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, "solution.py")); err != nil {
			t.Fatal(err)
		}
	}
	copySample("fail_step2_time.py")
	term := startTerminal(t, dir, map[string]string{"TOKENLAB_HOME": home}, "learn")
	term.waitFor("Step 2 of 4")
	copySample("fail_step3_boundary.py")
	term.waitFor("Step 3 of 4")
	if s := term.visible(); strings.Contains(s, "Step 2 of 4") {
		t.Errorf("the page of step 2 is still on screen after the save:\n%s", s)
	}
	term.tmux("resize-window", "-x", "60")
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := term.visible()
		long := ""
		for _, line := range strings.Split(s, "\n") {
			if utf8.RuneCountInString(line) > 60 {
				long = line
			}
		}
		if long == "" && strings.Contains(s, "Step 3 of 4") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after resizing to 60 columns the page still has %q:\n%s", long, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
	term.key("q")
	term.waitFor("[exit 0]")
}

// After Ctrl-C, watch exits 0 and what comes next starts on a line of its
// own, not after the ^C the terminal echoed.
func TestTerminalWatchCtrlC(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "solutions", "pass_reference_style.py"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "solution.py"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, dir, map[string]string{"TOKENLAB_HOME": home}, "watch", "solution.py")
	term.waitFor("4/4 steps pass")
	term.tmux("send-keys", "C-c")
	s := term.waitFor("[exit 0]")
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "[exit 0]") && strings.TrimSpace(line) != "[exit 0]" {
			t.Errorf("the next output shares a line with watch's: %q", line)
		}
	}
}

// On a terminal the quiz takes one key, no Enter, and however it ends (q,
// Ctrl-C, Ctrl-D, SIGTERM) the terminal is left as it was found: stty -g
// the same after.
func TestTerminalKeysLeaveTheTerminalAsItWas(t *testing.T) {
	for _, end := range []string{"q", "C-c", "C-d", "SIGTERM"} {
		t.Run(end, func(t *testing.T) {
			dir := t.TempDir()
			// tokenlab's own pid goes to a file (the shell execs it), so
			// that SIGTERM reaches this tokenlab and no other.
			term := startScript(t, dir, "trap '' INT; stty -g > before; "+
				`sh -c 'echo $$ > tokenlab.pid; exec "$0" "$@"' `+
				commandLine(t, map[string]string{"TOKENLAB_HOME": t.TempDir()}, "quiz")+
				`; echo "[exit $?]"; stty -g > after; sleep 600`)
			term.waitFor("[1/5] Question 1 (easy)")
			term.key("a")
			term.waitFor("[2/5] Question 2 (easy)")
			switch end {
			case "q":
				term.key("q")
			case "SIGTERM":
				// Another tokenlab, as a learner's open session would be:
				// the signal must not reach it.
				other := startBystander(t)
				pid := readPid(t, filepath.Join(dir, "tokenlab.pid"))
				proc, err := os.FindProcess(pid)
				if err == nil {
					err = proc.Signal(syscall.SIGTERM)
				}
				if err != nil {
					t.Fatalf("SIGTERM to tokenlab (pid %d): %v", pid, err)
				}
				defer func() {
					select {
					case <-other.exited:
						t.Errorf("a tokenlab this test did not signal ended too: %v", other.ProcessState)
					default:
					}
				}()
			default:
				term.tmux("send-keys", end)
			}
			want := map[string]string{"q": "[exit 0]", "C-c": "[exit 130]", "C-d": "[exit 0]", "SIGTERM": "[exit 143]"}[end]
			s := term.waitFor(want)
			if strings.Count(s, "There is no option") > 0 {
				t.Errorf("a key was read as something else:\n%s", s)
			}
			var before, after []byte
			deadline := time.Now().Add(10 * time.Second)
			for len(after) == 0 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
				after, _ = os.ReadFile(filepath.Join(dir, "after"))
			}
			before, _ = os.ReadFile(filepath.Join(dir, "before"))
			if len(before) == 0 || string(before) != string(after) {
				t.Errorf("stty -g before %q, after %q", before, after)
			}
		})
	}
}

// The whole path a learner takes, in a real terminal: an empty directory,
// tokenlab init, tokenlab learn, saves from an editor (one that steps back
// too), single keys, 4/4 and the quiz.
func TestTerminalFromAnEmptyDirectoryToTheQuiz(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	env := map[string]string{"TOKENLAB_HOME": home}
	init := exec.Command(tokenlabBinary(t), "init")
	init.Dir, init.Env = dir, append(os.Environ(), "TOKENLAB_HOME="+home)
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("tokenlab init: %v\n%s", err, out)
	}
	save := func(step int) {
		data, err := os.ReadFile(filepath.Join("..", "..", "lesson", "solutions", "python", fmt.Sprintf("step%d.py", step)))
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, ".solution.py.swp")
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, "solution.py")); err != nil {
			t.Fatal(err)
		}
	}
	const step3 = "Step 3 of 4: Write the token refresh function"
	term := startTerminal(t, dir, env, "learn")
	term.waitFor("Step 1 of 4: Create the initial tokens dictionary")
	save(1)
	term.waitFor("Step 1 passes.")
	term.waitFor("Step 2 of 4: Set the current time")
	save(3)
	term.waitFor("Step 2 passes.")
	term.waitFor("Step 4 of 4: Print the refreshed token")
	// A save that steps back: learn is on step 3 again.
	shown := strings.Count(term.screen(), step3)
	save(2)
	deadline := time.Now().Add(20 * time.Second)
	for strings.Count(term.screen(), step3) <= shown {
		if time.Now().After(deadline) {
			t.Fatal("a regression did not bring learn back to step 3")
		}
		time.Sleep(50 * time.Millisecond)
	}
	save(4)
	term.waitFor("All 4 steps pass: that is the whole program.")
	term.press("") // Enter: the quiz
	term.waitFor("[1/5] Question 1 (easy)")
	for _, answer := range []string{"a", "c", "b", "d", "a"} {
		term.key(answer)
	}
	s := term.waitFor("[exit 0]")
	if !strings.Contains(s, "Score: 5/5") {
		t.Error("the quiz did not end with 5/5")
	}
	data, err := os.ReadFile(filepath.Join(home, "progress.json"))
	if err != nil || !strings.Contains(string(data), `"best": 5`) || !strings.Contains(string(data), "4\n  ]") {
		t.Errorf("progress after the journey: %v\n%s", err, data)
	}
}

// readPid reads the pid a test's shell wrote to path.
func readPid(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the pid of the tokenlab this test started: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 1 {
		t.Fatalf("the pid of the tokenlab this test started: %q is not a pid", data)
	}
	return pid
}

// bystander is a tokenlab that no test talks to.
type bystander struct {
	*exec.Cmd
	exited chan struct{} // closed when it has ended
}

// startBystander starts a tokenlab that no test talks to (a quiz waiting
// for its first answer), killed when the test ends.
func startBystander(t *testing.T) *bystander {
	t.Helper()
	cmd := exec.Command(tokenlabBinary(t), "quiz", "--no-record")
	cmd.Env = append(os.Environ(), "TOKENLAB_HOME="+t.TempDir())
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	b := &bystander{Cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(b.exited) }()
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Process.Kill()
		<-b.exited
	})
	return b
}
