//go:build windows

package progress

import (
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes an exclusive lock on the file at path (created if need
// be), waiting for any other holder, and returns its release. See the Unix
// version for why the lock has a file of its own.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, pathless(err)
	}
	h := windows.Handle(f.Fd())
	ol := new(windows.Overlapped)
	if err := windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, ol); err != nil {
		f.Close()
		return nil, pathless(&os.PathError{Op: "lock", Path: path, Err: err})
	}
	return func() {
		_ = windows.UnlockFileEx(h, 0, 1, 0, ol)
		f.Close()
	}, nil
}

// syncDir does nothing: Windows cannot open a directory to sync it, and
// its rename (MoveFileEx) is already durable once it returns.
func syncDir(string) error { return nil }
