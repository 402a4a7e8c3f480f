package report

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
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

// A table wider than its page wraps its last column between words, its
// later lines under the column's start; nothing is cut mid-word.
func TestTableFitsItsWidth(t *testing.T) {
	tab := Table{Width: 40, Header: []string{"step", "what"}}
	tab.Add(Plain("3"), Plain("a token whose expiry equals current_time is left alone"))
	tab.Add(Plain("4"), Plain("short"))
	got := tab.Render(Theme{}, "  ")
	want := "" +
		"  step  what\n" +
		"  3     a token whose expiry equals\n" +
		"        current_time is left alone\n" +
		"  4     short\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, line := range strings.Split(got, "\n") {
		if len(line) > 40 {
			t.Errorf("line over 40 columns: %q", line)
		}
	}
	// Too narrow a page for a wrapped column: the rows are stacked, and
	// every word is kept.
	tab.Width = 10
	got = tab.Render(Theme{}, "  ")
	if !strings.HasPrefix(got, "  3\n    what  a token\n") || strings.Join(strings.Fields(got), " ") != "3 what a token whose expiry equals current_time is left alone 4 what short" {
		t.Errorf("a page too narrow to wrap in:\n%s", got)
	}
}

// At 40 columns the steps table fits, wrapping titles between words.
func TestStepsTableAt40Columns(t *testing.T) {
	got := StepsTable(Theme{}, "state", func(int) Cell { return Plain("to do") }, 40)
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if len([]rune(line)) > 40 {
			t.Errorf("line over 40 columns: %q", line)
		}
	}
	for _, word := range strings.Fields("Create the initial tokens dictionary Print the refreshed token") {
		if !strings.Contains(got, word) {
			t.Errorf("%q was cut:\n%s", word, got)
		}
	}
}

// A table that cannot fit its page, even with a column wrapped, is written
// a row at a time, each cell after its column's name: nothing passes the
// page's edge, and no cell is cut.
func TestTableTooWideIsStacked(t *testing.T) {
	th := NewTheme()
	tb := Table{Width: 60, Header: []string{"call", "expiry < current_time", "result", "token", "expiry"}, RightCol: map[int]bool{4: true}}
	tb.Add(Plain("refresh_token('alice')"), Plain("100 < 120 is true"), Plain("renewed"), Plain("newtoken123"), Plain("220"))
	tb.Add(Plain("refresh_token('bob')"), Plain("200 < 120 is false"), Plain("unchanged"), Plain("def456"), Plain("200"))
	got := ansi.Strip(tb.Render(th, Indent))
	want := `  refresh_token('alice')
    expiry < current_time  100 < 120 is true
    result                 renewed
    token                  newtoken123
    expiry                 220
  refresh_token('bob')
    expiry < current_time  200 < 120 is false
    result                 unchanged
    token                  def456
    expiry                 200
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	tb.Width = 80
	if got := ansi.Strip(tb.Render(th, Indent)); !strings.HasPrefix(got, "  call  ") {
		t.Errorf("at 80 columns the table is not a table:\n%s", got)
	}
}
