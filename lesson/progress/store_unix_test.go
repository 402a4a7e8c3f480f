//go:build unix

package progress

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO nobody writes to, or a link to /dev/zero, in the progress file's
// place is reported at once, as any unreadable file is, and left as it is.
func TestAProgressFileThatIsNotAFileIsReportedAtOnce(t *testing.T) {
	tests := map[string]func(path string) error{
		"a FIFO":              func(path string) error { return syscall.Mkfifo(path, 0o600) },
		"a link to /dev/zero": func(path string) error { return os.Symlink("/dev/zero", path) },
	}
	for name, create := range tests {
		t.Run(name, func(t *testing.T) {
			s := NewStore(filepath.Join(t.TempDir(), FileName))
			if err := create(s.Path()); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { _, err := s.Load(5); done <- err }()
			select {
			case err := <-done:
				var fe *FileError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("Load error = %v, want a *FileError saying it is not a regular file", err)
				}
			case <-time.After(2 * time.Second):
				t.Fatal("Load still reading after 2s")
			}
			if st, err := os.Lstat(s.Path()); err != nil || st.Mode().IsRegular() {
				t.Errorf("the file in its place was changed: %v, %v", st, err)
			}
		})
	}
}
