//go:build unix

package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Named on the command line, anything but a regular file is refused at
// once, never opened for reading: a FIFO would block, a device never end.
func TestCheckRefusesWhatIsNotARegularFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.py")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.py")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	assertUsageLine(t, run(t, "check", fifo), "tokenlab: cannot check "+fifo+": it is a named pipe (FIFO), not a regular file; only regular files are checked")
	assertUsageLine(t, run(t, "check", zero), "tokenlab: cannot check "+zero+": it is a device, not a regular file; only regular files are checked")
}

// In a directory, a file with a second hard link (which could be any file
// on the same file system, linked in) is reported, not read.
func TestCheckDirectoryReportsHardLinkedFiles(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "private.py")
	if err := os.WriteFile(outside, []byte("print('private-words')\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	class := t.TempDir()
	if err := os.Link(outside, filepath.Join(class, "linked.py")); err != nil {
		t.Fatal(err)
	}
	r := run(t, "check", class, "--format", "json")
	if !strings.Contains(r.stdout, "it has 2 hard links, so it may be a file from elsewhere linked into the directory; it is not read") ||
		strings.Contains(r.stdout, "private-words") {
		t.Errorf("exit %d, stdout %s", r.code, r.stdout)
	}
}
