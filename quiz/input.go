package quiz

import (
	"fmt"
	"strings"
	"unicode"
)

// Action is what one line typed at a question asks for.
type Action int

// The actions a line can ask for.
const (
	Invalid Action = iota // re-ask, saying Problem
	Choose                // answer with Choice
	ShowHint
	Quit
)

// Line is a parsed answer line.
type Line struct {
	Action  Action
	Choice  int    // with Choose: the shown option index
	Problem string // with Invalid: what was wrong and what is allowed
}

// ParseLine reads one line typed at a question with options options: a
// letter in any case answers, h or hint shows the hint, q or quit stops.
// Spaces (and a trailing carriage return) are ignored.
func ParseLine(line string, options int) Line { return parseLine(line, options, true) }

// ParseTestLine is ParseLine for the test, which has no hints: h still
// returns ShowHint, so the caller can say so, but problems do not offer it.
func ParseTestLine(line string, options int) Line { return parseLine(line, options, false) }

func parseLine(line string, options int, hints bool) Line {
	s := strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, line))
	last := Letter(options - 1)
	allowed := fmt.Sprintf("type a letter A-%s, h for a hint, or q to stop", last)
	if !hints {
		allowed = fmt.Sprintf("type a letter A-%s, or q to stop", last)
	}
	switch s {
	case "":
		return Line{Action: Invalid, Problem: "Nothing typed: " + allowed + "."}
	case "h", "hint":
		return Line{Action: ShowHint}
	case "q", "quit":
		return Line{Action: Quit}
	}
	if len(s) == 1 && s[0] >= 'a' && s[0] <= 'z' {
		if i := int(s[0] - 'a'); i < options {
			return Line{Action: Choose, Choice: i}
		}
		return Line{Action: Invalid, Problem: fmt.Sprintf("There is no option %s: %s.", strings.ToUpper(s), allowed)}
	}
	return Line{Action: Invalid, Problem: fmt.Sprintf("%q is not an answer: %s.", clip(strings.TrimSpace(line), 20), allowed)}
}

// clip shortens s to at most n runes, so an echoed line stays short.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ParseAnswers reads --answers for what, "the quiz" or "the test": one
// comma-separated entry per item, a letter in any case or empty for
// unanswered. It returns a shown option index per item, -1 for unanswered.
func ParseAnswers(list string, items []Item, what string) ([]int, error) {
	entries := strings.Split(list, ",")
	if len(entries) != len(items) {
		return nil, fmt.Errorf("--answers has %d %s but %s has %d %s; give one per question, empty for unanswered (e.g. %s)",
			len(entries), plural(len(entries), "entry", "entries"), what, len(items), plural(len(items), "question", "questions"), exampleAnswers(len(items)))
	}
	choices := make([]int, len(entries))
	for i, e := range entries {
		e = strings.ToUpper(strings.TrimSpace(e))
		options := len(items[i].Options)
		switch {
		case e == "":
			choices[i] = -1
		case len(e) == 1 && e[0] >= 'A' && int(e[0]-'A') < options:
			choices[i] = int(e[0] - 'A')
		default:
			return nil, fmt.Errorf("--answers entry %d is %q; question %d has options A to %s (or leave it empty)",
				i+1, clip(e, 20), i+1, Letter(options-1))
		}
	}
	return choices, nil
}

// exampleAnswers is an --answers list for n questions, to show in an error:
// written out for a few, described for many, so the error stays one line.
func exampleAnswers(n int) string {
	if n > 10 {
		return fmt.Sprintf("A,C,,B and so on: %d entries", n)
	}
	ex := make([]string, n)
	for i := range ex {
		ex[i] = "A"
	}
	return strings.Join(ex, ",")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
