//go:build linux || darwin

package cmd

import (
	"context"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// singleKeys reads a terminal a key at a time: canonical mode and echo off,
// signals (Ctrl-C) left on, so interrupting works as it does with lines.
// It echoes each key and a newline itself, as the terminal did for a line.
type singleKeys struct {
	keys chan keyResult
}

type keyResult struct {
	key string
	err error
}

func newSingleKeys(f *os.File, echo io.Writer) (keyReader, func(), error) {
	fd := int(f.Fd())
	saved, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, nil, err
	}
	keys := *saved
	keys.Lflag &^= unix.ICANON | unix.ECHO
	keys.Cc[unix.VMIN], keys.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &keys); err != nil {
		return nil, nil, err
	}
	var once sync.Once
	restore := func() {
		once.Do(func() { _ = unix.IoctlSetTermios(fd, ioctlSetTermios, saved) })
	}
	// A SIGTERM or SIGHUP would end the process without running the
	// deferred restore: put the terminal back first, then let it end.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGHUP)
	stop := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			restore()
			signal.Reset(sig)
			_ = syscall.Kill(os.Getpid(), sig.(syscall.Signal))
		case <-stop:
		}
	}()
	done := func() {
		restore()
		signal.Stop(sigs)
		select {
		case <-stop:
		default:
			close(stop)
		}
	}

	sk := &singleKeys{keys: make(chan keyResult)}
	go func() {
		buf := make([]byte, 1)
		for {
			n, err := f.Read(buf)
			switch {
			case err != nil:
				sk.keys <- keyResult{err: err}
				return
			case n == 0:
				continue
			case buf[0] == 4: // Ctrl-D: end of input, as on a line of its own
				sk.keys <- keyResult{err: io.EOF}
				return
			case buf[0] == '\r' || buf[0] == '\n':
				_, _ = io.WriteString(echo, "\n")
				sk.keys <- keyResult{key: ""}
			default:
				key := string(buf[0])
				if buf[0] >= ' ' && buf[0] < 0x7f {
					_, _ = io.WriteString(echo, key+"\n")
				}
				sk.keys <- keyResult{key: key}
			}
		}
	}()
	return sk, done, nil
}

// ReadLine returns the next key pressed; a read abandoned when ctx ends
// leaves the key for the next read.
func (sk *singleKeys) ReadLine(ctx context.Context) (string, error) {
	select {
	case r := <-sk.keys:
		return r.key, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
