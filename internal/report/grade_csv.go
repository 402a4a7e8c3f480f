package report

import (
	"bufio"
	"encoding/csv"
	"strconv"

	"github.com/tokenlab/tokenlab/quiz"
)

// GradeCSV writes a gradebook: one row per learner with the score and
// each question's outcome (correct, wrong, unanswered, invalid).
func GradeCSV(w *bufio.Writer, rep *quiz.ClassReport) error {
	cw := csv.NewWriter(w)
	header := []string{"learner", "score", "total"}
	for _, q := range rep.Questions {
		header = append(header, "q"+strconv.Itoa(q.Number))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	nq := len(rep.Questions)
	row := make([]string, 3+nq)
	total := strconv.Itoa(nq)
	for i, l := range rep.Learners {
		row[0], row[1], row[2] = l.Learner, strconv.Itoa(l.Score), total
		for q := range nq {
			row[3+q] = rep.Outcome(i, q).String()
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
