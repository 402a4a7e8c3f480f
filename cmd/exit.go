package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit codes, decided here and nowhere else.
const (
	ExitOK          = 0   // success
	ExitFailed      = 1   // something checked did not pass
	ExitUsage       = 2   // bad usage or bad input
	ExitInterrupted = 130 // interrupted (Ctrl-C)
)

// UsageError is bad usage or bad input: exit 2 with its one-line message.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usageErrorf returns a *UsageError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// asUsage marks err as bad usage or input, keeping nil as nil.
func asUsage(err error) error {
	if err == nil {
		return nil
	}
	return &UsageError{Err: err}
}

// ErrFailed says something checked did not pass; the command has already
// said what, so nothing more is printed. Exit 1.
var ErrFailed = errors.New("a check did not pass")

// exitCode maps the outcome of a command to the process's exit code.
func exitCode(err error, interrupted bool) int {
	var usage *UsageError
	switch {
	case err == nil:
		return ExitOK
	case interrupted || errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &usage):
		return ExitUsage
	default:
		return ExitFailed
	}
}

// reportError prints err as one line on w, unless the command already
// reported it. It never prints usage text or a stack trace.
func reportError(w io.Writer, err error, interrupted bool) {
	switch {
	case err == nil, errors.Is(err, ErrFailed):
		return
	case interrupted || errors.Is(err, context.Canceled):
		fmt.Fprintln(w, "tokenlab: interrupted")
		return
	}
	msg := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	fmt.Fprintf(w, "tokenlab: %s\n", msg)
}
