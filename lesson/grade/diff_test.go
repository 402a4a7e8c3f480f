package grade

import "testing"

func TestLineDiff(t *testing.T) {
	t.Parallel()
	tests := []struct{ want, got, diff string }{
		{"a\n", "a\n", "  a"},
		{"Refreshed token for alice: newtoken123\n", "Refreshed token for alice:newtoken123\n",
			"- Refreshed token for alice: newtoken123\n+ Refreshed token for alice:newtoken123"},
		{"a\n", "", "- a"},
		{"a\n", "debug\na\n", "+ debug\n  a"},
		{"a\n", "a", "- a\n+ a⏎ (no newline at the end)"},
		{"a b\n", "a b  \n", "- a b\n+ a b··"},
		{"a b\n", "a\tb\n", "- a b\n+ a\tb"},
	}
	for _, tt := range tests {
		if got := lineDiff(tt.want, tt.got); got != tt.diff {
			t.Errorf("lineDiff(%q, %q) =\n%s\nwant\n%s", tt.want, tt.got, got, tt.diff)
		}
	}
}
