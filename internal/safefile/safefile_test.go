//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test if f has not returned after a second: a FIFO that
// blocks must show up as a failure, not a hung test.
func within(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("still reading after a second: it blocked")
	}
}

func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zeroLink := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zeroLink); err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		fifo:        "is a named pipe (FIFO), not a regular file",
		"/dev/zero": "is a device, not a regular file",
		zeroLink:    "is a device, not a regular file",
		dir:         "is a directory, not a regular file",
	}
	for path, want := range tests {
		within(t, func() {
			_, err := ReadFile(path, 1<<20, "a bank")
			var nr *NotRegularError
			if !errors.As(err, &nr) || !strings.HasSuffix(err.Error(), want) {
				t.Errorf("ReadFile(%s) = %v, want ...%s", path, err, want)
			}
		})
	}
}

func TestReadFileCapsTheSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("12345"), 0o600); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(path, 5, "a bank"); err != nil || string(data) != "12345" {
		t.Errorf("at the cap: %q, %v", data, err)
	}
	_, err := ReadFile(path, 4, "a bank")
	var tl *TooLargeError
	if !errors.As(err, &tl) || err.Error() != path+" is larger than 0 KiB, the most a bank may be" {
		t.Errorf("over the cap: %v", err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "absent"), 5, "a bank"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v, want not exist", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{1 << 20: "1 MiB", 4 << 20: "4 MiB", 64 << 10: "64 KiB", 1536 << 10: "1536 KiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
