package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/benchsheet"
	"github.com/tokenlab/tokenlab/quiz"
)

// Learners' names, whatever they hold, come back from the JSON as they
// went in.
func TestGradeJSONRoundTripsNames(t *testing.T) {
	names := []string{"plain", `quo"te`, `back\slash`, "new\nline\r\t", "\x01ctl", "ünïcødé ☃", "</script>",
		`"`, `\`, "\x01", "x", "", "a name longer than sixteen bytes"}
	questions := quiz.Default().Questions
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	gw := NewGradeJSON(w, "class.csv", len(questions))
	for _, n := range names {
		if err := gw.Learner(&quiz.Row{Learner: []byte(n), Score: 1, Invalid: []quiz.BadAnswer{{Question: 2, Value: n}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := gw.Finish(&quiz.ClassStats{Questions: questions, Items: []quiz.ItemStats{}, Learners: len(names)}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	var got struct {
		Learners []struct {
			Learner string
			Score   int
			Invalid []struct{ Answer string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out.String())
	}
	if len(got.Learners) != len(names) {
		t.Fatalf("%d learners back of %d", len(got.Learners), len(names))
	}
	for i, l := range got.Learners {
		if l.Learner != names[i] || l.Score != 1 || len(l.Invalid) != 1 || l.Invalid[0].Answer != names[i] {
			t.Errorf("learner %d came back as %+v, want %q", i, l, names[i])
		}
	}
	if lines := strings.Count(out.String(), "\n    {"); lines != len(names) {
		t.Errorf("%d learners on lines of their own, want %d", lines, len(names))
	}
}

// encodeJSON is s as encoding/json writes it with HTML escaping off.
func encodeJSON(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}

// The quick path for plain names writes what encoding/json writes.
func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "Ann Lee", "a/b", "<&>", "tab\there", "\u2028", "é", "\x7f", `"q"`, `\`, "\xff", "~ !"} {
		if got, want := string(appendJSONString(nil, s)), encodeJSON(s); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

// The plain check, eight bytes at a time, finds each byte that is not
// plain wherever in a word it falls, and passes every one that is; a
// name's quick copy agrees.
func TestJSONPlainFindsEachByteAtEveryOffset(t *testing.T) {
	for c := range 256 {
		want := c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
		for n := 1; n <= 17; n++ {
			for at := range n {
				s := []byte(strings.Repeat("a", n))
				s[at] = byte(c)
				if got := jsonPlain(s); got != want {
					t.Fatalf("jsonPlain(%q) = %v, want %v", s, got, want)
				}
				// A name is read 16 bytes at a time, what follows it too:
				// a quote there must not count, nor be written.
				inBuffer := append(append([]byte{}, s...), `""""""""""""""""""`...)[:n]
				if got, want := string(appendName([]byte("x"), inBuffer)), "x"+string(appendJSONInner(nil, s)); got != want {
					t.Fatalf("appendName(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}

func FuzzAppendJSONStringMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{"", "learner 12345", "a\"b", "\u2028\u2029", "\xed\xa0\x80", "12345678\x00", "\\/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendJSONString(nil, s)), encodeJSON(s); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

// A spreadsheet opening the gradebook shows a learner's name as text: a
// name that looks like a formula is neutralised and control characters go.
func TestSafeCell(t *testing.T) {
	tests := map[string]string{
		"Ann Lee":                        "Ann Lee",
		`=HYPERLINK("http://x","click")`: `'=HYPERLINK("http://x","click")`,
		"+1":                             "'+1",
		"-2+3":                           "'-2+3",
		"@SUM(A1)":                       "'@SUM(A1)",
		"\t=1+1":                         "' =1+1",
		"two\nlines\r":                   "two lines ",
		"O'Neil-Smith":                   "O'Neil-Smith",
		"\x1b[31mred":                    " [31mred",
	}
	for in, want := range tests {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// The text report wraps each row's invalid answers in codes worked out once
// from the style: the same as styling each cell would give.
func TestGradeTextStylesRowsAsTheThemeDoes(t *testing.T) {
	var out bytes.Buffer
	th := NewTheme()
	gw, err := NewGradeText(&out, "s.csv", 5, GradeLayout{Learners: 1, NameWidth: 3}, th)
	if err != nil {
		t.Fatal(err)
	}
	row := &quiz.Row{Learner: []byte("Ann"), Score: 4, Invalid: []quiz.BadAnswer{{Question: 3, Value: `x "y"`}}}
	if err := gw.Learner(row); err != nil {
		t.Fatal(err)
	}
	want := Indent + "Ann    " + "    " + "4/5  " + th.Bad.Render(`question 3: "x \"y\""`) + "\n"
	if got := out.String()[strings.LastIndex(strings.TrimSuffix(out.String(), "\n"), "\n")+1:]; got != want {
		t.Errorf("row\n got %q\nwant %q", got, want)
	}
}

// BenchmarkGradeJSON grades benchsheet.Class, bench-grade's kind of sheet,
// into the JSON report: on every core, as quiz grade does, and a row at a
// time.
func BenchmarkGradeJSON(b *testing.B) {
	sheet := benchsheet.Class()
	b.Run("in parallel", func(b *testing.B) {
		b.SetBytes(int64(len(sheet)))
		b.ReportAllocs()
		for b.Loop() {
			gw := NewGradeJSON(io.Discard, "class.csv", 5).(RowsGradeWriter)
			stats, err := quiz.GradeInParallel("class.csv", strings.NewReader(sheet), quiz.Default(), gw.AppendRow, gw.WriteRows)
			if err != nil {
				b.Fatal(err)
			}
			if err := gw.Finish(stats); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("row by row", func(b *testing.B) {
		b.SetBytes(int64(len(sheet)))
		b.ReportAllocs()
		for b.Loop() {
			gw := NewGradeJSON(io.Discard, "class.csv", 5)
			stats, err := quiz.Grade("class.csv", strings.NewReader(sheet), quiz.Default(), gw.Learner)
			if err != nil {
				b.Fatal(err)
			}
			if err := gw.Finish(stats); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkGradeJSONRows times the JSON report's rows alone: the benchmark
// sheet's first rows, graded beforehand, over and over, in the processor's
// cache as a row just graded is.
func BenchmarkGradeJSONRows(b *testing.B) {
	var rows []quiz.Row
	_, err := quiz.Grade("class.csv", strings.NewReader(benchsheet.Class()), quiz.Default(), func(r *quiz.Row) error {
		c := *r
		c.Learner = slices.Clone(r.Learner)
		c.Invalid = slices.Clone(r.Invalid)
		if len(rows) < 1024 {
			rows = append(rows, c)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(io.Discard, 64<<10)
	for b.Loop() {
		gw := NewGradeJSON(w, "class.csv", 5)
		for i := range 200000 {
			if err := gw.Learner(&rows[i%len(rows)]); err != nil {
				b.Fatal(err)
			}
		}
	}
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

// referenceQuestions is the questions and warnings as encoding/json writes
// them, the way Finish wrote them before it wrote them by hand.
func referenceQuestions(s *quiz.ClassStats) (string, error) {
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
		return "", err
	}
	warnings, err := json.MarshalIndent(append([]string{}, s.Warnings...), "  ", "  ")
	if err != nil {
		return "", err
	}
	return string(data) + ",\n  \"warnings\": " + string(warnings) + "\n}\n", nil
}

// The questions and warnings, written by hand, are what encoding/json
// writes, for classes of every shape: no learners, items with and without
// a discrimination, figures tiny and huge, text that JSON or HTML escapes.
func TestGradeJSONQuestionsAreEncodingJSONs(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 4))
	texts := []string{"plain", "a<b>&c", `quo"te`, "tab\t", "\u2028", "é", ""}
	floats := []float64{0, 1, 0.5, 1.0 / 3, -0.25, 1e-7, -3e-9, 2.5e21, 1e20, 123456789.125}
	for trial := range 300 {
		s := &quiz.ClassStats{Learners: []int{0, 1, 19, 20, 250}[rng.IntN(5)]}
		for range rng.IntN(4) {
			s.Warnings = append(s.Warnings, texts[rng.IntN(len(texts))])
		}
		for n := range rng.IntN(4) {
			q := quiz.Question{Number: n + 1, ID: texts[rng.IntN(len(texts))], Difficulty: texts[rng.IntN(len(texts))],
				Options: make([]quiz.Option, 2+rng.IntN(quiz.MaxOptions-1))}
			q.Options[rng.IntN(len(q.Options))].Correct = true
			it := quiz.ItemStats{Question: q, Choices: make([]int, len(q.Options)), Correct: rng.IntN(50),
				Unanswered: rng.IntN(5), Invalid: rng.IntN(5), Facility: floats[rng.IntN(len(floats))],
				Discrimination: floats[rng.IntN(len(floats))], Defined: rng.IntN(2) == 0}
			for k := range it.Choices {
				it.Choices[k] = rng.IntN(100)
			}
			s.Items = append(s.Items, it)
		}
		want, err := referenceQuestions(s)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		g := NewGradeJSON(&out, "s.csv", len(s.Items))
		if err := g.Finish(s); err != nil {
			t.Fatal(err)
		}
		_, got, _ := strings.Cut(out.String(), "\"questions\": ")
		if got != want {
			t.Fatalf("trial %d: the questions differ from encoding/json's:\n got %s\nwant %s", trial, got, want)
		}
	}
}

// NaN has no JSON: Finish refuses it, as encoding/json did.
func TestGradeJSONRefusesNaN(t *testing.T) {
	s := &quiz.ClassStats{Learners: 3, Items: []quiz.ItemStats{{Question: quiz.Question{Number: 1, Options: make([]quiz.Option, 2)}, Choices: []int{1, 2}, Facility: math.NaN()}}}
	if err := NewGradeJSON(io.Discard, "s.csv", 1).Finish(s); err == nil {
		t.Error("Finish wrote NaN")
	}
}
