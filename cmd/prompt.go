package cmd

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// lineReader reads input one line at a time over one shared bufio.Reader,
// so a quiz run inside another session (learn) sees the same input. A read
// can be abandoned when ctx ends (Ctrl-C); the line it was waiting for is
// kept for the next read, never lost.
type lineReader struct {
	r       *bufio.Reader
	pending chan lineResult // a read in flight, or nil
}

type lineResult struct {
	line string
	err  error
}

func newLineReader(in io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReader(in)}
}

// ReadLine returns the next line without its line ending (\n or \r\n). A
// last line with no newline is returned with a nil error; after it, io.EOF.
func (lr *lineReader) ReadLine(ctx context.Context) (string, error) {
	if lr.pending == nil {
		ch := make(chan lineResult, 1)
		lr.pending = ch
		go func() {
			line, err := lr.r.ReadString('\n')
			if err == io.EOF && line != "" {
				err = nil
			}
			ch <- lineResult{strings.TrimRight(line, "\r\n"), err}
		}()
	}
	select {
	case res := <-lr.pending:
		lr.pending = nil
		return res.line, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
