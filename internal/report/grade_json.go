package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/tokenlab/tokenlab/quiz"
)

// GradeWriter writes quiz grade's report while the sheet is graded: each
// learner's row as it comes, in sheet order, then what the whole class
// came to. Nothing of a row is kept, so a report of any size is written in
// the same memory.
type GradeWriter interface {
	Learner(r *quiz.Row) error
	Finish(s *quiz.ClassStats) error
}

// itemJSON is one question of `quiz grade --format json`.
type itemJSON struct {
	Number            int            `json:"number"`
	ID                string         `json:"id"`
	Difficulty        string         `json:"difficulty"`
	Answer            string         `json:"answer"`
	Correct           int            `json:"correct"`
	Facility          *float64       `json:"facility"`
	Choices           map[string]int `json:"choices"`
	Unanswered        int            `json:"unanswered"`
	Invalid           int            `json:"invalid"`
	Discrimination    *float64       `json:"discrimination"`
	MostlyWrong       bool           `json:"mostly_wrong"`
	Distractors       []string       `json:"strong_distractors"`
	LowDiscrimination bool           `json:"low_discrimination"`
}

type gradeJSON struct {
	w     *bufio.Writer
	total []byte // `,"total":N}`
	n     int
}

// NewGradeJSON starts `quiz grade --format json` on w: an object with the
// sheet, the learners (one a line, written as they come) and the questions.
func NewGradeJSON(w *bufio.Writer, sheet string, questions int) GradeWriter {
	g := &gradeJSON{w: w, total: []byte(`,"total":` + strconv.Itoa(questions) + `}`)}
	w.WriteString("{\n  \"sheet\": ")
	w.Write(appendJSONString(nil, sheet))
	w.WriteString(",\n  \"learners\": [")
	return g
}

func (g *gradeJSON) Learner(r *quiz.Row) error {
	// The row is made in the writer's own free space, so Write has nothing
	// to copy but itself; a row too long for it is made elsewhere.
	if g.w.Available() < rowRoom {
		if err := g.w.Flush(); err != nil {
			return err
		}
	}
	b := g.w.AvailableBuffer()
	if g.n > 0 {
		b = append(b, ',')
	}
	g.n++
	b = append(b, "\n    {\"learner\":"...)
	b = appendJSONString(b, r.Learner)
	b = append(b, `,"score":`...)
	b = appendCount(b, r.Score)
	if len(r.Invalid) > 0 {
		b = append(b, g.total[:len(g.total)-1]...) // the total, the object left open
		b = append(b, `,"invalid":[`...)
		for i, a := range r.Invalid {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"question":`...)
			b = appendCount(b, a.Question)
			b = append(b, `,"answer":`...)
			b = appendJSONString(b, a.Value)
			b = append(b, '}')
		}
		b = append(b, "]}"...)
	} else {
		b = append(b, g.total...)
	}
	_, err := g.w.Write(b)
	return err
}

// rowRoom is the free space a learner's row is made in: a row with a short
// name and a few invalid answers fits.
const rowRoom = 512

func (g *gradeJSON) Finish(s *quiz.ClassStats) error {
	w := g.w
	if g.n > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("],\n  \"questions\": ")
	items := make([]itemJSON, len(s.Items))
	for i, it := range s.Items {
		q := it.Question
		j := itemJSON{
			Number: q.Number, ID: q.ID, Difficulty: q.Difficulty, Answer: quiz.Letter(q.Answer()),
			Correct: it.Correct, Choices: map[string]int{}, Unanswered: it.Unanswered, Invalid: it.Invalid,
			MostlyWrong: it.MostlyWrong(s.Learners), Distractors: []string{}, LowDiscrimination: it.LowDiscrimination(),
		}
		if s.Learners > 0 {
			f := it.Facility
			j.Facility = &f
		}
		if it.Defined {
			d := it.Discrimination
			j.Discrimination = &d
		}
		for k, n := range it.Choices {
			j.Choices[quiz.Letter(k)] = n
		}
		for _, d := range it.StrongDistractors() {
			j.Distractors = append(j.Distractors, quiz.Letter(d))
		}
		items[i] = j
	}
	data, err := json.MarshalIndent(items, "  ", "  ")
	if err != nil {
		return err
	}
	w.Write(data)
	warnings, err := json.MarshalIndent(append([]string{}, s.Warnings...), "  ", "  ")
	if err != nil {
		return err
	}
	w.WriteString(",\n  \"warnings\": ")
	w.Write(warnings)
	_, err = w.WriteString("\n}\n")
	return err
}

// appendJSONString appends s as a JSON string, exactly as encoding/json
// writes it with HTML escaping off. Plain ASCII, a class sheet's usual
// names, is copied as it is; anything else goes through encoding/json.
func appendJSONString[T string | []byte](b []byte, s T) []byte {
	plain := true
	for i := 0; i < len(s); i++ {
		if !jsonPlain[s[i]] {
			plain = false
			break
		}
	}
	if plain {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(string(s)) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// jsonPlain marks the bytes a JSON string holds as they are: printable
// ASCII but the quote and the backslash.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendCount appends n, a count that is nearly always one digit.
func appendCount(b []byte, n int) []byte {
	if uint(n) < 10 {
		return append(b, byte('0'+n))
	}
	return strconv.AppendInt(b, int64(n), 10)
}
