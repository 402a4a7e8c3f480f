//go:build unix

package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs tokenlab and fails the test, rather than hang it, when a
// command is still running after a few seconds.
func runWithin(t *testing.T, l *learner, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() { done <- l.run(args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(5 * time.Second):
		t.Fatalf("tokenlab %s still running after 5s", strings.Join(args, " "))
		return result{}
	}
}

// Nothing tokenlab reads can hang it or fill its memory: a FIFO nobody
// writes to, /dev/zero or a link to it, named as a sheet, a bank or in the
// progress file's place, is refused at once with one line and exit 2.
func TestFilesThatAreNotFilesAreRefusedAtOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"quiz", "grade", fifo}, "tokenlab: cannot read the sheet: " + fifo + " is a named pipe (FIFO), not a regular file; give a CSV file"},
		{[]string{"quiz", "grade", "/dev/zero"}, "tokenlab: cannot read the sheet: /dev/zero is a device, not a regular file; give a CSV file"},
		{[]string{"quiz", "grade", zero}, "tokenlab: cannot read the sheet: " + zero + " is a device, not a regular file; give a CSV file"},
		{[]string{"quiz", "--bank", fifo}, "tokenlab: cannot read the bank: " + fifo + " is a named pipe (FIFO), not a regular file; a bank is a YAML file"},
		{[]string{"quiz", "--bank", zero}, "tokenlab: cannot read the bank: " + zero + " is a device, not a regular file; a bank is a YAML file"},
	}
	for _, tt := range tests {
		assertUsageLine(t, runWithin(t, newLearner(t), tt.args...), tt.want)
	}

	for name, place := range map[string]func(string) error{
		"a FIFO":              func(p string) error { return syscall.Mkfifo(p, 0o600) },
		"a link to /dev/zero": func(p string) error { return os.Symlink("/dev/zero", p) },
	} {
		l := newLearner(t)
		if err := place(l.path()); err != nil {
			t.Fatal(err)
		}
		if r := runWithin(t, l); r.code != ExitOK || !strings.Contains(r.stdout, "Token refresh mechanism") {
			t.Errorf("the overview with %s as progress: exit %d, stderr %q", name, r.code, r.stderr)
		}
		r := runWithin(t, l, "progress")
		if r.code != ExitUsage || !strings.Contains(r.stderr, "not a regular file") {
			t.Errorf("progress with %s as progress: exit %d, stderr %q", name, r.code, r.stderr)
		}
	}
}

// A sheet of one endless line is refused at its cap, not read into memory.
func TestGradeRefusesAnEndlessLine(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "long.csv")
	if err := os.WriteFile(path, []byte("learner,1,2,3,4,5\n"+strings.Repeat("x", 2<<20)), 0o600); err != nil {
		t.Fatal(err)
	}
	assertUsageLine(t, runWithin(t, newLearner(t), "quiz", "grade", path),
		"tokenlab: "+path+":2: a line longer than 1024 KiB; a sheet's rows are a name and one short answer per question")
}
