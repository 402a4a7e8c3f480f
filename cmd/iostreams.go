package cmd

import (
	"bytes"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/tokenlab/tokenlab/internal/report"
)

// defaultWidth is the page width when stdout is not a terminal.
const defaultWidth = report.DefaultWidth

// IOStreams are the only streams a command reads and writes, and what is
// known about them. Main builds them from the process; tests build their own.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY  bool
	OutTTY bool
	ErrTTY bool

	// TermWidth and TermHeight are the size of the terminal Out is on, 0
	// when unknown.
	TermWidth, TermHeight int

	// Resized, when set, sends each time the terminal Out is on changes
	// size, once its new width is in TermWidth (see System).
	Resized <-chan struct{}

	// Getenv reads the environment; tests give their own.
	Getenv func(string) string

	// StatusDelay is the quiet before a progress line first shows on a
	// terminal's stderr, so that quick work never shows one.
	StatusDelay time.Duration

	// SaveSettle is how long a watched file must be quiet after a change
	// before learn and watch check it; 0 is settle, the usual.
	SaveSettle time.Duration

	width, height atomic.Int64 // the terminal's size since it was last resized; 0 before
}

// statusDelay is StatusDelay as System and TestStreams set it.
const statusDelay = 300 * time.Millisecond

// System returns the process's own streams.
func System() *IOStreams {
	ios := &IOStreams{
		In:          os.Stdin,
		Out:         os.Stdout,
		ErrOut:      os.Stderr,
		InTTY:       term.IsTerminal(os.Stdin.Fd()),
		OutTTY:      term.IsTerminal(os.Stdout.Fd()),
		ErrTTY:      term.IsTerminal(os.Stderr.Fd()),
		Getenv:      os.Getenv,
		StatusDelay: statusDelay,
	}
	if ios.OutTTY {
		if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil {
			ios.TermWidth, ios.TermHeight = w, h
		}
		ios.Resized = followSize(ios, os.Stdout)
	}
	return ios
}

// followSize keeps ios.TermWidth the width of the terminal f is on, and
// sends on the channel it returns after each change (SIGWINCH where the
// system has it; never elsewhere).
func followSize(ios *IOStreams, f *os.File) <-chan struct{} {
	resized := make(chan struct{}, 1)
	sizeChanges(func() {
		if w, h, err := term.GetSize(f.Fd()); err == nil {
			ios.width.Store(int64(w))
			ios.height.Store(int64(h))
			select {
			case resized <- struct{}{}:
			default: // one is waiting already: it will read the newest width
			}
		}
	})
	return resized
}

// TestStreams returns streams over buffers, none of them a terminal, with an
// empty environment.
func TestStreams() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	ios = &IOStreams{In: in, Out: out, ErrOut: errOut, Getenv: func(string) string { return "" }, StatusDelay: statusDelay}
	return ios, in, out, errOut
}

// PageHeight is how many lines the terminal shows, as it is now; 0 when
// Out is not a terminal or its size is unknown.
func (s *IOStreams) PageHeight() int {
	if h := int(s.height.Load()); h > 0 {
		return h
	}
	return s.TermHeight
}

// PageWidth is the width prose is wrapped to: the terminal's when it is
// narrower than the default, else the default. It is read anew each time,
// so that a page drawn after the terminal is resized fits it.
func (s *IOStreams) PageWidth() int {
	w := s.TermWidth
	if now := int(s.width.Load()); now > 0 {
		w = now
	}
	if w > 0 && w < defaultWidth {
		return max(w, 20)
	}
	return defaultWidth
}
