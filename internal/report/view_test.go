package report

import (
	"testing"

	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update
)

func TestWrap(t *testing.T) {
	tests := []struct {
		text   string
		width  int
		prefix string
		want   string
	}{
		{"one two three", 80, "", "one two three"},
		{"one two three", 9, "", "one two\nthree"},
		{"one  two\nthree", 80, "  ", "  one two three"},
		{"aaaaaaaaaaaaaaaaaaaa bb", 12, "", "aaaaaaaaaaaaaaaaaaaa\nbb"},
		{"", 10, "  ", ""},
	}
	for _, tt := range tests {
		if got := Wrap(tt.text, tt.width, tt.prefix); got != tt.want {
			t.Errorf("Wrap(%q, %d, %q) = %q, want %q", tt.text, tt.width, tt.prefix, got, tt.want)
		}
	}
}

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text: é, ✓", "plain text: é, ✓"},
		{"\x1b[2J\x1b]52;c;abc\x07", `\x1b[2J\x1b]52;c;abc\x07`},
		{"line\nnext\ttab\r", `line\nnext\ttab\r`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202eevil", `bidi \u202eevil`},
		{"bad \xff byte", `bad \xff byte`},
		{"del \x7f", `del \x7f`},
	}
	for _, tt := range tests {
		if got := Visible(tt.in); got != tt.want {
			t.Errorf("Visible(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestVisibleName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"class/ann.py", "class/ann.py"},
		{"a\npass.py", `"a\npass.py"`},
		{" spaced.py", `" spaced.py"`},
		{"back\\slash\"quote\n.py", `"back\\slash\"quote\n.py"`},
		{`back\slash"quote.py`, `back\slash"quote.py`},
	}
	for _, tt := range tests {
		if got := VisibleName(tt.in); got != tt.want {
			t.Errorf("VisibleName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
