package report

import (
	"bufio"
	"bytes"
	"encoding/json"

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

// learnerJSON is one learner of `quiz grade --format json`.
type learnerJSON struct {
	Learner string        `json:"learner"`
	Score   int           `json:"score"`
	Total   int           `json:"total"`
	Invalid []invalidJSON `json:"invalid,omitempty"`
}

type invalidJSON struct {
	Question int    `json:"question"`
	Answer   string `json:"answer"`
}

// GradeJSON writes the report as JSON, streamed: a class sheet can have
// hundreds of thousands of learners, so each is encoded on a line of its
// own as it is written, never the whole list at once.
func GradeJSON(w *bufio.Writer, sheet string, rep *quiz.ClassReport) error {
	nq := len(rep.Questions)
	name, err := json.Marshal(sheet)
	if err != nil {
		return err
	}
	w.WriteString("{\n  \"sheet\": ")
	w.Write(name)
	w.WriteString(",\n  \"learners\": [")
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	for i, l := range rep.Learners {
		line.Reset()
		if i > 0 {
			line.WriteByte(',')
		}
		line.WriteString("\n    ")
		lj := learnerJSON{Learner: l.Learner, Score: l.Score, Total: nq}
		for _, a := range l.Invalid {
			lj.Invalid = append(lj.Invalid, invalidJSON{Question: a.Question, Answer: a.Value})
		}
		if err := enc.Encode(lj); err != nil {
			return err
		}
		if _, err := w.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n"))); err != nil {
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
