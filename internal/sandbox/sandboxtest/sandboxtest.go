// Package sandboxtest holds what tests of contained runs share: the modes
// this machine can test, and a check that nothing a run started is left.
package sandboxtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokenlab/tokenlab/internal/sandbox"
)

// Required reports whether the sandbox tests must run here, as in CI
// (TOKENLAB_SANDBOX_TESTS=require), rather than skip what the machine
// lacks.
func Required() bool { return os.Getenv("TOKENLAB_SANDBOX_TESTS") == "require" }

// Modes are the --sandbox modes to test: bubblewrap where it is installed
// (and always where the tests are required), and the process limits alone.
// Under -short, the quick loop, only the first: the mode this machine's
// checks use.
func Modes(t *testing.T) []string {
	t.Helper()
	if _, err := exec.LookPath("bwrap"); err == nil || Required() {
		if testing.Short() {
			return []string{sandbox.Bwrap}
		}
		return []string{sandbox.Bwrap, sandbox.Off}
	}
	t.Log("bubblewrap is not installed: only the process limits are tested (apt-get install bubblewrap)")
	return []string{sandbox.Off}
}

// Runner is a runner for mode, closed when the test ends.
func Runner(t *testing.T, mode string) *sandbox.Runner {
	t.Helper()
	r, err := sandbox.New(mode)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// NothingLeftRunning fails if any process's command line holds one of
// the markers a test gave the processes it started. Killed processes take
// a moment to go, a machine under load longer: it waits for them up to a
// deadline, and fails with those still there.
func NothingLeftRunning(t *testing.T, markers ...string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		left := running(markers)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, l := range left {
				t.Errorf("left running: %s", l)
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// running lists the processes whose command line, or name (a forked
// child that set its name, without starting a program), holds one of
// markers.
func running(markers []string) []string {
	var out []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		cmdline, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		comm, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "comm"))
		for _, m := range markers {
			if (strings.Contains(string(cmdline), m) || strings.Contains(string(comm), m)) && !strings.Contains(string(cmdline), "go test") {
				out = append(out, strings.ReplaceAll(string(cmdline), "\x00", " ")+" ("+p+")")
			}
		}
	}
	return out
}

// Bwrap is bubblewrap's path; without it the test is skipped, or fails
// where the tests are required.
func Bwrap(t *testing.T) string {
	t.Helper()
	bwrap, err := exec.LookPath("bwrap")
	if err != nil {
		if Required() {
			t.Fatal("bubblewrap is not installed, and TOKENLAB_SANDBOX_TESTS=require")
		}
		t.Skip("bubblewrap is not installed (apt-get install bubblewrap)")
	}
	return bwrap
}

// noUsernsEnv marks a test binary run again by RunWithoutUserns.
const noUsernsEnv = "TOKENLAB_TEST_INSIDE_NO_USERNS"

// InsideNoUserns reports whether this test binary is the one
// RunWithoutUserns started.
func InsideNoUserns() bool { return os.Getenv(noUsernsEnv) == "1" }

// NoUserns is a command that runs argv as uid 1000 in a user namespace
// that allows no further one (bubblewrap's --disable-userns), with the
// rest of the system as it is: a container that refuses user namespaces,
// as Docker's default seccomp profile does, for a normal user.
func NoUserns(bwrap string, argv ...string) *exec.Cmd { return NoUsernsAs(bwrap, 1000, argv...) }

// NoUsernsAs is NoUserns as uid: 0 is root in a rootless container, with
// that one id mapped and no other.
func NoUsernsAs(bwrap string, uid int, argv ...string) *exec.Cmd {
	id := strconv.Itoa(uid)
	args := []string{"--unshare-user", "--disable-userns", "--uid", id, "--gid", id,
		"--die-with-parent", "--dev-bind", "/", "/", "--setenv", noUsernsEnv, "1", "--"}
	return exec.Command(bwrap, append(args, argv...)...)
}

// RunWithoutUserns runs the calling test again, in this test binary,
// inside NoUserns; there InsideNoUserns is true. It fails unless that run
// passes.
func RunWithoutUserns(t *testing.T) { RunWithoutUsernsAs(t, 1000) }

// RunWithoutUsernsAs is RunWithoutUserns as uid (see NoUsernsAs).
func RunWithoutUsernsAs(t *testing.T, uid int) {
	t.Helper()
	bwrap := Bwrap(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	name := t.Name()
	out, err := NoUsernsAs(bwrap, uid, self, "-test.run", "^"+name+"$", "-test.v").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Errorf("inside an environment without user namespaces, as uid %d: %v\n%s", uid, err, out)
	}
}
