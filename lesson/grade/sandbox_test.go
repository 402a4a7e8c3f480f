//go:build unix

package grade

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// eachSandbox runs f with a runner for every mode this machine can test.
func eachSandbox(t *testing.T, f func(t *testing.T, r *Runner)) {
	t.Helper()
	for _, mode := range sandboxModes(t) {
		t.Run(mode, func(t *testing.T) { f(t, sandboxOptions(t, mode).Runner) })
	}
}

func sandboxRun(t *testing.T, r *Runner, limits Limits, argv ...string) outcome {
	t.Helper()
	o, err := r.run(context.Background(), spec{argv: argv, limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func shortLimits() Limits {
	l := DefaultLimits()
	l.Timeout, l.TimeoutText = 500*time.Millisecond, "500ms"
	return l
}

func TestTimeoutKillsEverythingItStarted(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *Runner) {
		start := time.Now()
		o := sandboxRun(t, r, shortLimits(), "/bin/sh", "-c", "sleep 86.421 & sleep 86.421; echo never")
		if !o.timedOut {
			t.Errorf("not timed out: %+v", o)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v to stop", d)
		}
		assertNothingLeftRunning(t, "86.421")
	})
}

func TestChildrenDieWithTheProgram(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *Runner) {
		o := sandboxRun(t, r, shortLimits(), "/bin/sh", "-c", "(sleep 86.422 &) ; echo started")
		if o.timedOut || string(o.stdout) != "started\n" {
			t.Errorf("outcome %+v", o)
		}
		assertNothingLeftRunning(t, "86.422")
	})
}

// A daemon in a session of its own that keeps the pipes open neither
// outlives the run nor keeps check waiting.
func TestDaemonHoldingThePipesCannotHoldTheCheck(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *Runner) {
		l := DefaultLimits()
		l.Timeout, l.TimeoutText = 2*time.Second, "2s"
		start := time.Now()
		o := sandboxRun(t, r, l, "/usr/bin/python3", "-I", "-c",
			"import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(86.423)\n    os._exit(0)\nos.wait()\nprint('parent done')")
		// The daemon sleeps for 86 s: a run that waited for it is a hang,
		// not a slow machine.
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("the run took %v: the daemon held it", d)
		}
		if o.timedOut || string(o.stdout) != "parent done\n" {
			t.Errorf("outcome %+v, stderr %s", o, o.stderr)
		}
		assertNothingLeftRunning(t, "86.423")
	})
}

func TestOutputIsCappedAndTheRunStopped(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *Runner) {
		for _, which := range []string{"stdout", "stderr"} {
			redirect := map[string]string{"stdout": "", "stderr": " 1>&2"}[which]
			o := sandboxRun(t, r, DefaultLimits(), "/bin/sh", "-c", "yes flood"+redirect)
			if o.flooded != which || o.timedOut {
				t.Errorf("%s: flooded %q, timed out %v", which, o.flooded, o.timedOut)
			}
			got := map[string][]byte{"stdout": o.stdout, "stderr": o.stderr}[which]
			if len(got) != DefaultLimits().OutputBytes {
				t.Errorf("%s kept %d bytes, want the cap %d", which, len(got), DefaultLimits().OutputBytes)
			}
		}
	})
}

func TestEnvironmentIsEmptyAndHomeIsPrivate(t *testing.T) {
	t.Setenv("TOKENLAB_SECRET", "do-not-leak")
	eachSandbox(t, func(t *testing.T, r *Runner) {
		o := sandboxRun(t, r, DefaultLimits(), "/bin/sh", "-c", "env; pwd; id -u")
		out := string(o.stdout)
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
	eachSandbox(t, func(t *testing.T, r *Runner) {
		o := sandboxRun(t, r, shortLimits(), "/bin/sh", "-c", "cat; echo end")
		if string(o.stdout) != "end\n" || o.timedOut {
			t.Errorf("stdin was not empty: %+v", o)
		}
	})
}

// The process limit is for the run as a whole, where it is enforced.
func TestProcessesAreLimitedForTheWholeRun(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *Runner) {
		l := DefaultLimits()
		if r.Effective(l).Processes == 0 {
			t.Skip("processes are not limited here: not root and no bubblewrap (see the README)")
		}
		o := sandboxRun(t, r, l, "/usr/bin/python3", "-I", "-c",
			"import os, time\nn = 0\nfor _ in range(200):\n    try:\n        pid = os.fork()\n    except OSError:\n        break\n    if pid == 0:\n        time.sleep(86.424)\n        os._exit(0)\n    n += 1\nprint(n)")
		n, err := strconv.Atoi(strings.TrimSpace(string(o.stdout)))
		if err != nil || n >= l.Processes {
			t.Errorf("started %q processes with a limit of %d (stderr %s)", o.stdout, l.Processes, o.stderr)
		}
		assertNothingLeftRunning(t, "86.424")
	})
}

// With a cgroup, children that each stay under the memory limit cannot
// together go over it.
func TestMemoryIsLimitedForTheWholeRunWithACgroup(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *Runner) {
		if !r.cgroups && os.Geteuid() == 0 && os.Getenv("TOKENLAB_SANDBOX_TESTS") == "require" {
			t.Fatal("TOKENLAB_SANDBOX_TESTS=require, as root, but no cgroup can be made")
		}
		if !r.cgroups {
			t.Skip("no cgroup can be made here (not root, or no cgroup v1 memory and pids hierarchies): memory is limited for each process")
		}
		l := DefaultLimits()
		l.MemoryBytes = 256 << 20
		o := sandboxRun(t, r, l, "/usr/bin/python3", "-I", "-c",
			"import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n        b = bytearray(150 << 20)\n        for i in range(0, len(b), 4096):\n            b[i] = 1\n        time.sleep(86.425)\n        os._exit(0)\ntime.sleep(1.5)\nprint('done')")
		if o.memoryPeak == 0 || o.memoryPeak > l.MemoryBytes {
			t.Errorf("the run's memory peaked at %d MiB with a limit of %d MiB", o.memoryPeak>>20, l.MemoryBytes>>20)
		}
		assertNothingLeftRunning(t, "86.425")
	})
}

func TestPythonLimits(t *testing.T) {
	t.Parallel()
	for _, mode := range sandboxModes(t) {
		t.Run(mode, func(t *testing.T) {
			opts := sandboxOptions(t, mode)
			tests := []struct {
				name, src, want string
				limits          func(*Limits)
			}{
				{"file size", "open('big', 'wb').write(b'x' * (2 << 20))\n", "File too large", nil},
				{"cpu time", "while True:\n    pass\n", "it used more than 1s of CPU time and was stopped", func(l *Limits) {
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

// No run leaves its directory behind, and a run removes what a killed
// tokenlab left.
func TestWorkDirectoriesAreRemoved(t *testing.T) {
	eachSandbox(t, func(t *testing.T, r *Runner) {
		sandboxRun(t, r, shortLimits(), "/bin/sh", "-c", "touch left-behind")
		mine, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("tokenlab-check-%d-*", os.Getpid())))
		if len(mine) > 0 {
			t.Errorf("left behind: %v", mine)
		}
	})
	dead := filepath.Join(os.TempDir(), "tokenlab-check-2147483646-test")
	if err := os.MkdirAll(dead, 0o700); err != nil {
		t.Fatal(err)
	}
	sweepWorkDirs()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		os.RemoveAll(dead)
		t.Errorf("the directory of a tokenlab that is gone was not swept: %v", err)
	}
}
