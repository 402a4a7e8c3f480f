//go:build unix

package sandbox_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/tokenlab/tokenlab/internal/golden"     // accepts -update, as every test binary must
	_ "github.com/tokenlab/tokenlab/internal/pythontest" // python3 is the interpreter, not a wrapper
	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/internal/sandbox/sandboxtest"
)

// eachSandbox runs f with a runner for every mode this machine can test.
func eachSandbox(t *testing.T, f func(t *testing.T, r *sandbox.Runner)) {
	t.Helper()
	for _, mode := range sandboxtest.Modes(t) {
		t.Run(mode, func(t *testing.T) { f(t, sandboxtest.Runner(t, mode)) })
		if mode == sandbox.Bwrap && sandboxtest.Runner(t, mode).Setpriv() != "" {
			// As root, setpriv enters the run's user; where it is
			// missing, tokenlab's own program does, as it must as well.
			t.Run("bwrap-without-setpriv", func(t *testing.T) {
				r := sandboxtest.Runner(t, mode)
				sandbox.WithoutSetpriv(r)
				f(t, r)
			})
		}
	}
}

func sandboxRun(t *testing.T, r *sandbox.Runner, limits sandbox.Limits, argv ...string) sandbox.Outcome {
	t.Helper()
	o, err := r.Run(context.Background(), sandbox.Spec{Argv: argv, Limits: limits, Programs: testPrograms})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// testPrograms are the programs the tests' shell commands start: with
// bubblewrap, a run sees no others.
var testPrograms = []string{"sleep", "yes", "env", "id", "cat", "touch", "pwd"}

func shortLimits() sandbox.Limits {
	l := sandbox.DefaultLimits()
	l.Timeout, l.TimeoutText = 500*time.Millisecond, "500ms"
	return l
}

// quickLimits are for runs that should end at once: a timeout that a
// loaded machine (CI runs every package at once) still leaves room in.
func quickLimits() sandbox.Limits {
	l := sandbox.DefaultLimits()
	l.Timeout, l.TimeoutText = 5*time.Second, "5s"
	return l
}

func TestTimeoutKillsEverythingItStarted(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		start := time.Now()
		o := sandboxRun(t, r, shortLimits(), "/bin/sh", "-c", "sleep 86.421 & sleep 86.421; echo never")
		if !o.TimedOut {
			t.Errorf("not timed out: %+v", o)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v to stop", d)
		}
		sandboxtest.NothingLeftRunning(t, "86.421")
	})
}

func TestChildrenDieWithTheProgram(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		o := sandboxRun(t, r, quickLimits(), "/bin/sh", "-c", "(sleep 86.422 &) ; echo started")
		if o.TimedOut || string(o.Stdout) != "started\n" {
			t.Errorf("outcome %+v", o)
		}
		sandboxtest.NothingLeftRunning(t, "86.422")
	})
}

// A daemon in a session of its own that keeps the pipes open neither
// outlives the run nor keeps check waiting.
func TestDaemonHoldingThePipesCannotHoldTheCheck(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		l := sandbox.DefaultLimits()
		l.Timeout, l.TimeoutText = 2*time.Second, "2s"
		start := time.Now()
		o := sandboxRun(t, r, l, "/usr/bin/python3", "-I", "-c",
			"import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(86.423)\n    os._exit(0)\nos.wait()\nprint('parent done')")
		// The daemon sleeps for 86 s: a run that waited for it is a hang,
		// not a slow machine.
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("the run took %v: the daemon held it", d)
		}
		if o.TimedOut || string(o.Stdout) != "parent done\n" {
			t.Errorf("outcome %+v, stderr %s", o, o.Stderr)
		}
		sandboxtest.NothingLeftRunning(t, "86.423")
	})
}

func TestOutputIsCappedAndTheRunStopped(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		for _, which := range []string{"stdout", "stderr"} {
			redirect := map[string]string{"stdout": "", "stderr": " 1>&2"}[which]
			o := sandboxRun(t, r, sandbox.DefaultLimits(), "/bin/sh", "-c", "yes flood"+redirect)
			if o.Flooded != which || o.TimedOut {
				t.Errorf("%s: flooded %q, timed out %v", which, o.Flooded, o.TimedOut)
			}
			got := map[string][]byte{"stdout": o.Stdout, "stderr": o.Stderr}[which]
			if len(got) != sandbox.DefaultLimits().OutputBytes {
				t.Errorf("%s kept %d bytes, want the cap %d", which, len(got), sandbox.DefaultLimits().OutputBytes)
			}
		}
	})
}

func TestEnvironmentIsEmptyAndHomeIsPrivate(t *testing.T) {
	t.Setenv("TOKENLAB_SECRET", "do-not-leak")
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		o := sandboxRun(t, r, sandbox.DefaultLimits(), "/bin/sh", "-c", "env; pwd; id -u")
		out := string(o.Stdout)
		if strings.Contains(out, "TOKENLAB") || strings.Contains(out, "do-not-leak") {
			t.Errorf("the caller's environment leaked in:\n%s", out)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 3 {
			t.Fatalf("output:\n%s", out)
		}
		cwd, uid := lines[len(lines)-2], lines[len(lines)-1]
		if !strings.Contains(out, "HOME="+cwd+"\n") {
			t.Errorf("HOME is not the working directory %s:\n%s", cwd, out)
		}
		if os.Geteuid() == 0 && uid == "0" {
			t.Errorf("the program ran as root")
		}
	})
}

func TestStdinIsEmpty(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		o := sandboxRun(t, r, quickLimits(), "/bin/sh", "-c", "cat; echo end")
		if string(o.Stdout) != "end\n" || o.TimedOut {
			t.Errorf("stdin was not empty: %+v", o)
		}
	})
}

// The process limit is for the run as a whole, where it is enforced.
func TestProcessesAreLimitedForTheWholeRun(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		l := sandbox.DefaultLimits()
		if r.Effective(l).Processes == 0 {
			t.Skip("processes are not limited here: not root and no bubblewrap (see the README)")
		}
		assertForksLimited(t, r, l, "86.424")
	})
}

// assertForksLimited tries to fork 200 sleeping processes, each marked,
// and fails unless the limit stopped it short of l.Processes, and nothing
// is left running.
func assertForksLimited(t *testing.T, r *sandbox.Runner, l sandbox.Limits, marker string) {
	t.Helper()
	o := sandboxRun(t, r, l, "/usr/bin/python3", "-I", "-c",
		"import os, time\nn = 0\nfor _ in range(200):\n    try:\n        pid = os.fork()\n    except OSError:\n        break\n    if pid == 0:\n        time.sleep("+marker+")\n        os._exit(0)\n    n += 1\nprint(n)")
	n, err := strconv.Atoi(strings.TrimSpace(string(o.Stdout)))
	if err != nil || n >= l.Processes {
		t.Errorf("started %q processes with a limit of %d (stderr %s)", o.Stdout, l.Processes, o.Stderr)
	}
	sandboxtest.NothingLeftRunning(t, marker)
}

// With a cgroup, children that each stay under the memory limit cannot
// together go over it.
func TestMemoryIsLimitedForTheWholeRunWithACgroup(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test fills memory up to each limit")
	}
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		cgroups := strings.Contains(r.Effective(sandbox.DefaultLimits()).Scope, "cgroup")
		if !cgroups && os.Geteuid() == 0 && sandboxtest.Required() {
			t.Fatal("TOKENLAB_SANDBOX_TESTS=require, as root, but no cgroup can be made")
		}
		if !cgroups {
			t.Skip("no cgroup can be made here (not root, or no cgroup v1 memory and pids hierarchies): memory is limited for each process")
		}
		l := sandbox.DefaultLimits()
		l.MemoryBytes = 256 << 20
		o := sandboxRun(t, r, l, "/usr/bin/python3", "-I", "-c",
			"import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n        b = bytearray(150 << 20)\n        for i in range(0, len(b), 4096):\n            b[i] = 1\n        time.sleep(86.425)\n        os._exit(0)\ntime.sleep(1.5)\nprint('done')")
		if o.MemoryPeak == 0 || o.MemoryPeak > l.MemoryBytes {
			t.Errorf("the run's memory peaked at %d MiB with a limit of %d MiB", o.MemoryPeak>>20, l.MemoryBytes>>20)
		}
		sandboxtest.NothingLeftRunning(t, "86.425")
	})
}

// No run leaves its directory behind, and a run removes what a killed
// tokenlab left.
func TestWorkDirectoriesAreRemoved(t *testing.T) {
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		sandboxRun(t, r, quickLimits(), "/bin/sh", "-c", "touch left-behind")
		mine, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("tokenlab-check-%d-*", os.Getpid())))
		if len(mine) > 0 {
			t.Errorf("left behind: %v", mine)
		}
	})
	dead := filepath.Join(os.TempDir(), "tokenlab-check-2147483646-test")
	if err := os.MkdirAll(dead, 0o700); err != nil {
		t.Fatal(err)
	}
	sandboxtest.Runner(t, sandbox.Off) // a new runner sweeps
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		os.RemoveAll(dead)
		t.Errorf("the directory of a tokenlab that is gone was not swept: %v", err)
	}
}
