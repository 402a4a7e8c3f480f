package cmd

import (
	"bytes"
	"io"
	"os"
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

	// TermWidth is the width of the terminal Out is on, 0 when unknown.
	TermWidth int

	// Getenv reads the environment; tests give their own.
	Getenv func(string) string

	// StatusDelay is the quiet before a progress line first shows on a
	// terminal's stderr, so that quick work never shows one.
	StatusDelay time.Duration
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
		if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil {
			ios.TermWidth = w
		}
	}
	return ios
}

// TestStreams returns streams over buffers, none of them a terminal, with an
// empty environment.
func TestStreams() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	ios = &IOStreams{In: in, Out: out, ErrOut: errOut, Getenv: func(string) string { return "" }, StatusDelay: statusDelay}
	return ios, in, out, errOut
}

// PageWidth is the width prose is wrapped to: the terminal's when it is
// narrower than the default, else the default.
func (s *IOStreams) PageWidth() int {
	if s.TermWidth > 0 && s.TermWidth < defaultWidth {
		return max(s.TermWidth, 20)
	}
	return defaultWidth
}
