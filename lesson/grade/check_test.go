package grade

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "github.com/tokenlab/tokenlab/internal/golden"     // accepts -update
	_ "github.com/tokenlab/tokenlab/internal/pythontest" // python3 is the interpreter, not a wrapper
	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/internal/sandbox/sandboxtest"
	"github.com/tokenlab/tokenlab/lesson"
)

// Most tests here run in parallel: sandboxed runs mostly wait on their
// processes. Each test's processes carry markers of its own (see
// sandboxtest.NothingLeftRunning), so one test never sees another's. Tests that
// set the environment, or look at every work directory, run alone.

// testOptions checks with the sandbox --sandbox auto would choose.
func testOptions(t *testing.T) Options {
	t.Helper()
	return sandboxOptions(t, sandbox.Auto)
}

func sandboxOptions(t *testing.T, mode string) Options {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("python3 is needed to check Python solutions; install Python 3 (see README)")
	}
	r, err := NewRunner(RunnerConfig{Sandbox: mode, Python: "python3"})
	var noPython *NoPythonError
	if errors.As(err, &noPython) && os.Geteuid() == 0 {
		// As root without bubblewrap, solutions run as a user of their
		// own, who cannot reach an interpreter in root's home (pyenv's):
		// the system's is the one to test with.
		r, err = NewRunner(RunnerConfig{Sandbox: mode, Python: "/usr/bin/python3"})
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	l := sandbox.DefaultLimits()
	l.Timeout, l.TimeoutText = 3*time.Second, "3s"
	return Options{Runner: r, Limits: l, Jobs: 2, SeedKey: testKey}
}

// testKey stands in for a machine's key, so reports are the same everywhere.
var testKey = []byte("test key, public")

const solutions = "../../testdata/solutions/"

// Each sample gets the right verdict on the right step, in every mode.
func TestVerdicts(t *testing.T) {
	t.Parallel()
	for _, mode := range sandboxtest.Modes(t) {
		t.Run(mode, func(t *testing.T) { testVerdicts(t, sandboxOptions(t, mode)) })
	}
}

// verdictCase is a sample's verdict: its status and words of its message.
type verdictCase struct{ file, status, message string }

func testVerdicts(t *testing.T, opts Options) {
	tests := []verdictCase{
		{"pass_reference_style.py", "pass", "all 4 steps pass"},
		{"pass_fstring_main_guard.py", "pass", "all 4 steps pass"},
		{"pass_keeps_reference.py", "pass", "all 4 steps pass"},
		{"fail_step1_built_in_loop.py", "fail", "step 1 fails: tokens as the program writes it is not exactly the exercise's three entries, though it holds them as it runs: write the entries in the dictionary itself"},
		{"pass_forks.py", "pass", "all 4 steps pass"},
		{"pass_fork_child_runs_on.py", "pass", "all 4 steps pass"},
		{"pass_leaves_sleeping_child.py", "pass", "all 4 steps pass"},
		{"pass_dict_subclass.py", "pass", "all 4 steps pass"},
		{"fail_only_prints.py", "fail", "step 1 fails: there is no variable called tokens"},
		{"fail_step1_wrong_expiry.py", "fail", "step 1 fails: tokens does not hold exactly the exercise's three entries"},
		{"fail_step2_time.py", "fail", "step 2 fails: current_time is not 120"},
		{"fail_step3_boundary.py", "fail", `should leave it alone (the expiry equals the time, and "less than" is strict)`},
		{"fail_step3_literal_time.py", "fail", "does it use 120 instead of the global current_time?"},
		{"fail_step3_everyone.py", "fail", "also changed"},
		{"fail_step3_rebinds.py", "fail", "replaced tokens instead of updating it"},
		{"fail_step4_output.py", "fail", "step 4 fails: it prints the right words with other spacing"},
		{"fail_step4_hangs_when_valid.py", "fail", "step 4 fails: run again with other values of current_time and alice's entry, it did not run to the end: it ran longer than 3s"},
		{"fail_step3_default_arg.py", "fail", "A default argument such as now=current_time keeps the value it had"},
		{"fail_step3_updates_copy.py", "fail", "it changed nothing: check the comparison, and that it updates tokens[user] itself, not a copy of it"},
		{"error_input.py", "error", "EOFError: EOF when reading a line; input() reads what is typed, and a check types nothing"},
		{"error_endless_loop.py", "error", "it ran longer than 3s and was stopped (an endless loop?)"},
		{"error_flood.py", "error", "it printed more than 64 KiB and was stopped"},
		{"error_memory.py", "error", "it ran out of memory (limit 512 MiB)"},
		{"error_os_exit.py", "error", "the interpreter exited (code 0) before the checks could finish; does the solution call os._exit?"},
		{"error_exit_after_stderr.py", "error", `the interpreter exited (code 4) before the checks could finish; does the solution call os._exit? Its last line on stderr: "saving the tokens failed"`},
		{"error_sys_exit.py", "error", "it called exit(3) before finishing"},
		{"error_raises_before_tokens.py", "error", "it raised an exception at line 3: KeyError: 'time'"},
		{"fail_step1_then_raises.py", "fail", "step 1 fails: tokens does not hold exactly the exercise's three entries"},
		{"fail_step3_raises_keyerror.py", "fail", "step 3 fails: refresh_token('"},
		{"fail_step3_endless_loop.py", "fail", "step 3 fails: the program's first call, refresh_token('alice'), never returned: it ran longer than 3s and was stopped (an endless loop?)"},
		{"fail_step4_calls_unknown_user.py", "fail", "step 4 fails: the program does not call refresh_token('alice')"},
		{"error_syntax.py", "error", "syntax error at line 3: SyntaxError"},
		{"error_not_utf8.py", "error", "the file is not UTF-8 (byte 5)"},
		{"other_lang.rb", "error", `cannot check ".rb" files`},
	}
	want := Summary{Pass: 7, Fail: 16, Error: 11}
	if testing.Short() {
		// The quick loop does not wait out the three busy loops, a core
		// for 3s each; the timeout's verdict is still checked under -short
		// by cmd's class (ed.py) and, for a call that never returns, by
		// TestFaultsLandOnTheirStep's sample that sleeps.
		tests = slices.DeleteFunc(tests, func(tt verdictCase) bool {
			switch tt.file {
			case "error_endless_loop.py", "fail_step3_endless_loop.py", "fail_step4_hangs_when_valid.py":
				return true
			}
			return false
		})
		want = Summary{Pass: 7, Fail: 14, Error: 10}
	}
	want.Total = len(tests)
	var files []string
	for _, tt := range tests {
		files = append(files, solutions+tt.file)
	}
	rep := Check(context.Background(), files, opts)
	for i, tt := range tests {
		s := rep.Submissions[i]
		if s.Path != files[i] {
			t.Fatalf("submission %d is %s, want %s: the report is not in the order given", i, s.Path, files[i])
		}
		if string(s.Status) != tt.status || !strings.Contains(s.Message, tt.message) {
			t.Errorf("%s: %s %q, want %s containing %q", tt.file, s.Status, s.Message, tt.status, tt.message)
		}
	}
	if got := rep.Summary; got != want {
		t.Errorf("summary = %+v", got)
	}
	sandboxtest.NothingLeftRunning(t, "97.531", "97.532")
}

// A solution that only hard-codes step 3's answer at 120 fails at other times.
func TestProbesCatchWrongTimeInStepThree(t *testing.T) {
	t.Parallel()
	s := CheckFile(context.Background(), solutions+"fail_step3_literal_time.py", testOptions(t))
	for _, test := range s.Tests {
		want := Pass
		switch test.ID {
		case "refresh-other-time":
			want = Fail
		case "still-valid-message":
			want = Note // it prints the "Refreshed" line at any time
		}
		if test.Status != want {
			t.Errorf("%s = %s, want %s (%s)", test.ID, test.Status, want, test.Message)
		}
	}
}

// The goal's "or a message if the token is still valid" is advice: the
// program is run again when alice's token is still valid, and however that
// goes, no verdict changes.
func TestStillValidNote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file    string
		status  Status
		message string
	}{
		{"pass_reference_style.py", Note, `it prints "Refreshed token for alice: tok`},
		{"note_silent_when_valid.py", Note, "it prints nothing; What You'll Learn asks for a message then"},
		{"note_computed_time.py", Note, "though nothing was refreshed"},
		{"note_raises_when_valid.py", Note, "it raised ValueError: alice's token is still valid"},
		{"error_os_exit.py", "", ""}, // never gets as far as the note
	}
	var files []string
	for _, tt := range tests {
		files = append(files, solutions+tt.file)
	}
	rep := Check(context.Background(), files, testOptions(t))
	for i, tt := range tests {
		s := rep.Submissions[i]
		var note *Test
		for j := range s.Tests {
			if s.Tests[j].ID == "still-valid-message" {
				note = &s.Tests[j]
			}
		}
		if tt.status == "" {
			if note != nil {
				t.Errorf("%s: a note on a program that does not run to the end: %+v", tt.file, *note)
			}
			continue
		}
		if s.Status != Pass || len(s.PassedSteps()) != lesson.StepCount {
			t.Errorf("%s: %s %q, want a pass: the note changes no verdict", tt.file, s.Status, s.Message)
		}
		if note == nil || note.Status != tt.status || note.Step != 4 || !strings.Contains(note.Message, tt.message) {
			t.Errorf("%s: note %+v, want %s containing %q", tt.file, note, tt.status, tt.message)
		}
		if note != nil && !strings.Contains(note.Message, "current_time = ") {
			t.Errorf("%s: the note does not say at which time it ran: %q", tt.file, note.Message)
		}
	}
}

func TestLessonReferenceSolutionPassesEveryStep(t *testing.T) {
	t.Parallel()
	src, err := lesson.Solution(lesson.StepCount, lesson.Python)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "reference.py")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s := CheckFile(context.Background(), path, testOptions(t))
	if s.Status != Pass || len(s.Tests) != 14 {
		t.Fatalf("reference solution: %s %q with %d tests", s.Status, s.Message, len(s.Tests))
	}
	for i, test := range s.Tests {
		if test.Status != Pass {
			t.Errorf("%s: %s %s", test.ID, test.Status, test.Message)
		}
		// Reports list the checks of a file that did not run from
		// ChecksFor: it must be the verdicts' own order.
		if c := ChecksFor(path)[i]; c.ID != test.ID || c.Step != test.Step {
			t.Errorf("check %d is %s (step %d); ChecksFor says %s (step %d)", i, test.ID, test.Step, c.ID, c.Step)
		}
	}
}

func TestSameFileSameReportAndSeedOverride(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	a := CheckFile(context.Background(), solutions+"fail_step3_everyone.py", opts)
	b := CheckFile(context.Background(), solutions+"fail_step3_everyone.py", opts)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two checks of one file differ (-first +second):\n%s", diff)
	}
	seed := uint64(12345)
	opts.Seed = &seed
	c := CheckFile(context.Background(), solutions+"fail_step3_everyone.py", opts)
	if c.Seed != seed || c.Seed == a.Seed {
		t.Errorf("--seed: got seed %d, content seed %d", c.Seed, a.Seed)
	}
}

func TestStepSelectsItsTests(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.Step = 2
	s := CheckFile(context.Background(), solutions+"fail_step3_boundary.py", opts)
	if s.Status != Pass || len(s.Tests) != 1 || s.Tests[0].ID != "current-time" {
		t.Errorf("--step 2 on a step-3 failure: %s %q %+v", s.Status, s.Message, s.Tests)
	}
}

// A JavaScript solution is checked by its output alone, step 4.
func TestOutputOnlyLanguages(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	s := CheckFile(context.Background(), solutions+"other_lang.js", opts)
	if _, err := exec.LookPath("node"); err != nil {
		t.Logf("node is not installed: other_lang.js is checked by the error it gives")
		if s.Status != Error || !strings.Contains(s.Message, "node") {
			t.Errorf("other_lang.js without node: %s %q", s.Status, s.Message)
		}
		return
	}
	if s.Status != Pass || s.Message != "step 4 passes" {
		t.Errorf("other_lang.js: %s %q", s.Status, s.Message)
	}
}

func TestStepStates(t *testing.T) {
	t.Parallel()
	test := func(step int, s Status) Test { return Test{Step: step, Status: s} }
	tests := []struct {
		name   string
		tests  []Test
		states map[int]Status
		passed []int
	}{
		{"all pass", []Test{test(1, Pass), test(1, Pass), test(2, Pass)}, map[int]Status{1: Pass, 2: Pass}, []int{1, 2}},
		{"one failure fails the step", []Test{test(3, Pass), test(3, Fail), test(3, Pass)}, map[int]Status{3: Fail}, nil},
		{"an error fails the step", []Test{test(4, Error)}, map[int]Status{4: Fail}, nil},
		{"a skip leaves it unchecked", []Test{test(1, Skip), test(4, Pass)}, map[int]Status{1: Skip, 4: Pass}, []int{4}},
		{"a skip after a pass", []Test{test(2, Pass), test(2, Skip)}, map[int]Status{2: Skip}, nil},
		{"nothing checked", nil, map[int]Status{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Submission{Tests: tt.tests}
			if diff := cmp.Diff(tt.states, s.StepStates()); diff != "" {
				t.Errorf("StepStates (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.passed, s.PassedSteps()); diff != "" {
				t.Errorf("PassedSteps (-want +got):\n%s", diff)
			}
		})
	}
}

// A fault is reported at the step where it is; later steps are judged on
// their own work.
func TestFaultsStayAtTheirStep(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	tests := []struct {
		file   string
		passed []int
	}{
		{"fail_step3_keeps_expiry.py", []int{1, 2, 4}},
		{"fail_step3_boundary.py", []int{1, 2, 4}},
		{"fail_step4_no_call.py", []int{1, 2, 3}},
		{"fail_step2_time.py", []int{1, 3, 4}},
	}
	for _, tt := range tests {
		s := CheckFile(context.Background(), solutions+tt.file, opts)
		if diff := cmp.Diff(tt.passed, s.PassedSteps()); diff != "" {
			t.Errorf("%s: steps passed (-want +got):\n%s\n%+v", tt.file, diff, s.Tests)
		}
	}
	s := CheckFile(context.Background(), solutions+"fail_step4_no_call.py", opts)
	for _, test := range s.Tests {
		switch test.ID {
		case "calls-refresh":
			if test.Status != Fail || test.Actual != "no call" {
				t.Errorf("calls-refresh: %+v", test)
			}
		case "output":
			if test.Status != Fail || !strings.Contains(test.Message, "tokens['alice']['token'], which is abc123") {
				t.Errorf("output: %+v", test)
			}
		}
	}
}

func TestPythonLimits(t *testing.T) {
	t.Parallel()
	for _, mode := range sandboxtest.Modes(t) {
		t.Run(mode, func(t *testing.T) {
			opts := sandboxOptions(t, mode)
			tests := []struct {
				name, src, want string
				limits          func(*sandbox.Limits)
			}{
				{"file size", "open('big', 'wb').write(b'x' * (2 << 20))\n", "File too large", nil},
				{"cpu time", "while True:\n    pass\n", "it used more than 1s of CPU time and was stopped", func(l *sandbox.Limits) {
					l.CPUSeconds = 1
					l.Timeout, l.TimeoutText = 20*time.Second, "20s"
				}},
				{"memory", "x = bytearray(1 << 31)\n", "ran out of memory", nil},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					o := opts
					if tt.limits != nil {
						tt.limits(&o.Limits)
					}
					path := t.TempDir() + "/s.py"
					if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
						t.Fatal(err)
					}
					s := CheckFile(context.Background(), path, o)
					if s.Status != Error || !strings.Contains(s.Message, tt.want) {
						t.Errorf("%s %q, want an error containing %q", s.Status, s.Message, tt.want)
					}
				})
			}
		})
	}
}

// In a container that refuses user namespaces, bubblewrap is installed
// but cannot start: every sample still gets its verdict, under process
// limits, and the report says why bubblewrap was not used.
func TestVerdictsWithoutUserNamespaces(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test checks every sample again in a sandbox without user namespaces")
	}
	if !sandboxtest.InsideNoUserns() {
		sandboxtest.RunWithoutUserns(t)
		// And as root in a rootless container, where runs cannot have
		// users of their own.
		sandboxtest.RunWithoutUsernsAs(t, 0)
		return
	}
	opts := testOptions(t)
	if opts.Runner.Containment() != sandbox.ProcessLimits || opts.Runner.Unavailable() == "" {
		t.Fatalf("containment %q, unavailable %q: want process limits, and why", opts.Runner.Containment(), opts.Runner.Unavailable())
	}
	testVerdicts(t, opts)
	rep := Check(context.Background(), []string{solutions + "pass_reference_style.py"}, opts)
	if !strings.Contains(rep.Unavailable, "bwrap: ") {
		t.Errorf("the report does not say why bubblewrap was not used: %q", rep.Unavailable)
	}
}

// A fault lands on the step of the code it is in: the steps whose values
// exist before an exception, or before a call of refresh_token that never
// returns, still pass, and the learner is sent to the step to fix.
func TestFaultsLandOnTheirStep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		steps []int
		fails string // the first failing check
	}{
		{"fail_step3_raises_keyerror.py", []int{1, 2}, "refresh-expired"},
		{"fail_step3_waits_forever.py", []int{1, 2}, "refresh-exists"},
		{"fail_step4_calls_unknown_user.py", []int{1, 2, 3}, "calls-refresh"},
		{"fail_step4_no_call.py", []int{1, 2, 3}, "calls-refresh"},
		{"fail_step1_then_raises.py", []int{2}, "tokens-entries"},
	}
	var files []string
	for _, tt := range tests {
		files = append(files, solutions+tt.file)
	}
	rep := Check(context.Background(), files, testOptions(t))
	for i, tt := range tests {
		s := rep.Submissions[i]
		if got := s.PassedSteps(); !slices.Equal(got, tt.steps) {
			t.Errorf("%s: steps %v pass, want %v (%s)", tt.file, got, tt.steps, s.Message)
		}
		for _, test := range s.Tests {
			if test.Status == Fail {
				if test.ID != tt.fails {
					t.Errorf("%s: the first failing check is %s (%s), want %s", tt.file, test.ID, test.Message, tt.fails)
				}
				break
			}
		}
	}
	// A run that never came back still lists every check but advice.
	var ids []string
	for _, test := range rep.Submissions[1].Tests {
		ids = append(ids, test.ID)
	}
	var want []string
	for _, c := range ChecksFor("s.py") {
		if !IsAdvice(c.ID) {
			want = append(want, c.ID)
		}
	}
	if !slices.Equal(ids, want) {
		t.Errorf("the endless loop's checks: %v, want %v", ids, want)
	}
	// The exception's text reaches the learner on the step it belongs to.
	if msg := rep.Submissions[0].Message; !strings.Contains(msg, "raised KeyError: 'expires'") {
		t.Errorf("step 3's message: %q", msg)
	}
	for _, test := range rep.Submissions[2].Tests {
		if test.ID == "output" && !strings.Contains(test.Message, "the program stopped at line 13 with KeyError: 'Alice', inside refresh_token") {
			t.Errorf("step 4's output check: %q", test.Message)
		}
	}
}

// Steps 1 and 2 are read from the program as it is written, before it
// runs, as well as from what it holds: every way of writing the values out
// passes, and values built by other code do not.
func TestStepsOneAndTwoAreReadAsWritten(t *testing.T) {
	t.Parallel()
	const rest = "\ndef refresh_token(user):\n    if tokens[user]['expiry'] < current_time:\n" +
		"        tokens[user]['token'] = 'newtoken123'\n        tokens[user]['expiry'] = current_time + 100\n\n\n" +
		"refresh_token('alice')\nprint('Refreshed token for alice: ' + tokens['alice']['token'])\n"
	const literal = "tokens = {'alice': {'token': 'abc123', 'expiry': 100}, 'bob': {'token': 'def456', 'expiry': 200}, " +
		"'carol': {'token': 'ghi789', 'expiry': 50}}\n"
	tests := []struct {
		name, src string
		steps     []int
	}{
		{"a dictionary display", literal + "current_time = 120\n", []int{1, 2, 3, 4}},
		{"dict() calls and an annotation", "tokens = dict(alice=dict(token='abc123', expiry=100), bob=dict(token='def456', expiry=200), " +
			"carol=dict(token='ghi789', expiry=50))\ncurrent_time: int = 120\n", []int{1, 2, 3, 4}},
		{"a subclass wrapping a display", "class Store(dict):\n    pass\n\n\ntokens = Store(" + strings.TrimSuffix(literal[len("tokens = "):], "\n") +
			")\ncurrent_time = 100 + 20\n", []int{1, 2, 3, 4}},
		{"inside a main guard", "if __name__ == '__main__':\n    " + literal + "    current_time = 2 * 60\n", []int{1, 2, 3, 4}},
		{"time from other code", literal + "current_time = len('x' * 120)\n", []int{1, 3, 4}},
		{"tokens from a comprehension", "tokens = {u: {'token': t, 'expiry': e} for u, t, e in " +
			"[('alice', 'abc123', 100), ('bob', 'def456', 200), ('carol', 'ghi789', 50)]}\ncurrent_time = 120\n", []int{2, 3, 4}},
		{"written again later, wrongly", literal + "current_time = 120\ntokens = {'alice': {'token': 'x', 'expiry': 1}}\n" +
			"tokens = dict(tokens)\ntokens.update(bob={'token': 'def456', 'expiry': 200}, carol={'token': 'ghi789', 'expiry': 50}, " +
			"alice={'token': 'abc123', 'expiry': 100})\n", []int{2, 3, 4}},
	}
	dir := t.TempDir()
	var files []string
	for i, tt := range tests {
		path := filepath.Join(dir, fmt.Sprintf("s%d.py", i))
		if err := os.WriteFile(path, []byte(tt.src+rest), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	rep := Check(context.Background(), files, testOptions(t))
	for i, tt := range tests {
		s := rep.Submissions[i]
		if got := s.PassedSteps(); !slices.Equal(got, tt.steps) {
			t.Errorf("%s: steps %v pass, want %v (%s)", tt.name, got, tt.steps, s.Message)
		}
	}
}

// grade's messages name no command-line flag (DESIGN): the command that
// reads them says how an interpreter is named.
func TestNoPythonErrorNamesNoFlag(t *testing.T) {
	t.Parallel()
	_, err := findPython("python-nowhere")
	var noPython *NoPythonError
	if !errors.As(err, &noPython) || strings.Contains(err.Error(), "--") || noPython.Remedy == "" {
		t.Errorf("findPython of a missing interpreter: %v", err)
	}
}

// Every language in Languages is checked, and messages name them all.
func TestEveryListedLanguageIsChecked(t *testing.T) {
	t.Parallel()
	want := "tokenlab checks Python (.py) and Go (.go) solutions, and the output of JavaScript (.js) ones"
	if Checkable() != want {
		t.Errorf("Checkable() = %q, want %q", Checkable(), want)
	}
	if got := strings.Join(Extensions(), " "); got != "py go js" {
		t.Errorf("Extensions() = %s", got)
	}
	opts := testOptions(t)
	for _, l := range Languages {
		path := filepath.Join(t.TempDir(), "solution"+strings.ToUpper(l.Ext))
		if err := os.WriteFile(path, []byte("x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		sub := CheckFile(context.Background(), path, opts)
		if strings.Contains(sub.Message, Checkable()) {
			t.Errorf("%s: %s", l.Name, sub.Message)
		}
		if got, _ := LanguageOf(path); got.Name != l.Name {
			t.Errorf("LanguageOf(%s) = %q", path, got.Name)
		}
	}
	if _, ok := LanguageOf("solution.rb"); ok {
		t.Error("LanguageOf(solution.rb) is a language")
	}
	sub := CheckFile(context.Background(), "../../testdata/solutions/other_lang.rb", opts)
	if !strings.Contains(sub.Message, Checkable()) {
		t.Errorf("a Ruby file: %s", sub.Message)
	}
}

// A version manager's python3 (pyenv's shim) is a script that starts the
// interpreter: findPython resolves it to the interpreter itself, whose
// directories the sandbox then shows. The test binaries put the
// interpreter first on PATH (internal/pythontest), so this is the test
// that a wrapper still works.
func TestFindPythonSeesThroughAWrapper(t *testing.T) {
	t.Parallel()
	real, err := findPython("python3")
	if err != nil {
		t.Skip(err)
	}
	wrapper := filepath.Join(t.TempDir(), "python3")
	script := "#!/bin/sh\n# as pyenv's shim: choose an interpreter, then become it\nexec " + real.path + " \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := findPython(wrapper)
	if err != nil {
		t.Fatal(err)
	}
	if got.path != real.path || got.version != real.version {
		t.Errorf("findPython(wrapper) = %s (Python %s), want the interpreter it starts, %s (Python %s)", got.path, got.version, real.path, real.version)
	}
}

// findPython has the interpreter compile the harness once, so that no run
// compiles it again; the harness the runs start is that code, which every
// verdict test then runs. An interpreter that gives no code (or code that
// is not hex) leaves each run to compile the source, as before.
func TestFindPythonCompilesTheHarnessOnce(t *testing.T) {
	t.Parallel()
	real, err := findPython("python3")
	if err != nil {
		t.Skip(err)
	}
	const boot = "import marshal\nexec(marshal.loads(bytes.fromhex('"
	if !strings.HasPrefix(real.harness, boot) || !isHex(strings.TrimSuffix(strings.TrimPrefix(real.harness, boot), "')))")) {
		t.Errorf("findPython(python3).harness = %.80q..., want the harness compiled", real.harness)
	}
	for name, extra := range map[string]string{"no code": "", "not hex": "echo 'zz'"} {
		fake := filepath.Join(t.TempDir(), "python3")
		// The answers of a Python 3.11 that compiles nothing.
		script := "#!/bin/sh\ncat >/dev/null\nfor p in /usr /usr /usr /usr /usr; do echo $p; done\necho 3.11\n" + extra + "\n"
		if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		got, err := findPython(fake)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.harness != harnessSource {
			t.Errorf("%s: harness = %.80q..., want the source", name, got.harness)
		}
	}
}

// goChecks are written out so that nothing translates them at start-up:
// they are pythonChecks in Go's words, as every Go report is.
func TestGoChecksArePythonsInGoWords(t *testing.T) {
	t.Parallel()
	if len(goChecks) != len(pythonChecks) {
		t.Fatalf("%d Go checks, %d Python ones", len(goChecks), len(pythonChecks))
	}
	for i, c := range pythonChecks {
		c.Name = goLanguage.words.Replace(c.Name)
		if goChecks[i] != c {
			t.Errorf("goChecks[%d] = %+v, want %+v", i, goChecks[i], c)
		}
	}
}
