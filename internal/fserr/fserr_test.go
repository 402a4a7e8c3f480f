package fserr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"

	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update, as every test binary must
)

func TestWording(t *testing.T) {
	t.Parallel()
	_, err := os.Open("/no/such/file")
	wrapped := fmt.Errorf("loading: %w", err)
	other := errors.New("plain")
	tests := []struct {
		err             error
		pathless, cause string
	}{
		{err, "/no/such/file: no such file or directory", "no such file or directory"},
		{wrapped, "/no/such/file: no such file or directory", "no such file or directory"},
		{other, "plain", "plain"},
	}
	for _, tt := range tests {
		if got := Pathless(tt.err).Error(); got != tt.pathless {
			t.Errorf("Pathless(%v) = %q, want %q", tt.err, got, tt.pathless)
		}
		if got := Cause(tt.err).Error(); got != tt.cause {
			t.Errorf("Cause(%v) = %q, want %q", tt.err, got, tt.cause)
		}
	}
	if !errors.Is(Pathless(err), fs.ErrNotExist) || !errors.Is(Cause(err), fs.ErrNotExist) {
		t.Error("the reason is no longer matched by errors.Is")
	}
}
