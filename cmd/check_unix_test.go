//go:build unix

package cmd

import (
	"os"
	"path/filepath"
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
