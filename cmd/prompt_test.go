package cmd

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestLineReader(t *testing.T) {
	t.Parallel()
	lr := newLineReader(strings.NewReader("a\r\nb\n\nlast"))
	ctx := context.Background()
	for _, want := range []string{"a", "b", "", "last"} {
		got, err := lr.ReadLine(ctx)
		if err != nil || got != want {
			t.Fatalf("ReadLine = %q, %v; want %q", got, err, want)
		}
	}
	if _, err := lr.ReadLine(ctx); err != io.EOF {
		t.Errorf("after the last line: %v, want EOF", err)
	}
}

// An abandoned read keeps its line for the next one.
func TestLineReaderKeepsTheLineOfAnAbandonedRead(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	lr := newLineReader(pr)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lr.ReadLine(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled read: %v", err)
	}
	go func() { _, _ = io.WriteString(pw, "kept\n") }()
	if got, err := lr.ReadLine(context.Background()); err != nil || got != "kept" {
		t.Errorf("next read = %q, %v; want kept", got, err)
	}
}
