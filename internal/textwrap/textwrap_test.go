package textwrap

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update, as every test binary must
)

func TestUnits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want []string
	}{
		{"plain words  here", []string{"plain", "words", "here"}},
		{"entries: 'alice': {'token': 'abc123', 'expiry': 100}, and", []string{"entries:", "'alice': {'token': 'abc123', 'expiry': 100},", "and"}},
		{`print the string "Refreshed token for alice: " followed by`, []string{"print", "the", "string", `"Refreshed token for alice: "`, "followed", "by"}},
		{"keep it checked with `tokenlab watch FILE`; done", []string{"keep", "it", "checked", "with", "`tokenlab watch FILE`;", "done"}},
		{"you'll see the users' tokens", []string{"you'll", "see", "the", "users'", "tokens"}},
		{`a "key": value`, []string{"a", `"key": value`}},
		{"'it's mine' he said", []string{"'it's mine'", "he", "said"}},
		{`"tokens[user]['expiry']" is read`, []string{`"tokens[user]['expiry']"`, "is", "read"}},
		{"(about 30 minutes) of work", []string{"(about", "30", "minutes)", "of", "work"}},
		{"an 'unclosed quote to the end", []string{"an", "'unclosed", "quote", "to", "the", "end"}},
		{"tokens[user].Token to \"newtoken123\" and", []string{"tokens[user].Token", "to", `"newtoken123"`, "and"}},
	}
	for _, tt := range tests {
		if got := Units(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Units(%q) =\n%q\nwant\n%q", tt.text, got, tt.want)
		}
	}
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func TestLinesKeepLiteralsWhole(t *testing.T) {
	t.Parallel()
	const task = "Create a dictionary called tokens with these exact entries: 'alice': {'token': 'abc123', 'expiry': 100}, " +
		"'bob': {'token': 'def456', 'expiry': 200}, and 'carol': {'token': 'ghi789', 'expiry': 50}."
	for width := 20; width <= 100; width++ {
		lines := Lines(task, width, runes)
		for _, l := range lines {
			if runes(l) > width {
				t.Errorf("width %d: line %q is too wide", width, l)
			}
		}
		joined := strings.Join(lines, "\n")
		// Each entry is whole where a line holds it, and its value where
		// a line holds that.
		for _, literal := range []string{"'alice': {'token': 'abc123', 'expiry': 100}", "'bob': {'token': 'def456', 'expiry': 200}", "'carol': {'token': 'ghi789', 'expiry': 50}",
			"{'token': 'abc123', 'expiry': 100}", "{'token': 'def456', 'expiry': 200}", "{'token': 'ghi789', 'expiry': 50}"} {
			if runes(literal)+1 <= width && !strings.Contains(joined, literal) {
				t.Errorf("width %d: %s is broken:\n%s", width, literal, joined)
			}
		}
		if got := strings.Join(lines, " "); got != strings.Join(strings.Fields(task), " ") {
			t.Errorf("width %d: words lost or moved: %q", width, got)
		}
	}
}

// A literal wider than a line breaks between its words rather than run
// past the edge.
func TestLinesBreakALiteralWiderThanALine(t *testing.T) {
	t.Parallel()
	got := Lines("see 'alice': {'token': 'abc123', 'expiry': 100} here", 36, runes)
	want := []string{"see 'alice':", "{'token': 'abc123', 'expiry': 100}", "here"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	got = Lines("see {'token': 'abc123', 'expiry': 100} here", 20, runes)
	want = []string{"see {'token':", "'abc123', 'expiry':", "100} here"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzLines(f *testing.F) {
	f.Add("Create a dictionary called tokens: 'alice': {'token': 'abc123'}", 20)
	f.Add("\"open `and' [never {closed", 5)
	f.Add("", 1)
	f.Fuzz(func(t *testing.T, text string, width int) {
		if width < 1 || width > 200 || !utf8.ValidString(text) {
			return
		}
		lines := Lines(text, width, runes)
		if got, want := strings.Join(lines, " "), strings.Join(strings.Fields(text), " "); got != want {
			t.Fatalf("words changed: %q, want %q", got, want)
		}
		for _, l := range lines {
			if runes(l) > width && len(strings.Fields(l)) > 1 {
				t.Fatalf("line %q of several words is wider than %d", l, width)
			}
		}
	})
}
