package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tokenlab/tokenlab/quiz"
)

type gradeCSV struct {
	w     *bufio.Writer
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
	return &gradeCSV{w: w, cw: cw, row: make([]string, 3+len(questions)), total: strconv.Itoa(len(questions))}, nil
}

// AppendRow appends a learner's row to b as the csv.Writer Learner uses
// writes it.
func (g *gradeCSV) AppendRow(b []byte, r *quiz.Row) []byte {
	if name := r.Learner; printableASCII(name) && !bytes.ContainsAny(name, "\",") &&
		(len(name) == 0 || !strings.ContainsRune("=+-@ ", rune(name[0]))) && string(name) != `\.` {
		b = append(b, name...) // as it is: nothing to neutralise or quote
	} else {
		b = appendCSVField(b, SafeCell(string(name)))
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.Score), 10)
	b = append(b, ',')
	b = append(b, g.total...)
	for _, o := range r.Outcomes {
		b = append(b, ',')
		b = append(b, o.String()...)
	}
	return append(b, '\n')
}

// appendCSVField appends a field as encoding/csv's Writer writes it, with
// a comma between fields and LF line endings: quoted when it holds a
// comma, a quote, a line break, or starts with a space, or is \. (which
// Postgres reads as the end of data).
func appendCSVField(b []byte, field string) []byte {
	r, _ := utf8.DecodeRuneInString(field)
	if field == "" || field != `\.` && !strings.ContainsAny(field, "\",\r\n") && !unicode.IsSpace(r) {
		return append(b, field...)
	}
	b = append(b, '"')
	for i := 0; i < len(field); i++ {
		if field[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, field[i])
	}
	return append(b, '"')
}

// WriteRows writes rows made by AppendRow.
func (g *gradeCSV) WriteRows(rows []byte, _ int) error {
	g.cw.Flush() // the header, or rows written by Learner
	if err := g.cw.Error(); err != nil {
		return err
	}
	_, err := g.w.Write(rows)
	return err
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
