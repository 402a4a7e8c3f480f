//go:build unix

package grade

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func sandboxRun(t *testing.T, limits Limits, argv ...string) (outcome, string) {
	t.Helper()
	dir := t.TempDir()
	o, err := run(context.Background(), spec{argv: argv, dir: dir, limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	return o, dir
}

func shortLimits() Limits {
	l := DefaultLimits()
	l.Timeout, l.TimeoutText = 500*time.Millisecond, "500ms"
	return l
}

func TestTimeoutKillsTheWholeGroup(t *testing.T) {
	start := time.Now()
	o, _ := sandboxRun(t, shortLimits(), "sh", "-c", "sleep 86.421 & sleep 86.421; echo never")
	if !o.timedOut {
		t.Errorf("not timed out: %+v", o)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to stop", d)
	}
	assertNothingLeftRunning(t, "86.421")
}

func TestChildrenDieWithTheProgram(t *testing.T) {
	o, _ := sandboxRun(t, shortLimits(), "sh", "-c", "(sleep 86.422 &) ; echo started")
	if o.timedOut || string(o.stdout) != "started\n" {
		t.Errorf("outcome %+v", o)
	}
	assertNothingLeftRunning(t, "86.422")
}

func TestOutputIsCappedAndTheRunStopped(t *testing.T) {
	for _, which := range []string{"stdout", "stderr"} {
		redirect := map[string]string{"stdout": "", "stderr": " 1>&2"}[which]
		o, _ := sandboxRun(t, DefaultLimits(), "sh", "-c", "yes flood"+redirect)
		if o.flooded != which || o.timedOut {
			t.Errorf("%s: flooded %q, timed out %v", which, o.flooded, o.timedOut)
		}
		got := map[string][]byte{"stdout": o.stdout, "stderr": o.stderr}[which]
		if len(got) != DefaultLimits().OutputBytes {
			t.Errorf("%s kept %d bytes, want the cap %d", which, len(got), DefaultLimits().OutputBytes)
		}
	}
}

func TestEnvironmentIsScrubbedAndHomeIsFresh(t *testing.T) {
	t.Setenv("TOKENLAB_SECRET", "do-not-leak")
	o, dir := sandboxRun(t, DefaultLimits(), "sh", "-c", "env; pwd")
	out := string(o.stdout)
	if strings.Contains(out, "TOKENLAB_SECRET") || strings.Contains(out, "do-not-leak") {
		t.Errorf("the caller's environment leaked in:\n%s", out)
	}
	if !strings.Contains(out, "HOME="+dir+"\n") || !strings.HasSuffix(out, dir+"\n") {
		t.Errorf("HOME and the working directory are not the fresh directory %s:\n%s", dir, out)
	}
}

func TestStdinIsEmpty(t *testing.T) {
	o, _ := sandboxRun(t, shortLimits(), "sh", "-c", "cat; echo end")
	if string(o.stdout) != "end\n" || o.timedOut {
		t.Errorf("stdin was not /dev/null: %+v", o)
	}
}

func TestPythonLimits(t *testing.T) {
	opts := testOptions(t)
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
}

// The temporary directory a solution ran in is gone afterwards.
func TestWorkingDirectoryIsRemoved(t *testing.T) {
	path := t.TempDir() + "/cwd.py"
	if err := os.WriteFile(path, []byte("import os\nprint(os.getcwd())\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := CheckFile(context.Background(), path, testOptions(t))
	var cwd string
	for _, test := range s.Tests {
		if test.ID == "output" {
			cwd = strings.TrimSpace(test.Actual)
		}
	}
	if cwd == "" || !strings.Contains(cwd, "tokenlab-check-") {
		t.Fatalf("the solution did not run in a fresh directory: %q", cwd)
	}
	if _, err := os.Stat(cwd); !os.IsNotExist(err) {
		t.Errorf("%s is still there: %v", cwd, err)
	}
}
