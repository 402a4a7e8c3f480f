package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/quiz"
)

// A report whose rows are made apart, on several cores, and written in
// groups of any size, the first of them empty too, is byte for byte the
// report written a learner at a time.
func TestRowsMadeApartAreTheReportWrittenRowByRow(t *testing.T) {
	const sheet = "learner,q1,q2,q3,q4,q5\n" +
		"Ann,A,C,B,D,A\n" +
		"\"Smith, \"\"Bo\"\"\",x,,B,zz,\n" +
		"ünï,a,c,b,d,a\n" +
		"new\\nline,?,?,?,?,?\n" +
		"a name longer than sixteen bytes,D,D,D,D,D\n" +
		"=1+2,A,,,,\n" + "\x01Ann,A,,,,\n" + "\\.,A,,,,\n" + "-x,,,,,\n" + "@x,,,,,\n" + "a\u00a0b\u0085c,,,,,\n"
	var rows []quiz.Row
	stats, err := quiz.Grade("s.csv", strings.NewReader(sheet), quiz.Default(), func(r *quiz.Row) error {
		c := *r
		c.Learner = bytes.Clone(r.Learner)
		c.Outcomes = append([]quiz.Outcome(nil), r.Outcomes...)
		c.Invalid = append([]quiz.BadAnswer(nil), r.Invalid...)
		rows = append(rows, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	writers := map[string]func(*bytes.Buffer) GradeWriter{
		"csv": func(b *bytes.Buffer) GradeWriter {
			gw, err := NewGradeCSV(bufio.NewWriter(b), quiz.Default().Questions)
			if err != nil {
				t.Fatal(err)
			}
			return gw
		},
		"json": func(b *bytes.Buffer) GradeWriter { return NewGradeJSON(b, "s.csv", 5) },
		"text": func(b *bytes.Buffer) GradeWriter {
			gw, err := NewGradeText(b, "s.csv", 5, GradeLayout{Learners: len(rows), NameWidth: 32}, NewTheme())
			if err != nil {
				t.Fatal(err)
			}
			return gw
		},
	}
	rng := rand.New(rand.NewPCG(3, 5))
	for format, newWriter := range writers {
		var want bytes.Buffer
		gw := newWriter(&want)
		for i := range rows {
			if err := gw.Learner(&rows[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := gw.Finish(stats); err != nil {
			t.Fatal(err)
		}
		for try := range 20 {
			var got bytes.Buffer
			rw, ok := newWriter(&got).(RowsGradeWriter)
			if !ok {
				t.Fatalf("the %s report's rows cannot be made apart", format)
			}
			if err := rw.WriteRows(nil, 0); err != nil { // a chunk of blank lines
				t.Fatal(err)
			}
			for i := 0; i < len(rows); {
				n := rng.IntN(len(rows) - i + 1)
				var made []byte
				for _, r := range rows[i : i+n] {
					made = rw.AppendRow(made, &r)
				}
				if err := rw.WriteRows(made, n); err != nil {
					t.Fatal(err)
				}
				i += n
			}
			if err := rw.Finish(stats); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("%s, try %d: rows made apart give\n%s\nrow by row:\n%s", format, try, got.String(), want.String())
			}
		}
	}
}

func TestAppendCSVFieldIsEncodingCSVs(t *testing.T) {
	for _, field := range []string{"", "a", "a,b", `"`, `a "b"`, "a\nb", "a\rb", "\r\n", " a", "\ta", "\u00a0a", "\u3000a", `\.`, `\.x`, "'=1", "ünï"} {
		if got, want := string(appendCSVField(nil, field)), encodingCSV(t, field); got != want {
			t.Errorf("appendCSVField(%q) = %q, encoding/csv writes %q", field, got, want)
		}
	}
}

// encodingCSV is field as encoding/csv writes it, alone on a line.
func encodingCSV(t testing.TB, field string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write([]string{field}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

func FuzzAppendCSVFieldMatchesEncodingCSV(f *testing.F) {
	for _, s := range []string{"", "plain", "a,b", `"`, " x", "\r", `\.`, "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, field string) {
		if got, want := string(appendCSVField(nil, field)), encodingCSV(t, field); got != want {
			t.Errorf("appendCSVField(%q) = %q, encoding/csv writes %q", field, got, want)
		}
	})
}
