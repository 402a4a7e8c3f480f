// Package atomicfile writes files so that a crash leaves the old file or
// the new one, never half of one: the progress file, and the starter
// solutions init and learn write.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tokenlab/tokenlab/internal/fserr"
)

// WriteFile replaces path with data: a temporary file in the same
// directory, written and fsynced, then renamed over path, then the
// directory fsynced. Errors name the file without the operation ("X:
// permission denied").
func WriteFile(path string, data []byte, perm fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fserr.Pathless(err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fserr.Pathless(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fserr.Pathless(err)
	}
	if err := tmp.Sync(); err != nil {
		return fserr.Pathless(err)
	}
	if err := tmp.Close(); err != nil {
		return fserr.Pathless(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fserr.Pathless(err)
	}
	return SyncDir(dir)
}

// Create writes data to path, which must not exist: whole, under another
// name first, then linked into place, so a file that appears meanwhile is
// never overwritten and no reader sees half of it. An existing path is an
// error satisfying errors.Is(err, fs.ErrExist), and is left as it was.
func Create(path string, data []byte, perm fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fserr.Pathless(err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fserr.Pathless(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fserr.Pathless(err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fserr.Pathless(err)
	}
	if err := tmp.Close(); err != nil {
		return fserr.Pathless(err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			return fmt.Errorf("%s: %w", path, le.Err)
		}
		return err
	}
	return SyncDir(dir)
}
