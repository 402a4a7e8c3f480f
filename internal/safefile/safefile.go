// Package safefile opens the files tokenlab reads (answer sheets, banks,
// progress, solutions) so that no file can hang it or fill its memory:
// only regular files are read, decided from the open file itself, and
// whole-file reads have a size cap.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// NotRegularError is a path that names something other than a regular file.
type NotRegularError struct {
	Path string
	Mode os.FileMode
}

// What says what the path is instead: "a named pipe (FIFO)", "a device".
func (e *NotRegularError) What() string {
	switch m := e.Mode; {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Path, e.What())
}

// TooLargeError is a file over the size cap of what it is meant to be.
type TooLargeError struct {
	Path  string
	Limit int64
	What  string // "a bank", "a progress file"
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s, the most %s may be", e.Path, Size(e.Limit), e.What)
}

// Size shows a byte count the way the messages do: "4 MiB", "64 KiB".
func Size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// Open opens path for reading. It opens without blocking, so a FIFO
// nobody writes to cannot hang it, and refuses with a *NotRegularError
// anything the open file shows is not a regular file, links to one
// included. Other errors are *os.PathError.
func Open(path string) (*os.File, os.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		// Opening a socket fails; say what it is.
		if st, serr := os.Stat(path); serr == nil && !st.Mode().IsRegular() {
			return nil, nil, &NotRegularError{Path: path, Mode: st.Mode()}
		}
		return nil, nil, err
	}
	st, err := regular(f, path)
	if err != nil {
		return nil, nil, err
	}
	return f, st, nil
}

// regular decides from an open file that it is a regular file, and closes
// it when it is not.
func regular(f *os.File, path string) (os.FileInfo, error) {
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = &NotRegularError{Path: path, Mode: st.Mode()}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return st, nil
}

// ErrLink is a link OpenIn would not follow: one that leads out of the
// directory, or any link where it follows none.
var ErrLink = errors.New("a link that is not followed")

// HardLinkedError is a file found in a directory that has other names
// too: it may be a file from anywhere on the same file system, linked in.
type HardLinkedError struct {
	Path  string
	Links uint64
}

func (e *HardLinkedError) Error() string {
	return fmt.Sprintf("%s has %d hard links: it may be a file from elsewhere, linked in", e.Path, e.Links)
}

// OpenIn opens name, relative to dir, for reading, as Open does, without
// ever leaving dir: no link on the way may lead out of it (os.Root), and
// with noFollow name itself must not be a link (a file swapped for a link
// after dir was listed). A file with more than one hard link is refused
// with a *HardLinkedError: from inside dir, one cannot tell it is not a
// file from elsewhere.
func OpenIn(dir, name string, noFollow bool) (*os.File, os.FileInfo, error) {
	path := filepath.Join(dir, name)
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	flag := os.O_RDONLY | syscall.O_NONBLOCK
	if noFollow {
		flag |= noFollowFlag
	}
	f, err := root.OpenFile(name, flag, 0)
	if err != nil {
		st, serr := root.Lstat(name)
		switch {
		case serr != nil:
		case st.Mode()&os.ModeSymlink != 0:
			return nil, nil, &os.PathError{Op: "open", Path: path, Err: ErrLink}
		case !st.Mode().IsRegular():
			return nil, nil, &NotRegularError{Path: path, Mode: st.Mode()}
		}
		return nil, nil, err
	}
	st, err := regular(f, path)
	if err != nil {
		return nil, nil, err
	}
	if n := hardLinks(st); n > 1 {
		f.Close()
		return nil, nil, &HardLinkedError{Path: path, Links: n}
	}
	return f, st, nil
}

// ReadFileIn reads a whole regular file, name in dir, opened by OpenIn, of
// at most limit bytes.
func ReadFileIn(dir, name string, noFollow bool, limit int64, what string) ([]byte, error) {
	f, st, err := OpenIn(dir, name, noFollow)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, st, filepath.Join(dir, name), limit, what)
}

// ReadFile reads a whole regular file of at most limit bytes; what names
// the kind of file for the error when it is larger ("a bank").
func ReadFile(path string, limit int64, what string) ([]byte, error) {
	f, st, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, st, path, limit, what)
}

func readAll(f *os.File, st os.FileInfo, path string, limit int64, what string) ([]byte, error) {
	tooLarge := &TooLargeError{Path: path, Limit: limit, What: what}
	if st.Size() > limit {
		return nil, tooLarge
	}
	// The file may grow after the fstat: read one byte past the cap to know.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, tooLarge
	}
	return data, nil
}
