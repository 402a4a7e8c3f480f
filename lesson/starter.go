package lesson

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tokenlab/tokenlab/internal/textwrap"
)

// Starter is the file a learner starts from, in lang, to be saved as
// fileName: the four steps as commented tasks in order, with the place for
// each step's code marked and nothing solved. It runs as it is.
func Starter(lang Language, fileName string) (string, error) {
	var comment string
	switch lang {
	case Python:
		comment = "#"
	case Go:
		comment = "//"
	default:
		return "", fmt.Errorf("no starter in %q; languages are python and go", lang)
	}
	var b strings.Builder
	line := func(s string) {
		if s == "" {
			b.WriteString(comment + "\n")
			return
		}
		b.WriteString(comment + " " + s + "\n")
	}
	l := Content()
	line(l.Title + ": your solution.")
	line("")
	for _, s := range wrapWords(l.Goal, 74) {
		line(s)
	}
	line("")
	line("Work through the steps in order. Check your work as you go:")
	for _, c := range [][2]string{
		{"tokenlab watch " + fileName, "re-checks it every time you save"},
		{"tokenlab check " + fileName, "checks it once"},
		{"tokenlab hint", "a hint for the first step not passing"},
	} {
		line(fmt.Sprintf("  %-*s  %s", len("tokenlab watch "+fileName), c[0], c[1]))
	}
	line("This file runs as it is; each step adds to it.")
	if lang == Go {
		line("Keep the names tokens, currentTime, refreshToken and main: the checks")
		line("look for them, and run refreshToken on data of their own.")
		b.WriteString("\npackage main\n")
	}
	for _, s := range l.Steps {
		step := func() {
			line(fmt.Sprintf("Step %d: %s", s.Number, s.Title))
			for _, t := range wrapWords(s.TaskIn(lang), 74) {
				line(t)
			}
			line(fmt.Sprintf("Your code for step %d goes here.", s.Number))
		}
		if lang == Go && s.Number == StepCount {
			b.WriteString("\nfunc main() {\n")
			comment = "\t//"
			step()
			b.WriteString("}\n")
			continue
		}
		b.WriteString("\n")
		step()
	}
	return b.String(), nil
}

// wrapWords breaks text into lines of at most width runes, between words
// and never inside a quoted literal.
func wrapWords(text string, width int) []string {
	return textwrap.Lines(text, width, utf8.RuneCountInString)
}
