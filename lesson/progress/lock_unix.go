//go:build unix

package progress

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on the file at path (created if need
// be), waiting for any other holder, and returns its release. The lock is
// on a file of its own, not on the progress file, because the progress file
// is replaced by rename and a lock on the old one would guard nothing.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, pathless(err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, pathless(&os.PathError{Op: "lock", Path: path, Err: err})
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return pathless(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return pathless(err)
	}
	return nil
}
