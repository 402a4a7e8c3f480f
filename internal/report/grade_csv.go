package report

import (
	"bufio"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/tokenlab/tokenlab/quiz"
)

type gradeCSV struct {
	cw    *csv.Writer
	row   []string
	total string
}

// NewGradeCSV starts a gradebook on w: one row per learner with the score
// and each question's outcome (correct, wrong, unanswered, invalid).
func NewGradeCSV(w *bufio.Writer, questions []quiz.Question) (GradeWriter, error) {
	cw := csv.NewWriter(w)
	header := []string{"learner", "score", "total"}
	for _, q := range questions {
		header = append(header, "q"+strconv.Itoa(q.Number))
	}
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	return &gradeCSV{cw: cw, row: make([]string, 3+len(questions)), total: strconv.Itoa(len(questions))}, nil
}

func (g *gradeCSV) Learner(r *quiz.Row) error {
	g.row[0], g.row[1], g.row[2] = SafeCell(string(r.Learner)), strconv.Itoa(r.Score), g.total
	for q, o := range r.Outcomes {
		g.row[3+q] = o.String()
	}
	return g.cw.Write(g.row)
}

func (g *gradeCSV) Finish(*quiz.ClassStats) error {
	g.cw.Flush()
	return g.cw.Error()
}

// SafeCell makes text from a learner safe in a CSV cell a spreadsheet will
// open: control characters (tab and carriage return among them) become
// spaces, and a cell that starts with =, +, - or @, after any spaces, gets a
// leading ', so that it is shown as text and never run as a formula
// (OWASP's rule for CSV injection).
func SafeCell(s string) string {
	if strings.IndexFunc(s, isControl) >= 0 {
		s = strings.Map(func(r rune) rune {
			if isControl(r) {
				return ' '
			}
			return r
		}, s)
	}
	if t := strings.TrimLeft(s, " "); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }
