package report

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

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

// RowsGradeWriter is a GradeWriter whose rows are each made on their own,
// so that quiz.GradeInParallel can make them on every core: AppendRow,
// a quiz.RowFormat, may be called on several goroutines at once;
// WriteRows takes what it made, in sheet order, in place of Learner.
type RowsGradeWriter interface {
	GradeWriter
	AppendRow(dst []byte, r *quiz.Row) []byte
	WriteRows(rows []byte, learners int) error
}

type gradeJSON struct {
	w    io.Writer
	rows []byte // the report made in place, waiting for w
	n    int
	// The fixed text of a row, each piece copied in one move: what opens
	// it, after a comma (the first row's has none); what follows
	// the name, by score: `","score":N,"total":T}`, or with `,"invalid":[`
	// to come; and what opens an invalid answer, by question number (the
	// first of the list's, then the others').
	open             piece
	close, toInvalid []piece
	answer           [2][]piece
}

// A piece is fixed text, up to pieceMax bytes.
type piece struct {
	text [pieceMax]byte
	n    int
}

const pieceMax = 48

func newPiece(s string) piece {
	p := piece{n: len(s)}
	copy(p.text[:], s)
	return p
}

// put appends p: its whole array in one move, then the length it holds.
func put(b []byte, p *piece) []byte {
	if cap(b)-len(b) < pieceMax {
		b = slices.Grow(b, pieceMax)
	}
	n := len(b)
	*(*[pieceMax]byte)(b[n : n+pieceMax]) = p.text
	return b[:n+p.n]
}

// NewGradeJSON starts `quiz grade --format json` on w: an object with the
// sheet, the learners (one a line, written as they come) and the questions.
// It buffers what it writes itself, so w needs no buffer of its own: the
// rows are made where they are written from.
func NewGradeJSON(w io.Writer, sheet string, questions int) GradeWriter {
	g := &gradeJSON{w: w, rows: make([]byte, 0, rowsBuffer)}
	g.open = newPiece(",\n    {\"learner\":\"")
	total := `,"total":` + strconv.Itoa(questions)
	for n := range questions + 1 {
		end := `","score":` + strconv.Itoa(n) + total
		g.close = append(g.close, newPiece(end+"}"))
		g.toInvalid = append(g.toInvalid, newPiece(end+`,"invalid":[`))
		answer := `{"question":` + strconv.Itoa(n) + `,"answer":"`
		g.answer[0] = append(g.answer[0], newPiece(answer))
		g.answer[1] = append(g.answer[1], newPiece(","+answer))
	}
	g.rows = append(g.rows, "{\n  \"sheet\": "...)
	g.rows = appendJSONString(g.rows, sheet)
	g.rows = append(g.rows, ",\n  \"learners\": ["...)
	return g
}

func (g *gradeJSON) Learner(r *quiz.Row) error {
	// A row is made in place at the end of the report so far, which goes
	// to w when what is left could not hold one more row with a short name
	// and a few invalid answers (a longer row grows the buffer).
	if len(g.rows) > cap(g.rows)-rowRoom {
		if err := g.flush(); err != nil {
			return err
		}
	}
	at := len(g.rows)
	g.rows = g.AppendRow(g.rows, r)
	if g.n == 0 { // the first row, after no comma
		g.rows = append(g.rows[:at], g.rows[at+1:]...)
	}
	g.n++
	return nil
}

// AppendRow appends a learner's row to b, after a comma.
func (g *gradeJSON) AppendRow(b []byte, r *quiz.Row) []byte {
	b = put(b, &g.open)
	b = appendName(b, r.Learner)
	// A score is at most the bank's questions, as Grade counts them.
	if len(r.Invalid) == 0 {
		return put(b, &g.close[r.Score])
	}
	b = put(b, &g.toInvalid[r.Score])
	for i, a := range r.Invalid {
		b = g.appendInvalid(b, min(i, 1), a)
	}
	return append(b, ']', '}')
}

// WriteRows writes rows made by AppendRow: a few after the report so far,
// more straight to w once the report so far has gone.
func (g *gradeJSON) WriteRows(rows []byte, learners int) error {
	if learners == 0 {
		return nil
	}
	if g.n == 0 { // the first row, after no comma
		rows = rows[1:]
	}
	g.n += learners
	if len(rows) <= cap(g.rows)-len(g.rows) {
		g.rows = append(g.rows, rows...)
		return nil
	}
	if err := g.flush(); err != nil {
		return err
	}
	_, err := g.w.Write(rows)
	return err
}

// appendInvalid appends an invalid answer to a row's list, after a comma
// unless it is the first.
func (g *gradeJSON) appendInvalid(b []byte, comma int, a quiz.BadAnswer) []byte {
	if pieces := g.answer[comma]; uint(a.Question) < uint(len(pieces)) {
		b = put(b, &pieces[a.Question])
	} else {
		b = append(b, `,{"question":`[1-comma:]...)
		b = strconv.AppendInt(b, int64(a.Question), 10)
		b = append(b, `,"answer":"`...)
	}
	if v := a.Value; len(v) == 1 && v[0] >= 0x20 && v[0] < 0x7f && v[0] != '"' && v[0] != '\\' {
		b = append(b, v[0])
	} else {
		b = appendJSONInner(b, v)
	}
	return append(b, '"', '}')
}

// appendName is appendJSONInner, in a few moves for a name of at most 16
// plain bytes that can be read 16 bytes at a time (as a name in the
// sheet's buffer can: what follows it is read, then dropped).
func appendName(b []byte, name []byte) []byte {
	if n := len(name); n <= 16 && cap(name) >= 16 {
		w := [16]byte(name[:16])
		lo, hi := binary.LittleEndian.Uint64(w[:8]), binary.LittleEndian.Uint64(w[8:])
		// The bytes past the name are taken as plain.
		keepLo, keepHi := ^uint64(0)>>(64-8*min(n, 8)), ^uint64(0)>>(64-8*max(n-8, 0))
		const plain = 0x6161616161616161 // "aaaaaaaa"
		if notPlain(lo&keepLo|plain&^keepLo)|notPlain(hi&keepHi|plain&^keepHi) == 0 {
			if cap(b)-len(b) < 16 {
				b = slices.Grow(b, 16)
			}
			at := len(b)
			*(*[16]byte)(b[at : at+16]) = w
			return b[:at+n]
		}
	}
	return appendJSONInner(b, name)
}

// flush hands the report made so far to w.
func (g *gradeJSON) flush() error {
	_, err := g.w.Write(g.rows)
	g.rows = g.rows[:0]
	return err
}

// rowsBuffer is the room rows are made in, and rowRoom what a row needs to
// be made in place: a row with a short name and a few invalid answers.
const rowsBuffer, rowRoom = 64 << 10, 512

func (g *gradeJSON) Finish(s *quiz.ClassStats) error {
	// The rows go first, so that the rest fits the buffer as it is.
	if err := g.flush(); err != nil {
		return err
	}
	if g.n > 0 {
		g.rows = append(g.rows, "\n  "...)
	}
	g.rows = append(g.rows, "],\n  \"questions\": "...)
	rows, err := appendQuestions(g.rows, s)
	if err != nil {
		return err
	}
	g.rows = append(rows, ",\n  \"warnings\": "...)
	if len(s.Warnings) == 0 {
		g.rows = append(g.rows, "[]"...)
	} else {
		g.rows = append(g.rows, '[')
		for i, w := range s.Warnings {
			g.rows = append(g.rows, ",\n    "[1-min(i, 1):]...)
			g.rows = appendJSONHTML(g.rows, w)
		}
		g.rows = append(g.rows, "\n  ]"...)
	}
	g.rows = append(g.rows, "\n}\n"...)
	return g.flush()
}

// appendQuestions appends the class's result on each question as
// json.MarshalIndent(items, "  ", "  ") writes a list of itemJSON, written
// out by hand: encoding/json's first use (its reflection, and its code
// read from disk) took longer than grading a small class.
func appendQuestions(b []byte, s *quiz.ClassStats) ([]byte, error) {
	if len(s.Items) == 0 {
		return append(b, "[]"...), nil
	}
	b = append(b, '[')
	for i, it := range s.Items {
		q := it.Question
		b = append(b, ",\n    {\n      \"number\": "[1-min(i, 1):]...)
		b = strconv.AppendInt(b, int64(q.Number), 10)
		b = append(b, ",\n      \"id\": "...)
		b = appendJSONHTML(b, q.ID)
		b = append(b, ",\n      \"difficulty\": "...)
		b = appendJSONHTML(b, q.Difficulty)
		b = append(b, ",\n      \"answer\": "...)
		b = appendJSONHTML(b, quiz.Letter(q.Answer()))
		b = append(b, ",\n      \"correct\": "...)
		b = strconv.AppendInt(b, int64(it.Correct), 10)
		b = append(b, ",\n      \"facility\": "...)
		var err error
		if b, err = appendJSONFloat(b, it.Facility, s.Learners > 0); err != nil {
			return nil, err
		}
		b = append(b, ",\n      \"choices\": "...)
		if len(it.Choices) == 0 {
			b = append(b, "{}"...)
		} else {
			// encoding/json writes a map's keys in order; letters are.
			b = append(b, '{')
			for k, n := range it.Choices {
				b = append(b, ",\n        "[1-min(k, 1):]...)
				b = appendJSONHTML(b, quiz.Letter(k))
				b = append(b, ": "...)
				b = strconv.AppendInt(b, int64(n), 10)
			}
			b = append(b, "\n      }"...)
		}
		b = append(b, ",\n      \"unanswered\": "...)
		b = strconv.AppendInt(b, int64(it.Unanswered), 10)
		b = append(b, ",\n      \"invalid\": "...)
		b = strconv.AppendInt(b, int64(it.Invalid), 10)
		b = append(b, ",\n      \"discrimination\": "...)
		if b, err = appendJSONFloat(b, it.Discrimination, it.Defined); err != nil {
			return nil, err
		}
		b = append(b, ",\n      \"mostly_wrong\": "...)
		b = strconv.AppendBool(b, it.MostlyWrong(s.Learners))
		b = append(b, ",\n      \"strong_distractors\": "...)
		if d := it.StrongDistractors(); len(d) == 0 {
			b = append(b, "[]"...)
		} else {
			b = append(b, '[')
			for i, k := range d {
				b = append(b, ",\n        "[1-min(i, 1):]...)
				b = appendJSONHTML(b, quiz.Letter(k))
			}
			b = append(b, "\n      ]"...)
		}
		b = append(b, ",\n      \"low_discrimination\": "...)
		b = strconv.AppendBool(b, it.LowDiscrimination())
		b = append(b, "\n    }"...)
	}
	return append(b, "\n  ]"...), nil
}

// appendJSONFloat appends f as encoding/json writes a float64, or null
// when it is not there; like encoding/json, it refuses NaN and infinities.
func appendJSONFloat(b []byte, f float64, there bool) ([]byte, error) {
	if !there {
		return append(b, "null"...), nil
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("json: unsupported value: %v", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-09 is written e-9
		b = b[:n-1]
	}
	return b, nil
}

// appendJSONHTML appends s as a JSON string as json.Marshal writes it,
// HTML's <, > and & escaped.
func appendJSONHTML(b []byte, s string) []byte {
	if jsonPlain(s) && !strings.ContainsAny(s, "<>&") {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	data, _ := json.Marshal(s) // a string always encodes
	return append(b, data...)
}

// appendJSONString appends s as a JSON string, exactly as encoding/json
// writes it with HTML escaping off.
func appendJSONString[T string | []byte](b []byte, s T) []byte {
	b = append(b, '"')
	b = appendJSONInner(b, s)
	return append(b, '"')
}

// appendJSONInner appends what is between a JSON string's quotes. Printable
// ASCII but the quote and backslash, a class sheet's usual names, is
// copied as it is; anything else goes through encoding/json.
func appendJSONInner[T string | []byte](b []byte, s T) []byte {
	if jsonPlain(s) {
		return append(b, s...)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(string(s)) // a string always encodes, as "...", then a newline
	return append(b, buf.Bytes()[1:buf.Len()-2]...)
}

// jsonPlain reports whether every byte of s is printable ASCII but the
// quote and the backslash, eight bytes at a time.
func jsonPlain[T string | []byte](s T) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if notPlain(w) != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// notPlain is non-zero when a byte of w is a control byte, DEL, past ASCII,
// a quote or a backslash. Each test is the usual "has a byte below n"
// (x - n) &^ x, exact about whether there is one, which is all that is asked.
func notPlain(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := func(x uint64, n uint64) uint64 { return (x - ones*n) &^ x }
	return (below(w, 0x20) | below(w^(ones*'"'), 1) | below(w^(ones*'\\'), 1) | below(w^(ones*0x7f), 1) | w) & highs
}
