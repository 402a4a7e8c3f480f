package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/internal/sandbox/sandboxtest"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

const class = "../testdata/solutions/class"

// classTimeout is the --timeout the class is checked with. ed.py runs to it;
// the others need under a second alone, but these tests run side by side
// with other packages' checks on two cores, where a run can take several
// times as long (CI once stopped hal.py's reruns at 3s).
const classTimeout = "6s"

// testdataDir is the repository's testdata, from this package.
const testdataDir = "../testdata"

// A class of correct, subtly wrong and hostile solutions, in one command.
func TestCheckClass(t *testing.T) {
	t.Parallel() // most of its time is ed.py's endless loop timing out
	// hal.py starts `sleep 97.533` and leaves it: once every format's
	// check is over, it must be gone.
	t.Cleanup(func() { sandboxtest.NothingLeftRunning(t, "97.533") })
	for _, format := range []string{"text", "json", "junit", "csv"} {
		t.Run(format, func(t *testing.T) {
			if testing.Short() && (format == "junit" || format == "csv") {
				t.Skip("-short: the class is checked for the text and JSON reports; every format in the full suite")
			}
			t.Parallel()
			r := run(t, "check", class, "--timeout", classTimeout, "--format", format, "--sandbox", sandboxForGoldens(t))
			if r.code != ExitFailed || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			golden.Assert(t, []byte(r.stdout))
			switch format {
			case "json":
				assertClassJSON(t, r.stdout)
			case "junit":
				assertJUnitReads(t, r.stdout, 9)
				assertJUnitValid(t, r.stdout)
			case "csv":
				assertGradebook(t, r.stdout, 9)
			}
		})
	}
}

// assertClassJSON checks the JSON report of the class by its meaning,
// besides its golden: each file's verdict, in path order, the summary and
// the limits.
func assertClassJSON(t *testing.T, out string) {
	t.Helper()
	var rep struct {
		Submissions []struct {
			Path    string `json:"path"`
			Status  string `json:"status"`
			Message string `json:"message"`
			Tests   []struct {
				ID, Status, Message, Expected, Actual string
				Step                                  int
			} `json:"tests"`
		} `json:"submissions"`
		Summary struct{ Total, Pass, Fail, Error int } `json:"summary"`
		Limits  map[string]any                         `json:"limits"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ann.py": "pass", "ben.py": "pass", "cy.py": "fail", "dee.py": "fail", "ed.py": "error", "fay.py": "fail",
		"gus.py": "error", "hal.py": "pass", "ivy.py": "error"}
	if len(rep.Submissions) != len(want) {
		t.Fatalf("%d submissions", len(rep.Submissions))
	}
	for i, s := range rep.Submissions {
		name := s.Path[strings.LastIndex(s.Path, "/")+1:]
		if want[name] != s.Status {
			t.Errorf("%s: %s, want %s", name, s.Status, want[name])
		}
		if i > 0 && rep.Submissions[i-1].Path > s.Path {
			t.Errorf("not in path order: %s before %s", rep.Submissions[i-1].Path, s.Path)
		}
	}
	if rep.Summary.Total != 9 || rep.Summary.Pass != 3 || rep.Summary.Fail != 3 || rep.Summary.Error != 3 {
		t.Errorf("summary %+v", rep.Summary)
	}
	if rep.Limits["timeout"] != classTimeout || rep.Limits["output_bytes"] != float64(65536) {
		t.Errorf("limits %v", rep.Limits)
	}
}

func TestCheckOneFilePassesWithExitZero(t *testing.T) {
	t.Parallel()
	r := run(t, "check", class+"/ann.py", "--sandbox", sandboxForGoldens(t))
	if r.code != ExitOK || !strings.Contains(r.stdout, "All 4 steps pass.") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
	golden.Assert(t, []byte(r.stdout))
}

func TestCheckStepOnly(t *testing.T) {
	t.Parallel()
	r := run(t, "check", class+"/cy.py", "--step", "3", "--sandbox", sandboxForGoldens(t))
	if r.code != ExitFailed {
		t.Errorf("exit %d", r.code)
	}
	golden.Assert(t, []byte(r.stdout))
}

func TestCheckBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no_paths", []string{"check"}, "tokenlab: check needs at least one solution file or directory (for example: tokenlab check solution.py), or --api URL for a server"},
		{"missing_path", []string{"check", "nope.py"}, "tokenlab: cannot check nope.py: nope.py: no such file or directory"},
		{"no_solutions", []string{"check", "../testdata/solutions/empty"}, "tokenlab: no Python solutions (.py files) in ../testdata/solutions/empty (add --recursive to look in its subdirectories)"},
		{"no_python", []string{"check", class, "--python", "python-nowhere"}, "tokenlab: no Python interpreter: python-nowhere was not found; install Python 3 or name one with --python"},
		{"step_7", []string{"check", class, "--step", "7"}, `tokenlab: invalid value "7" for --step: must be a whole number from 1 to 4`},
		{"seed_negative", []string{"check", class, "--seed", "-1"}, `tokenlab: invalid value "-1" for --seed: must be a whole number from 0 to 18446744073709551615`},
		{"seed_hex", []string{"check", class, "--seed", "0x10"}, `tokenlab: invalid value "0x10" for --seed: must be a whole number from 0 to 18446744073709551615`},
		{"timeout_no_unit", []string{"check", class, "--timeout", "5"}, `tokenlab: invalid value "5" for --timeout: must be a length of time with its unit, e.g. 5s, 500ms or 1m`},
		{"ruby_file", []string{"check", "../testdata/solutions/other_lang.rb"}, "tokenlab: cannot check ../testdata/solutions/other_lang.rb: tokenlab checks Python (.py) and Go (.go) solutions, and the output of JavaScript (.js) ones"},
		{"jobs_word", []string{"check", class, "--jobs", "many"}, `tokenlab: invalid value "many" for --jobs: must be a whole number from 1 to 256`},
		{"timeout_zero", []string{"check", class, "--timeout", "0s"}, `tokenlab: invalid value "0s" for --timeout: must be more than zero, e.g. 5s or 500ms`},
		{"jobs_zero", []string{"check", class, "--jobs", "0"}, `tokenlab: invalid value "0" for --jobs: must be a whole number from 1 to 256`},
		{"bad_sandbox", []string{"check", class, "--sandbox", "docker"}, `tokenlab: invalid value "docker" for --sandbox: must be auto, bwrap or off`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertUsageError(t, run(t, tt.args...), tt.want)
		})
	}
}

// --sandbox bwrap where bubblewrap is missing is bad usage, and nothing runs.
func TestCheckSandboxBwrapWithoutBubblewrap(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	assertUsageError(t, run(t, "check", class, "--sandbox", "bwrap"),
		"tokenlab: --sandbox bwrap: bubblewrap (bwrap) is not installed; install it (Debian and Ubuntu: apt-get install bubblewrap) or use --sandbox auto")
}

// Checking a class without bubblewrap warns once that the solutions are
// not cut off from the instructor's files; one file does not.
func TestCheckWarnsOnceWithoutBubblewrap(t *testing.T) {
	t.Parallel()
	const warning = "tokenlab: warning: bubblewrap is not in use, so these solutions can read your files and reach the network; install it (Debian and Ubuntu: apt-get install bubblewrap)\n"
	python := systemPython(t)
	r := run(t, "check", class+"/ann.py", class+"/ben.py", "--sandbox", "off", "--python", python)
	if r.code != ExitOK || r.stderr != warning {
		t.Errorf("two files without bubblewrap: exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "Contained by process limits only") {
		t.Errorf("the report does not say how the solutions were contained:\n%s", r.stdout)
	}
	r = run(t, "check", class+"/ann.py", "--sandbox", "off", "--python", python)
	if r.code != ExitOK || r.stderr != "" {
		t.Errorf("one file without bubblewrap: exit %d, stderr %q", r.code, r.stderr)
	}
}

// fakeUnstartableBwrap puts on PATH a bwrap that fails as bubblewrap does
// in a container that refuses user namespaces. (The real thing is tested
// in internal/sandbox and lesson/grade, inside such an environment.)
func fakeUnstartableBwrap(t *testing.T) {
	dir := t.TempDir()
	script := "#!/bin/sh\necho 'bwrap: No permissions to create a new namespace, likely because the kernel does not allow non-privileged user namespaces.' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "bwrap"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// Where bubblewrap is installed but cannot start, check says so once, in
// bubblewrap's words, checks with process limits, and the report says why;
// --sandbox bwrap refuses, as bad usage.
func TestCheckWhereBubblewrapCannotRun(t *testing.T) {
	fakeUnstartableBwrap(t)
	const why = "bubblewrap cannot run here (bwrap: No permissions to create a new namespace, likely because the kernel does not allow non-privileged user namespaces.)"
	python := systemPython(t)
	r := run(t, "check", class+"/ann.py", class+"/ben.py", "--python", python)
	want := "tokenlab: " + why + ": this system or container refuses the namespaces it needs (Docker's default profile does); solutions are contained by process limits instead (see the README's Containment)\n" +
		"tokenlab: warning: bubblewrap is not in use, so these solutions can read your files and reach the network\n"
	if r.code != ExitOK || r.stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
	}
	if !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), "Bubblewrap is installed but cannot run here (bwrap: No permissions") {
		t.Errorf("the report does not say why bubblewrap was not used:\n%s", r.stdout)
	}
	r = run(t, "check", class+"/ann.py", "--format", "json", "--python", python)
	if !strings.Contains(r.stdout, `"containment": "process limits"`) || !strings.Contains(r.stdout, `"bubblewrap_unavailable": "`+why) {
		t.Errorf("the JSON report does not say how and why:\n%s", r.stdout)
	}
	assertUsageLine(t, run(t, "check", class+"/ann.py", "--sandbox", "bwrap", "--python", python),
		"tokenlab: --sandbox bwrap: "+why+"; this system or container refuses the namespaces it needs (Docker's default profile does); use --sandbox auto to contain runs with process limits instead")
}

// A Python older than 3.8 is bad usage, named with its version.
func TestCheckRefusesAnOlderPython(t *testing.T) {
	t.Parallel()
	fake := filepath.Join(t.TempDir(), "python3.7")
	script := "#!/bin/sh\nfor p in /usr /usr /usr /usr /usr; do echo $p; done\necho 3.7\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	assertUsageLine(t, run(t, "check", class+"/ann.py", "--python", fake),
		"tokenlab: no Python interpreter: "+fake+" is Python 3.7; tokenlab checks solutions with Python 3.8 or later; name one with --python")
}

// systemPython is a Python 3 that solutions can run as a user of their own
// (as root without bubblewrap, they cannot reach one in root's home).
func systemPython(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		return "python3"
	}
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("as root without bubblewrap, checks need a Python outside root's home, such as /usr/bin/python3")
	}
	return "/usr/bin/python3"
}

// Nothing a solution prints or raises, and no file name, reaches the
// terminal as a control code: the text report shows them escaped, and a
// name cannot forge a line of the report.
func TestCheckShowsControlCodesEscaped(t *testing.T) {
	hostile, err := filepath.Abs(filepath.Join(testdataDir, "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// Relative names, so the report is the same whatever the temporary
	// directory is called.
	t.Chdir(t.TempDir())
	const dir = "class"
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"terminal_output.py", "terminal_exception.py"} {
		src, err := os.ReadFile(filepath.Join(hostile, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	forged := filepath.Join(dir, "a\n  pass.py  pass  (seed 1)\n.py")
	if err := os.WriteFile(forged, []byte("print('hi')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "check", dir, "--sandbox", sandboxForGoldens(t))
	if r.code != ExitFailed {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	for _, code := range []string{"\x1b", "\u009b", "\a"} {
		if strings.Contains(r.stdout, code) {
			t.Errorf("the report holds the control code %q", code)
		}
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "pass.py") {
			t.Errorf("a file name forged a line of the report: %q", line)
		}
	}
	t.Chdir(here) // golden files are found from the package's directory
	golden.Assert(t, []byte(r.stdout))
}

// sandboxForGoldens is the sandbox check goldens are made with: bubblewrap,
// so the report's containment line is the same wherever they pass.
func sandboxForGoldens(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("bwrap"); err != nil && os.Getenv("TOKENLAB_SANDBOX_TESTS") != "require" {
		t.Skip("these goldens are made with bubblewrap, which is not installed (apt-get install bubblewrap)")
	}
	return "bwrap"
}

// A link in a class directory that leads out of it is reported, never
// followed: a learner cannot have another file checked as theirs.
func TestCheckDoesNotFollowLinksOutOfTheDirectory(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.py"), []byte("print('outside')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "secret.py"), filepath.Join(dir, "link.py")); err != nil {
		t.Fatal(err)
	}
	inside, err := os.ReadFile(class + "/ann.py")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ann.py"), inside, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ann.py", filepath.Join(dir, "same.py")); err != nil {
		t.Fatal(err)
	}
	r := run(t, "check", dir, "--format", "json")
	var rep struct {
		Submissions []struct{ Path, Status, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stderr)
	}
	got := map[string]string{}
	for _, s := range rep.Submissions {
		got[filepath.Base(s.Path)] = s.Status + ": " + s.Message
	}
	if !strings.HasPrefix(got["link.py"], "error: it is a link that leads out of") {
		t.Errorf("link.py: %s", got["link.py"])
	}
	if !strings.HasPrefix(got["same.py"], "pass") {
		t.Errorf("a link inside the directory: %s", got["same.py"])
	}
}

// A course key gives a file the same probes on every machine holding it,
// whatever key each machine has of its own; it comes from --key-file or
// $TOKENLAB_KEY_FILE, and a bad one is exit 2.
func TestCourseKeyGivesTheSameProbesEverywhere(t *testing.T) {
	t.Parallel()
	key := filepath.Join(t.TempDir(), "course.key")
	if err := os.WriteFile(key, []byte("0f1e2d3c4b5a69788796a5b4c3d2e1f0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	seedOf := func(ios *IOStreams, out, errOut *bytes.Buffer, args ...string) uint64 {
		t.Helper()
		r := runOn(t, ios, out, errOut, append([]string{"check", passingSolution, "--no-record", "--format", "json"}, args...)...)
		var rep struct{ Submissions []struct{ Seed uint64 } }
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Submissions) != 1 {
			t.Fatalf("exit %d: %v\n%s%s", r.code, err, r.stdout, r.stderr)
		}
		return rep.Submissions[0].Seed
	}
	// Two machines: two homes, each with a key of its own.
	machine := func(env map[string]string) (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
		ios, _, out, errOut := TestStreams()
		home := t.TempDir()
		if err := os.WriteFile(filepath.Join(home, grade.SeedKeyFile), grade.NewSeedKey(), 0o600); err != nil {
			t.Fatal(err)
		}
		ios.Getenv = func(k string) string {
			if k == "TOKENLAB_HOME" {
				return home
			}
			return env[k]
		}
		return ios, out, errOut
	}
	a, aOut, aErr := machine(nil)
	b, bOut, bErr := machine(nil)
	own := seedOf(a, aOut, aErr)
	aOut.Reset()
	if other := seedOf(b, bOut, bErr); other == own {
		t.Fatalf("two machines' own keys gave one seed, %d: the test shows nothing", own)
	}
	aOut.Reset()
	bOut.Reset()
	withFlag, otherWithFlag := seedOf(a, aOut, aErr, "--key-file", key), seedOf(b, bOut, bErr, "--key-file", key)
	c, cOut, cErr := machine(map[string]string{"TOKENLAB_KEY_FILE": key})
	fromEnv := seedOf(c, cOut, cErr)
	if withFlag != otherWithFlag || withFlag != fromEnv || withFlag == own {
		t.Errorf("seeds with the course key: %d, %d, from the environment %d (own key %d); want one seed, not the machine's", withFlag, otherWithFlag, fromEnv, own)
	}

	short := filepath.Join(t.TempDir(), "short.key")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	assertUsageLine(t, run(t, "check", passingSolution, "--key-file", short),
		`tokenlab: cannot use the course key: `+short+` holds 3 bytes; a course key needs at least 16 (make one with: od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > course.key)`)
	missing := filepath.Join(t.TempDir(), "none.key")
	assertUsageLine(t, run(t, "check", passingSolution, "--key-file", missing),
		"tokenlab: cannot use the course key: open "+missing+": no such file or directory")
}
