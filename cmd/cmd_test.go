package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

// result is what one tokenlab invocation produced.
type result struct {
	stdout, stderr string
	code           int
}

// run runs tokenlab with args on fresh, non-terminal streams.
func run(t *testing.T, args ...string) result {
	t.Helper()
	ios, _, out, errOut := testStreams(t)
	return runOn(t, ios, out, errOut, args...)
}

// testStreams are TestStreams whose environment keeps progress in a fresh
// directory of the test's own, $TOKENLAB_HOME.
func testStreams(t *testing.T) (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	ios, in, out, errOut = TestStreams()
	ios.Getenv = homeEnv(newHome(t))
	return ios, in, out, errOut
}

// testSeedKey is every test home's probe key, so check's reports are the
// same on every machine.
var testSeedKey = []byte("test key, public")

// newHome is a fresh $TOKENLAB_HOME holding only the test probe key.
func newHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, grade.SeedKeyFile), testSeedKey, 0o600); err != nil {
		t.Fatal(err)
	}
	return home
}

// homeEntries lists what is in home besides the probe key.
func homeEntries(t *testing.T, home string) []string {
	t.Helper()
	entries, err := os.ReadDir(home)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != grade.SeedKeyFile {
			names = append(names, e.Name())
		}
	}
	return names
}

// homeEnv is an environment with only TOKENLAB_HOME set, to home.
func homeEnv(home string) func(string) string {
	return func(k string) string {
		if k == "TOKENLAB_HOME" {
			return home
		}
		return ""
	}
}

func runOn(t *testing.T, ios *IOStreams, out, errOut *bytes.Buffer, args ...string) result {
	t.Helper()
	code := Run(context.Background(), ios, args)
	return result{stdout: out.String(), stderr: errOut.String(), code: code}
}

// screens are every screen of the lesson core, each pinned by a golden file
// named after its case.
var screens = []struct {
	name string
	args []string
}{
	{"overview", nil},
	{"step1", []string{"step", "1"}},
	{"step2", []string{"step", "2"}},
	{"step3", []string{"step", "3"}},
	{"step4", []string{"step", "4"}},
	{"step2_at_60", []string{"step", "2", "--current-time", "60"}},
	{"step3_at_100_boundary", []string{"step", "3", "--current-time", "100"}},
	{"step4_at_90", []string{"step", "4", "--current-time", "90"}},
	{"step3_hint", []string{"step", "3", "--hint"}},
	{"step1_solution_python", []string{"step", "1", "--solution"}},
	{"step4_solution_python", []string{"step", "4", "--solution"}},
	{"step4_solution_go", []string{"step", "4", "--solution", "--lang", "go"}},
	{"step2_lang_implies_solution", []string{"step", "2", "--lang", "GO"}},
	{"run", []string{"run"}},
	{"run_alice", []string{"run", "--user", "alice"}},
	{"run_bob", []string{"run", "--user", "bob"}},
	{"run_carol", []string{"run", "--user", "carol"}},
	{"run_two_users", []string{"run", "--user", "bob", "--user", "alice"}},
	{"run_at_90", []string{"run", "--current-time", "90"}},
	{"run_alice_twice", []string{"run", "--user", "alice", "--user", "alice"}},
	{"run_json", []string{"run", "--format", "json"}},
	{"run_json_two_users_at_90", []string{"run", "--format", "json", "--user", "carol", "--user", "alice", "--current-time", "90"}},
	{"complete_step", []string{"__complete", "step", ""}},
	{"complete_user", []string{"__complete", "run", "--user", ""}},
	{"complete_lang", []string{"__complete", "step", "1", "--lang", ""}},
	{"complete_color", []string{"__complete", "--color", ""}},
	{"complete_format", []string{"__complete", "run", "--format", ""}},
	{"complete_grade_format", []string{"__complete", "quiz", "grade", "--format", ""}},
	{"complete_difficulty", []string{"__complete", "quiz", "--difficulty", ""}},
	{"complete_question", []string{"__complete", "quiz", "--question", ""}},
}

func TestScreens(t *testing.T) {
	t.Parallel()
	for _, tt := range screens {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			completing := strings.HasPrefix(tt.name, "complete")
			if r.code != ExitOK || (r.stderr != "" && !completing) {
				t.Fatalf("tokenlab %s: exit %d, stderr %q", strings.Join(tt.args, " "), r.code, r.stderr)
			}
			if strings.Contains(r.stdout, "\x1b") {
				t.Error("output to a pipe has escape sequences")
			}
			for i, line := range strings.Split(r.stdout, "\n") {
				if strings.HasSuffix(line, " ") {
					t.Errorf("line %d has trailing space: %q", i+1, line)
				}
				if w := len([]rune(line)); w > defaultWidth && !completing && !strings.Contains(tt.name, "solution") {
					t.Errorf("line %d is %d columns, over %d: %q", i+1, w, defaultWidth, line)
				}
			}
			golden.Assert(t, []byte(r.stdout))
		})
	}
}

func TestScreensAreByteIdenticalFromRunToRun(t *testing.T) {
	t.Parallel()
	for _, tt := range screens {
		first, second := run(t, tt.args...), run(t, tt.args...)
		if first != second {
			t.Errorf("tokenlab %s differs between two runs", strings.Join(tt.args, " "))
		}
	}
}

func TestRunPrintsTheExercisesLine(t *testing.T) {
	t.Parallel()
	if r := run(t, "run"); r.stdout != "Refreshed token for alice: newtoken123\n" {
		t.Errorf("tokenlab run = %q", r.stdout)
	}
}

// Each bad input exits 2 with one line on stderr, nothing on stdout.
func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"step_5", []string{"step", "5"}, "tokenlab: no step 5; steps are 1, 2, 3, 4"},
		{"step_0", []string{"step", "0"}, "tokenlab: no step 0; steps are 1, 2, 3, 4"},
		{"step_x", []string{"step", "x"}, `tokenlab: invalid step "x"; steps are 1, 2, 3, 4`},
		{"step_none", []string{"step"}, "tokenlab: step takes one step number, 1 to 4 (for example: tokenlab step 1)"},
		{"step_two", []string{"step", "1", "2"}, "tokenlab: step takes one step number, 1 to 4 (for example: tokenlab step 1)"},
		{"user_dave", []string{"run", "--user", "dave"}, `tokenlab: unknown user "dave"; users are alice, bob, carol`},
		{"user_Alice", []string{"run", "--user", "Alice"}, `tokenlab: unknown user "Alice" (did you mean alice?); users are alice, bob, carol`},
		{"time_negative", []string{"run", "--current-time", "-1"}, `tokenlab: invalid value "-1" for --current-time: must not be negative; use a whole number from 0 to 9223372036854775707`},
		{"time_soon", []string{"step", "2", "--current-time", "soon"}, `tokenlab: invalid value "soon" for --current-time: must be a whole number from 0 to 9223372036854775707`},
		{"time_overflow", []string{"run", "--current-time", "9223372036854775800"}, `tokenlab: invalid value "9223372036854775800" for --current-time: is too large: current_time + 100 must fit in 64 bits; use a whole number from 0 to 9223372036854775707`},
		{"time_signed", []string{"step", "4", "--current-time", "+90"}, `tokenlab: invalid value "+90" for --current-time: must be a whole number from 0 to 9223372036854775707, without a sign: the time itself, not an offset`},
		{"time_missing", []string{"run", "--current-time"}, "tokenlab: flag --current-time needs a value; see 'tokenlab run --help'"},
		{"unknown_flag", []string{"run", "--verbose"}, "tokenlab: unknown flag --verbose; see 'tokenlab run --help'"},
		{"unknown_shorthand", []string{"step", "1", "-x"}, "tokenlab: unknown flag -x in -x; see 'tokenlab step --help'"},
		{"unknown_root_flag", []string{"--nope"}, "tokenlab: unknown flag --nope; see 'tokenlab --help'"},
		{"unknown_command", []string{"stpe", "1"}, `tokenlab: unknown command "stpe" (did you mean step?); commands are check, completion, hint, init, learn, predict, progress, quiz, run, serve, step, test, version, watch`},
		{"run_args", []string{"run", "alice"}, `tokenlab: run takes no arguments, got "alice"; see 'tokenlab run --help'`},
		{"color_rainbow", []string{"--color", "rainbow"}, `tokenlab: invalid value "rainbow" for --color: must be auto, always or never`},
		{"format_xml", []string{"run", "--format", "xml"}, `tokenlab: invalid value "xml" for --format: must be text or json`},
		{"completion_no_shell", []string{"completion"}, "tokenlab: completion needs a shell: bash, zsh, fish or powershell; for example: tokenlab completion bash"},
		{"completion_tcsh", []string{"completion", "tcsh"}, `tokenlab: unknown shell "tcsh"; shells are bash, zsh, fish and powershell`},
		{"current_time_on_check", []string{"check", "x.py", "--current-time", "90"}, "tokenlab: unknown flag --current-time; see 'tokenlab check --help'"},
		{"lang_rust", []string{"step", "1", "--lang", "rust"}, `tokenlab: invalid value "rust" for --lang: must be python or go`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertUsageError(t, run(t, tt.args...), tt.want)
		})
	}
}

// assertUsageError checks bad input's contract: exit 2, nothing on stdout,
// and exactly the one line want on stderr, pinned by a golden file too.
func assertUsageError(t *testing.T, r result, want string) {
	t.Helper()
	assertUsageLine(t, r, want)
	golden.Assert(t, []byte(r.stderr))
}

// assertUsageLine is assertUsageError without the golden file, for tests
// that check several errors.
func assertUsageLine(t *testing.T, r result, want string) {
	t.Helper()
	if r.code != ExitUsage {
		t.Errorf("exit code = %d, want %d", r.code, ExitUsage)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
	if got := strings.TrimSuffix(r.stderr, "\n"); got != want || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr\n got: %q\nwant the one line: %q", r.stderr, want)
	}
}
