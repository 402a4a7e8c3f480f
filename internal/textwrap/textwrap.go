// Package textwrap breaks prose into lines between words, never inside a
// code literal the prose quotes: a line that ends in {'token': leaves the
// learner to guess what the exercise asks them to type.
package textwrap

import "strings"

// Lines breaks text into lines of at most width columns, as measured by
// width, folding runs of white space to one. A quoted literal ('abc123',
// "Refreshed token for alice: ", `tokenlab watch FILE`) or a bracketed one
// ({'token': 'abc123', 'expiry': 100}) stays on one line unless it is
// wider than a line by itself; then it breaks between its words.
func Lines(text string, limit int, width func(string) int) []string {
	var lines []string
	line, n := "", 0
	add := func(word string) {
		w := width(word)
		switch {
		case line == "":
			line, n = word, w
		case n+1+w > limit:
			lines = append(lines, line)
			line, n = word, w
		default:
			line += " " + word
			n += 1 + w
		}
	}
	for _, unit := range Units(text) {
		if width(unit) <= limit {
			add(unit)
			continue
		}
		// Too wide: a key apart from its value, then word by word.
		for _, part := range units(unit, false) {
			if width(part) <= limit {
				add(part)
				continue
			}
			for _, word := range strings.Fields(part) {
				add(word)
			}
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// Units splits text into its words, keeping each literal whole: the words
// from one that opens a quote or a bracket to the one that closes it are
// one unit, joined by single spaces, and a quoted key ('alice':) goes with
// its value.
func Units(text string) []string { return units(text, true) }

func units(text string, keys bool) []string {
	var units, pending []string
	var s scanner
	for _, word := range strings.Fields(text) {
		s.scan(word)
		pending = append(pending, word)
		if s.open() || keys && isKey(word) {
			continue
		}
		units = append(units, strings.Join(pending, " "))
		pending = nil
	}
	if len(pending) > 0 { // an unclosed literal: its words break as any
		units = append(units, pending...)
	}
	return units
}

// isKey reports whether word is a quoted dictionary key ('alice':), which
// stays with its value.
func isKey(word string) bool {
	for _, q := range []string{"'", `"`} {
		if len(word) > 3 && strings.HasPrefix(word, q) && strings.HasSuffix(word, q+":") {
			return true
		}
	}
	return false
}

// scanner follows the quotes and brackets open at the end of each word.
type scanner struct {
	quote    rune // the quote open, or 0
	brackets int  // { and [ open outside quotes
}

func (s *scanner) open() bool { return s.quote != 0 || s.brackets > 0 }

func (s *scanner) scan(word string) {
	runes := []rune(word)
	for i, r := range runes {
		var prev, next rune
		if i > 0 {
			prev = runes[i-1]
		}
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		switch {
		case s.quote != 0:
			// An apostrophe inside a word (it's) does not close a quote.
			if r == s.quote && !(r == '\'' && isLetter(prev) && isLetter(next)) {
				s.quote = 0
			}
		case r == '\'' || r == '"' || r == '`':
			// A quote opens at the start of a word or after a bracket or
			// a colon; elsewhere it is an apostrophe (you'll, users').
			if i == 0 || strings.ContainsRune("{[(:=,", prev) {
				s.quote = r
			}
		case r == '{' || r == '[':
			s.brackets++
		case (r == '}' || r == ']') && s.brackets > 0:
			s.brackets--
		}
	}
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}
