package quiz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"
)

// Outcome is what one answer on a sheet came to.
type Outcome byte

// The outcomes of an answer.
const (
	Unanswered Outcome = iota
	Right
	Wrong
	InvalidAnswer // not a letter of the question's options: wrong, and listed
)

func (o Outcome) String() string {
	return [...]string{"unanswered", "correct", "wrong", "invalid"}[o]
}

// BadAnswer is an answer on a sheet that is not one of the options.
type BadAnswer struct {
	Question int // bank number
	Value    string
}

// Row is one learner's row of a sheet, graded. Grade reuses it for the
// next row: copy what you keep.
type Row struct {
	Learner  string
	Line     int // the line the row starts on
	Score    int
	Outcomes []Outcome // one per question, in bank order
	Invalid  []BadAnswer
}

// ItemStats is the class's result on one question.
type ItemStats struct {
	Question   Question
	Correct    int   // learners who chose the answer
	Choices    []int // learners who chose each option, by letter
	Unanswered int
	Invalid    int
	// Facility is the share of learners who got it right; 0 with no learners.
	Facility float64
	// Discrimination is the correlation of the item's score with the rest
	// of the test (the learner's total without this item), as Moodle's quiz
	// statistics compute it. Defined is false when either side does not vary.
	Discrimination float64
	Defined        bool
}

// MostlyWrong reports whether most of the class got the question wrong.
func (s ItemStats) MostlyWrong(learners int) bool {
	return learners > 0 && 2*s.Correct < learners
}

// LowDiscriminationBelow is the discrimination index under which a
// question is flagged: common item-analysis guidance counts an index below
// 0.2 as poor, and one below 0 as a question the stronger learners got
// wrong more often than the weaker.
const LowDiscriminationBelow = 0.2

// LowDiscrimination reports whether the question's discrimination is
// known and below LowDiscriminationBelow.
func (s ItemStats) LowDiscrimination() bool {
	return s.Defined && s.Discrimination < LowDiscriminationBelow
}

// StrongDistractors returns the wrong options that drew more answers than
// the right one.
func (s ItemStats) StrongDistractors() []int {
	var out []int
	answer := s.Question.Answer()
	for i, n := range s.Choices {
		if i != answer && n > s.Choices[answer] {
			out = append(out, i)
		}
	}
	return out
}

// ClassStats is what a whole sheet came to, question by question.
type ClassStats struct {
	Questions []Question
	Learners  int
	Items     []ItemStats
	// Scores counts the learners by score: Scores[s] scored s.
	Scores []int
}

// Grade grades a class's answer sheet against the bank: CSV with a header
// row, then one row per learner: the learner's name, then one answer per
// question in bank order. Answers are letters in any case, spaces trimmed;
// empty is unanswered; anything else is invalid. A UTF-8 BOM and CRLF line
// endings are fine.
//
// It reads the sheet once and hands each row to row as soon as it is
// graded, in sheet order, keeping nothing of it: every statistic is a sum
// over learners, so memory does not depend on the size of the class.
func Grade(name string, r io.Reader, b *Bank, row func(*Row) error) (*ClassStats, error) {
	sr := newSheetReader(r)
	nq := len(b.Questions)
	fail := func(line int, format string, args ...any) error {
		return &FileError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if err := sr.read(); err == io.EOF {
		return nil, fail(0, "empty; a sheet needs a header row: the learner's name, then one column per question (%d)", nq)
	} else if err != nil {
		return nil, sheetError(name, err)
	}
	if !isText(sr) {
		return nil, fail(sr.start, "%v", errNotText)
	}
	if sr.fields()-1 != nq {
		return nil, fail(sr.start, "the header has %d question columns but the bank has %d questions; columns are the learner's name, then one per question in bank order",
			max(sr.fields()-1, 0), nq)
	}

	stats := &ClassStats{Questions: b.Questions, Items: make([]ItemStats, nq), Scores: make([]int, nq+1)}
	answers := make([]int, nq)
	options := make([]int, nq)
	for i, q := range b.Questions {
		stats.Items[i] = ItemStats{Question: q, Choices: make([]int, len(q.Options))}
		answers[i] = q.Answer()
		options[i] = len(q.Options)
	}
	// Sums for the discrimination index: x is the item's score (0 or 1), y
	// the rest of the learner's test.
	sumY := make([]int64, nq)
	sumYY := make([]int64, nq)
	sumXY := make([]int64, nq)
	lr := &Row{Outcomes: make([]Outcome, nq)}

	for {
		err := sr.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, sheetError(name, err)
		}
		if sr.fields() != nq+1 {
			return nil, fail(sr.start, "this row has %d fields but the sheet needs %d: the learner's name and %d answers", sr.fields(), nq+1, nq)
		}
		if !isText(sr) {
			return nil, fail(sr.start, "%v", errNotText)
		}
		lr.Learner, lr.Line, lr.Score, lr.Invalid = string(bytes.TrimSpace(sr.field(0))), sr.start, 0, lr.Invalid[:0]
		for q := range nq {
			v := sr.field(q + 1)
			if len(v) != 1 {
				v = bytes.TrimSpace(v)
			}
			c := -1
			if len(v) == 1 && letterIndex(v[0]) < options[q] {
				c = letterIndex(v[0])
			}
			switch {
			case len(v) == 0:
				lr.Outcomes[q] = Unanswered
				stats.Items[q].Unanswered++
			case c >= 0:
				stats.Items[q].Choices[c]++
				if c == answers[q] {
					lr.Outcomes[q] = Right
					stats.Items[q].Correct++
					lr.Score++
				} else {
					lr.Outcomes[q] = Wrong
				}
			default:
				lr.Outcomes[q] = InvalidAnswer
				stats.Items[q].Invalid++
				lr.Invalid = append(lr.Invalid, BadAnswer{Question: b.Questions[q].Number, Value: string(v)})
			}
		}
		total := int64(lr.Score)
		for q := range nq {
			x := int64(0)
			if lr.Outcomes[q] == Right {
				x = 1
			}
			y := total - x
			sumY[q] += y
			sumYY[q] += y * y
			sumXY[q] += x * y
		}
		stats.Learners++
		stats.Scores[lr.Score]++
		if err := row(lr); err != nil {
			return nil, err
		}
	}

	n := float64(stats.Learners)
	for q := range stats.Items {
		it := &stats.Items[q]
		if n == 0 {
			continue
		}
		sx := float64(it.Correct) // x is 0 or 1, so Σx² = Σx
		it.Facility = sx / n
		varX := n*sx - sx*sx
		varY := n*float64(sumYY[q]) - float64(sumY[q])*float64(sumY[q])
		if varX > 0 && varY > 0 {
			it.Discrimination = (n*float64(sumXY[q]) - sx*float64(sumY[q])) / math.Sqrt(varX*varY)
			it.Defined = true
		}
	}
	return stats, nil
}

// ScanLearners reads a sheet's rows for their learners' names alone, in
// sheet order, past the header: a quick first pass for a report that must
// know them all before it writes a row (the text report's column widths).
// It checks only that the sheet is CSV; Grade checks the rest. The name is
// valid until each returns.
func ScanLearners(name string, r io.Reader, each func(learner []byte)) error {
	sr := newSheetReader(r)
	header := true
	for {
		err := sr.read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return sheetError(name, err)
		}
		if !header {
			each(bytes.TrimSpace(sr.field(0)))
		}
		header = false
	}
}

// letterIndex maps A-Z and a-z to 0-25; anything else to 26 or more.
func letterIndex(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c - 'a')
	}
	return 1 << 8
}

// isText reports whether every field of the last record is text: UTF-8
// without NUL bytes.
func isText(sr *sheetReader) bool {
	if sr.ascii {
		return true
	}
	if bytes.IndexByte(sr.record(), 0) >= 0 {
		return false
	}
	for i := range sr.fields() {
		if !utf8.Valid(sr.field(i)) {
			return false
		}
	}
	return true
}

// sheetError turns a read error into FILE:LINE: message.
func sheetError(name string, err error) error {
	var se *sheetSyntaxError
	if errors.As(err, &se) {
		return &FileError{File: name, Line: se.Line, Msg: se.Msg}
	}
	return &FileError{File: name, Msg: err.Error()}
}
