package report

import (
	"bufio"
	"encoding/json"
	"strconv"

	"github.com/tokenlab/tokenlab/quiz"
)

// itemJSON is one question of `quiz grade --format json`.
type itemJSON struct {
	Number         int            `json:"number"`
	ID             string         `json:"id"`
	Difficulty     string         `json:"difficulty"`
	Answer         string         `json:"answer"`
	Correct        int            `json:"correct"`
	Facility       *float64       `json:"facility"`
	Choices        map[string]int `json:"choices"`
	Unanswered     int            `json:"unanswered"`
	Invalid        int            `json:"invalid"`
	Discrimination *float64       `json:"discrimination"`
	MostlyWrong    bool           `json:"mostly_wrong"`
	Distractors    []string       `json:"strong_distractors"`
}

// GradeJSON writes the report as JSON. Learners are written by hand,
// one per line, because a class sheet can have hundreds of thousands.
func GradeJSON(w *bufio.Writer, sheet string, rep *quiz.ClassReport) error {
	nq := len(rep.Questions)
	w.WriteString("{\n  \"sheet\": ")
	w.Write(appendJSONString(nil, sheet))
	w.WriteString(",\n  \"learners\": [")
	buf := make([]byte, 0, 256)
	for i, l := range rep.Learners {
		buf = buf[:0]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n    {\"learner\": "...)
		buf = appendJSONString(buf, l.Learner)
		buf = append(buf, ", \"score\": "...)
		buf = strconv.AppendInt(buf, int64(l.Score), 10)
		buf = append(buf, ", \"total\": "...)
		buf = strconv.AppendInt(buf, int64(nq), 10)
		if len(l.Invalid) > 0 {
			buf = append(buf, ", \"invalid\": ["...)
			for j, a := range l.Invalid {
				if j > 0 {
					buf = append(buf, ", "...)
				}
				buf = append(buf, "{\"question\": "...)
				buf = strconv.AppendInt(buf, int64(a.Question), 10)
				buf = append(buf, ", \"answer\": "...)
				buf = appendJSONString(buf, a.Value)
				buf = append(buf, '}')
			}
			buf = append(buf, ']')
		}
		buf = append(buf, '}')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	if len(rep.Learners) > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("],\n  \"questions\": ")

	items := make([]itemJSON, len(rep.Items))
	for i, it := range rep.Items {
		q := it.Question
		j := itemJSON{
			Number: q.Number, ID: q.ID, Difficulty: q.Difficulty, Answer: quiz.Letter(q.Answer()),
			Correct: it.Correct, Choices: map[string]int{}, Unanswered: it.Unanswered, Invalid: it.Invalid,
			MostlyWrong: it.MostlyWrong(len(rep.Learners)), Distractors: []string{},
		}
		if len(rep.Learners) > 0 {
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
	_, err = w.WriteString("\n}\n")
	return err
}

// appendJSONString appends s as a JSON string. s is valid UTF-8: the sheet
// reader refuses anything else.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c == '\n':
			buf = append(buf, '\\', 'n')
		case c == '\r':
			buf = append(buf, '\\', 'r')
		case c == '\t':
			buf = append(buf, '\\', 't')
		case c < 0x20:
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}
