package cmd

import (
	"context"
	"os"
)

// keyReader is what the learner types: a key at a time on a terminal (see
// keys_termios.go), else a line at a time (see prompt.go). Either way a
// read returns what one answer is: a letter, a word, or "" for Enter.
type keyReader interface {
	ReadLine(ctx context.Context) (string, error)
}

// newKeyReader reads ios.In: single keys when it is a terminal tokenlab
// can switch to reading keys, lines otherwise. done puts the terminal back
// as it was; call it on every way out (it is safe to call more than once).
func newKeyReader(ios *IOStreams) (kr keyReader, done func()) {
	if f, ok := ios.In.(*os.File); ok && ios.InTTY {
		if kr, done, err := newSingleKeys(f, ios.Out); err == nil {
			return kr, done
		}
	}
	return newLineReader(ios.In), func() {}
}
