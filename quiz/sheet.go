package quiz

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
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

// LearnerResult is one row of a sheet, graded.
type LearnerResult struct {
	Learner string
	Line    int // the row's line in the sheet
	Score   int
	Invalid []BadAnswer
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

// ClassReport is a graded sheet.
type ClassReport struct {
	Questions []Question
	Learners  []LearnerResult
	// Outcomes holds each learner's outcome per question, row by row.
	Outcomes []Outcome
	Items    []ItemStats
}

// Outcome is learner l's outcome on question index q.
func (c *ClassReport) Outcome(l, q int) Outcome { return c.Outcomes[l*len(c.Questions)+q] }

// GradeSheet grades a class's answer sheet against the bank: CSV with a
// header row, then one row per learner: the learner's name, then one answer
// per question in bank order. Answers are letters in any case, spaces
// trimmed; empty is unanswered; anything else is invalid. A UTF-8 BOM and
// CRLF line endings are fine.
func GradeSheet(name string, r io.Reader, b *Bank) (*ClassReport, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted here, to say which line is off
	cr.ReuseRecord = true

	nq := len(b.Questions)
	fail := func(line int, format string, args ...any) error {
		return &FileError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fail(0, "empty; a sheet needs a header row: the learner's name, then one column per question (%d)", nq)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	if err := checkText(header); err != nil {
		return nil, fail(1, "%v", err)
	}
	if len(header)-1 != nq {
		return nil, fail(1, "the header has %d question columns but the bank has %d questions; columns are the learner's name, then one per question in bank order",
			max(len(header)-1, 0), nq)
	}

	rep := &ClassReport{Questions: b.Questions, Items: make([]ItemStats, nq)}
	answers := make([]int, nq)
	options := make([]int, nq)
	for i, q := range b.Questions {
		rep.Items[i] = ItemStats{Question: q, Choices: make([]int, len(q.Options))}
		answers[i] = q.Answer()
		options[i] = len(q.Options)
	}
	// Sums for the discrimination index: x is the item's score (0 or 1), y
	// the rest of the learner's test.
	sumY := make([]int64, nq)
	sumYY := make([]int64, nq)
	sumXY := make([]int64, nq)
	row := make([]Outcome, nq)

	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != nq+1 {
			return nil, fail(line, "this row has %d fields but the sheet needs %d: the learner's name and %d answers", len(rec), nq+1, nq)
		}
		if err := checkText(rec); err != nil {
			return nil, fail(line, "%v", err)
		}
		lr := LearnerResult{Learner: strings.TrimSpace(rec[0]), Line: line}
		for q := range nq {
			v := strings.TrimSpace(rec[q+1])
			c := -1
			if len(v) == 1 && letterIndex(v[0]) < options[q] {
				c = letterIndex(v[0])
			}
			switch {
			case v == "":
				row[q] = Unanswered
				rep.Items[q].Unanswered++
			case c >= 0:
				rep.Items[q].Choices[c]++
				if c == answers[q] {
					row[q] = Right
					rep.Items[q].Correct++
					lr.Score++
				} else {
					row[q] = Wrong
				}
			default:
				row[q] = InvalidAnswer
				rep.Items[q].Invalid++
				lr.Invalid = append(lr.Invalid, BadAnswer{Question: b.Questions[q].Number, Value: v})
			}
		}
		total := int64(lr.Score)
		for q := range nq {
			x := int64(0)
			if row[q] == Right {
				x = 1
			}
			y := total - x
			sumY[q] += y
			sumYY[q] += y * y
			sumXY[q] += x * y
		}
		rep.Outcomes = append(rep.Outcomes, row...)
		rep.Learners = append(rep.Learners, lr)
	}

	n := float64(len(rep.Learners))
	for q := range rep.Items {
		it := &rep.Items[q]
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
	return rep, nil
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

// checkText refuses what is not text: NUL bytes or invalid UTF-8.
func checkText(rec []string) error {
	for _, f := range rec {
		if strings.IndexByte(f, 0) >= 0 || !utf8.ValidString(f) {
			return errors.New("not CSV text (binary data or a text encoding other than UTF-8); save the sheet as CSV UTF-8")
		}
	}
	return nil
}

// csvError turns encoding/csv's errors into FILE:LINE: message.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FileError{File: name, Line: pe.Line, Msg: pe.Err.Error() + " (is it a CSV file?)"}
	}
	return &FileError{File: name, Msg: err.Error()}
}
