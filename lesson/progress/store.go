package progress

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/tokenlab/tokenlab/internal/fserr"

	"github.com/rogpeppe/go-internal/lockedfile"
	"github.com/tokenlab/tokenlab/internal/atomicfile"
	"github.com/tokenlab/tokenlab/internal/safefile"
)

// FileName is the progress file's name in its directory.
const FileName = "progress.json"

// Locate returns where progress is kept: $TOKENLAB_HOME/progress.json, else
// $XDG_STATE_HOME/tokenlab/progress.json, else
// ~/.local/state/tokenlab/progress.json. A relative TOKENLAB_HOME or
// XDG_STATE_HOME is ignored, as the XDG Base Directory specification says
// for its variables: progress must not move with the current directory.
// It reads the environment only through getenv, so callers (and tests)
// decide what it sees.
func Locate(getenv func(string) string) (string, error) {
	if dir := getenv("TOKENLAB_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, FileName), nil
	}
	if dir := getenv("XDG_STATE_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "tokenlab", FileName), nil
	}
	homeVar := "HOME"
	if runtime.GOOS == "windows" {
		homeVar = "USERPROFILE"
	}
	if home := getenv(homeVar); home != "" {
		return filepath.Join(home, ".local", "state", "tokenlab", FileName), nil
	}
	return "", fmt.Errorf("no place to keep progress: set TOKENLAB_HOME to an absolute path (or set %s)", homeVar)
}

// FileError says the progress file exists but cannot be used: it is
// unreadable, corrupt or from a newer tokenlab. The file is left as it is.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *FileError) Unwrap() error { return e.Err }

// Store is the progress file at one path.
type Store struct {
	path string
}

// NewStore returns the store at path. Nothing is touched until it is used.
func NewStore(path string) *Store { return &Store{path: path} }

// Path is the progress file's path.
func (s *Store) Path() string { return s.path }

// Load reads the progress. A missing file is a learner who has done nothing
// yet (fresh progress with a quiz of total questions), not an error. Load
// takes no lock and never writes: the file is only ever replaced whole, by
// rename, so a read sees one version or the other.
func (s *Store) Load(total int) (Progress, error) {
	data, err := safefile.ReadFile(s.path, MaxFileBytes, "a progress file")
	if errors.Is(err, fs.ErrNotExist) {
		return New(total), nil
	}
	var notRegular *safefile.NotRegularError
	var tooLarge *safefile.TooLargeError
	switch {
	case errors.As(err, &notRegular):
		return Progress{}, &FileError{s.path, fmt.Errorf("is %s, not a regular file", notRegular.What())}
	case errors.As(err, &tooLarge):
		return Progress{}, &FileError{s.path, fmt.Errorf("is larger than %s, the most a progress file may be", safefile.Size(MaxFileBytes))}
	case err != nil:
		return Progress{}, &FileError{s.path, fserr.Cause(err)}
	}
	p, err := Decode(data)
	if err != nil {
		return Progress{}, &FileError{s.path, err}
	}
	return p, nil
}

// Update reads the progress, applies change and writes the result, all
// under an exclusive lock, so concurrent tokenlab processes never lose each
// other's updates. The directory is created if need be. If the file cannot
// be read or understood, Update returns a *FileError and leaves it exactly
// as it was. If change reports no change, nothing is written.
func (s *Store) Update(total int, change func(*Progress) bool) error {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fserr.Pathless(err)
	}
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()

	s.sweep()
	p, err := s.Load(total)
	if err != nil {
		return err
	}
	if !change(&p) {
		return nil
	}
	return atomicfile.WriteFile(s.path, p.Encode(), 0o600)
}

// MaxFileBytes is the largest progress file tokenlab reads; one it writes
// is a few hundred bytes.
const MaxFileBytes = 1 << 20

// sweep removes the temporary files of writers that died before they
// renamed theirs into place (a kill, a crash). Every write happens under
// the lock, which the caller holds: a temporary file there now is no live
// writer's.
func (s *Store) sweep() {
	pattern := filepath.Join(filepath.Dir(s.path), "."+filepath.Base(s.path)+".*.tmp")
	stale, _ := filepath.Glob(pattern)
	for _, f := range stale {
		os.Remove(f)
	}
}

// lock takes the store's exclusive lock, waiting for any other holder. It
// is on a file of its own beside the progress file, because the progress
// file is replaced by rename and a lock on the old one would guard nothing.
func (s *Store) lock() (unlock func(), err error) {
	unlock, err = lockedfile.MutexAt(s.path + ".lock").Lock()
	if err != nil {
		return nil, fserr.Pathless(err)
	}
	return unlock, nil
}

// Reset moves the progress file aside to a backup beside it and returns the
// backup's path, or "" when there was no file. The learner starts afresh;
// the old file, readable or not, is kept byte for byte.
func (s *Store) Reset() (backup string, err error) {
	if _, err := os.Lstat(s.path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	unlock, err := s.lock()
	if err != nil {
		return "", err
	}
	defer unlock()

	if _, err := os.Lstat(s.path); errors.Is(err, fs.ErrNotExist) {
		return "", nil // another process reset it first
	}
	// Never overwrite an earlier backup: the first free name wins.
	for n := 1; ; n++ {
		backup = s.path + ".bak"
		if n > 1 {
			backup = fmt.Sprintf("%s.bak.%d", s.path, n)
		}
		if _, err := os.Lstat(backup); errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err := os.Rename(s.path, backup); err != nil {
		return "", fserr.Pathless(err)
	}
	return backup, atomicfile.SyncDir(filepath.Dir(s.path))
}
