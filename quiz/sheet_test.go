package quiz

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tokenlab/tokenlab/internal/benchsheet"
)

const classSheet = "learner,q1,q2,q3,q4,q5\n" +
	"Ann,A,C,B,D,A\n" +
	"Ben,A,C,B,A,B\n" +
	"Cy,B,C,A,A,A\n" +
	"Dee, b ,,x,d,A\n"

// graded is a whole sheet's grades, kept row by row for tests to look at.
type graded struct {
	Learners []Row
	Items    []ItemStats
	Stats    *ClassStats
}

// Outcome is learner l's outcome on question index q.
func (g *graded) Outcome(l, q int) Outcome { return g.Learners[l].Outcomes[q] }

// gradeAll grades a sheet and keeps a copy of every row.
func gradeAll(name, sheet string) (*graded, error) {
	g := &graded{}
	stats, err := Grade(name, strings.NewReader(sheet), Default(), func(r *Row) error {
		c := *r
		c.Learner = slices.Clone(r.Learner) // its buffer holds the next row's
		c.Outcomes = slices.Clone(r.Outcomes)
		c.Invalid = slices.Clone(r.Invalid)
		g.Learners = append(g.Learners, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if stats.Learners != len(g.Learners) {
		return nil, fmt.Errorf("%d learners counted, %d rows given", stats.Learners, len(g.Learners))
	}
	g.Items, g.Stats = stats.Items, stats
	return g, nil
}

func TestGradeSheet(t *testing.T) {
	rep, err := gradeAll("class.csv", classSheet)
	if err != nil {
		t.Fatal(err)
	}
	type learner struct {
		Name    string
		Line    int
		Score   int
		Invalid []BadAnswer
	}
	var got []learner
	for _, l := range rep.Learners {
		got = append(got, learner{string(l.Learner), l.Line, l.Score, l.Invalid})
	}
	for i := range got {
		if len(got[i].Invalid) == 0 {
			got[i].Invalid = nil
		}
	}
	want := []learner{
		{"Ann", 2, 5, nil},
		{"Ben", 3, 3, nil},
		{"Cy", 4, 2, nil},
		{"Dee", 5, 2, []BadAnswer{{3, "x"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("learners (-want +got):\n%s", diff)
	}
	if o := rep.Outcome(3, 1); o != Unanswered {
		t.Errorf("Dee's question 2 = %v, want unanswered", o)
	}
	if o := rep.Outcome(3, 2); o != InvalidAnswer {
		t.Errorf("Dee's question 3 = %v, want invalid", o)
	}

	q1 := rep.Items[0]
	if q1.Correct != 2 || q1.Facility != 0.5 || !cmp.Equal(q1.Choices, []int{2, 2, 0, 0}) {
		t.Errorf("question 1: correct %d facility %v choices %v", q1.Correct, q1.Facility, q1.Choices)
	}
	// By hand: x = [1 1 0 0], rest = [4 2 2 2]: r = 4 / sqrt(4 * 12).
	if want := 4 / math.Sqrt(48); !q1.Defined || math.Abs(q1.Discrimination-want) > 1e-12 {
		t.Errorf("question 1 discrimination = %v (defined %v), want %v", q1.Discrimination, q1.Defined, want)
	}
	// Everyone who answered question 2 got it right, but one left it blank.
	if q2 := rep.Items[1]; q2.Correct != 3 || q2.Unanswered != 1 {
		t.Errorf("question 2: correct %d unanswered %d", q2.Correct, q2.Unanswered)
	}
	// Half right is not "most of the class got it wrong".
	if q4 := rep.Items[3]; q4.Correct != 2 || q4.MostlyWrong(4) {
		t.Errorf("question 4: correct %d, mostly wrong %v; want 2, false", q4.Correct, q4.MostlyWrong(4))
	}
	if q3 := rep.Items[2]; q3.Invalid != 1 || q3.Correct != 2 || !cmp.Equal(q3.Choices, []int{1, 2, 0, 0}) {
		t.Errorf("question 3: invalid %d correct %d choices %v", q3.Invalid, q3.Correct, q3.Choices)
	}
}

func TestStrongDistractorsAndMostlyWrong(t *testing.T) {
	sheet := "name,1,2,3,4,5\na,A,A,B,A,A\nb,A,A,B,A,A\nc,A,C,B,D,A\n"
	rep, err := gradeAll("s.csv", sheet)
	if err != nil {
		t.Fatal(err)
	}
	q2 := rep.Items[1]
	if !q2.MostlyWrong(3) || !cmp.Equal(q2.StrongDistractors(), []int{0}) {
		t.Errorf("question 2: mostly wrong %v, distractors %v; want true, [A]", q2.MostlyWrong(3), q2.StrongDistractors())
	}
	if q1 := rep.Items[0]; q1.MostlyWrong(3) || q1.StrongDistractors() != nil || q1.Defined {
		t.Errorf("question 1 (all right): mostly wrong %v, distractors %v, discrimination defined %v", q1.MostlyWrong(3), q1.StrongDistractors(), q1.Defined)
	}
}

// The one-pass sums agree with a textbook two-pass Pearson correlation.
func TestDiscriminationMatchesTwoPassPearson(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("learner,1,2,3,4,5\n")
	const n = 300
	scores := make([][5]float64, n)
	for i := range n {
		fmt.Fprintf(&b, "l%d", i)
		for q := range 5 {
			letter := "ABCD"[r.IntN(4)]
			if r.IntN(3) == 0 { // skew towards the answer
				letter = "ACBDA"[q]
			}
			if letter == "ACBDA"[q] {
				scores[i][q] = 1
			}
			fmt.Fprintf(&b, ",%c", letter)
		}
		b.WriteString("\n")
	}
	rep, err := gradeAll("r.csv", b.String())
	if err != nil {
		t.Fatal(err)
	}
	for q := range 5 {
		var xs, ys []float64
		for i := range n {
			total := 0.0
			for _, s := range scores[i] {
				total += s
			}
			xs = append(xs, scores[i][q])
			ys = append(ys, total-scores[i][q])
		}
		want := pearson(xs, ys)
		if got := rep.Items[q].Discrimination; math.Abs(got-want) > 1e-9 {
			t.Errorf("question %d discrimination = %v, want %v", q+1, got, want)
		}
	}
}

func pearson(xs, ys []float64) float64 {
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= float64(len(xs))
	my /= float64(len(ys))
	var sxy, sxx, syy float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
		syy += (ys[i] - my) * (ys[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestGradeSheetReadsBOMAndCRLF(t *testing.T) {
	plain, err := gradeAll("a.csv", classSheet)
	if err != nil {
		t.Fatal(err)
	}
	windows := "\xef\xbb\xbf" + strings.ReplaceAll(classSheet, "\n", "\r\n")
	got, err := gradeAll("a.csv", windows)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plain, got); diff != "" {
		t.Errorf("BOM and CRLF changed the grades (-plain +windows):\n%s", diff)
	}
	if string(got.Learners[0].Learner) != "Ann" {
		t.Errorf("first learner = %q", got.Learners[0].Learner)
	}
}

// Quoted names keep their commas, quotes and line breaks, and the rows
// after one count their lines from where each starts.
func TestGradeSheetReadsQuotedFields(t *testing.T) {
	sheet := "learner,1,2,3,4,5\r\n\"Dee, Jr.\",a,c,b,d,a\r\n\"Two\r\nlines \"\"x\"\"\",A,,,,\r\n\r\nEd,\"A\",\"\",B,D,\n"
	rep, err := gradeAll("q.csv", sheet)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range rep.Learners {
		got = append(got, fmt.Sprintf("%d %q %d", l.Line, l.Learner, l.Score))
	}
	want := []string{`2 "Dee, Jr." 5`, `3 "Two\nlines \"x\"" 1`, `6 "Ed" 3`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// A header that names the questions is read by name, in any order and
// case, by q1 to qN or by the bank's ids; one that does not is read in bank
// order, with a warning.
func TestGradeSheetReadsColumnsByName(t *testing.T) {
	ids := make([]string, 0, 5)
	for _, q := range Default().Questions {
		ids = append(ids, q.ID)
	}
	tests := []struct {
		name, sheet string
		score       int
		warned      bool
	}{
		{"in bank order", "learner,q1,q2,q3,q4,q5\nAnn,A,C,B,D,A\n", 5, false},
		{"reordered", "learner,q2,q1,q3,q4,q5\nAnn,C,A,B,D,A\n", 5, false},
		{"reversed, any case", "Learner, Q5 ,Q4,q3,Q2,q1\nAnn,A,D,B,C,A\n", 5, false},
		{"by id", "learner," + strings.Join([]string{ids[4], ids[3], ids[2], ids[1], ids[0]}, ",") + "\nAnn,A,D,B,C,A\n", 5, false},
		{"unnamed", "learner,1,2,3,4,5\nAnn,A,C,B,D,A\n", 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := gradeAll("s.csv", tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Learners) != 1 || rep.Learners[0].Score != tt.score {
				t.Errorf("learners %+v, want Ann with %d", rep.Learners, tt.score)
			}
			if warned := len(rep.Stats.Warnings) > 0 && strings.Contains(rep.Stats.Warnings[0], "bank order"); warned != tt.warned {
				t.Errorf("warnings %q", rep.Stats.Warnings)
			}
		})
	}
}

func TestGradeSheetRefusesBadSheets(t *testing.T) {
	tests := []struct {
		name, sheet, want string
	}{
		{"empty", "", "s.csv: empty; a sheet needs a header row: the learner's name, then one column per question (5)"},
		{"short header", "learner,1,2,3,4\nAnn,A,C,B,D\n", "s.csv:1: the header has 4 question columns but the bank has 5 questions; columns are the learner's name, then one per question (q1 to q5, or in bank order)"},
		{"long row", "learner,1,2,3,4,5\nAnn,A,C,B,D,A\nBen,A,C,B,D,A,A\n", "s.csv:3: this row has 7 fields but the sheet needs 6: the learner's name and 5 answers"},
		{"short row", "learner,1,2,3,4,5\n\nBen,A\n", "s.csv:3: this row has 2 fields but the sheet needs 6: the learner's name and 5 answers"},
		{"binary", "learner,1,2,3,4,5\nAnn,A,C,B,D,\x00\n", "s.csv:2: column 6: not CSV text (binary data or a text encoding other than UTF-8); save the sheet as CSV UTF-8"},
		{"latin-1", "learner,1,2,3,4,5\nJos\xe9,A,C,B,D,A\n", "s.csv:2: column 1: not CSV text (binary data or a text encoding other than UTF-8); save the sheet as CSV UTF-8"},
		{"bare quote", "learner,1,2,3,4,5\nAn\"n,A,C,B,D,A\n", `s.csv:2: column 1: a " inside a field that does not start with one; quote the whole field and write the quote as ""`},
		{"text after a quoted field", "learner,1,2,3,4,5\n\"Ann\" Lee,A,C,B,D,A\n", `s.csv:2: column 1: text after a quoted field's closing "; inside quotes, write a quote as ""`},
		{"a quote never closed", "learner,1,2,3,4,5\nAnn,A,C,B,D,A\n\"Ben,A,C,B,D,A\nCy,A,C,B,D,A\n", `s.csv:3: a quoted field starts here and is never closed: a " is missing`},
		{"CR line endings", "learner,1,2,3,4,5\rAnn,A,C,B,D,A\rBen,A,C,B,D,A\r", "s.csv:1: its lines end in a carriage return alone (classic Mac OS line endings), so the whole sheet reads as one row; save it with LF or CRLF line endings"},
		{"a CR in a row", "learner,1,2,3,4,5\nAnn,A,C,B,D,A\nB\ren,A,C,B,D,A\n", "s.csv:3: a carriage return inside a row; lines end in LF or CRLF"},
		{"an endless line", "learner,1,2,3,4,5\n" + strings.Repeat("A", MaxRowBytes+10), "s.csv:2: a line longer than 1024 KiB; a sheet's rows are a name and one short answer per question"},
		{"unknown question column", "learner,q1,q2,q9,q4,q5\nAnn,A,C,B,D,A\n", `s.csv:1: column 4 of the header, "q9", names no question of the bank; name each question's column q1 to q5 (or by its id), in any order`},
		{"a question named twice", "learner,q1,q2,Q1,q4,q5\nAnn,A,C,B,D,A\n", `s.csv:1: column 4 of the header, "q1", names question 1 again (column 2 named it first)`},
		{"named and not", "learner,q1,q2,three,q4,q5\nAnn,A,C,B,D,A\n", `s.csv:1: column 4 of the header, "three", names no question of the bank; name each question's column q1 to q5 (or by its id), in any order`},
		{"semicolons", "learner;q1;q2;q3;q4;q5\nAnn;A;C;B;D;A\n", `s.csv:1: the header is one column holding ';': the sheet seems separated by semicolons, and tokenlab reads commas; save it as CSV with commas (a spreadsheet's "CSV (comma delimited)")`},
		{"tabs", "learner\tq1\tq2\tq3\tq4\tq5\nAnn\tA\tC\tB\tD\tA\n", `s.csv:1: the header is one column holding a tab: the sheet seems separated by tabs, and tokenlab reads commas; save it as CSV with commas (a spreadsheet's "CSV (comma delimited)")`},
		{"an endless quoted row", "learner,1,2,3,4,5\n\"" + strings.Repeat("A\n", MaxRowBytes/2+10), "s.csv:2: a row longer than 1024 KiB; a sheet's rows are a name and one short answer per question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := gradeAll("s.csv", tt.sheet)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error\n got: %v\nwant: %s", err, tt.want)
			}
		})
	}
}

func FuzzGradeSheet(f *testing.F) {
	f.Add([]byte(classSheet))
	f.Add([]byte("\xef\xbb\xbf" + strings.ReplaceAll(classSheet, "\n", "\r\n")))
	f.Add([]byte("learner,1,2,3,4,5\n\"A,\"\"b\",a,,,,\n"))
	f.Add([]byte("a\n"))
	f.Add([]byte("\x00\x01\x02"))
	f.Add([]byte("learner,Q3,q1,q2,q5,q4\nAnn,B,A,C,A,D\nAnn,,,,,\n"))
	f.Add([]byte("learner,q1,q1,\"q\n2\",q4,q5\n"))
	f.Add([]byte("learner;q1;q2;q3;q4;q5\nAnn;A;C;B;D;A\n"))
	f.Add([]byte("learner,q1,q2,q3,q4,q5\n\"\",\"\",\"\",\"\",\"\",\"\"\nBo,A,,b,  ,\n"))
	f.Add([]byte("learner,q5,q4,q3,q2,q1\nAnn,AB, a,\u00a0,\"C \",\u00e9\nBo,\t,z,Z,?,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := gradeAll("f.csv", string(data))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			return
		}
		want := referenceGrade(t, data)
		// Lines are the reader's, fuzzed against encoding/csv elsewhere.
		if diff := cmp.Diff(want, rep.Learners, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(Row{}, "Line")); diff != "" {
			t.Fatalf("rows differ from the reference grading of %q (-want +got):\n%s", data, diff)
		}
		for _, l := range rep.Learners {
			if l.Score < 0 || l.Score > 5 {
				t.Errorf("score %d out of range", l.Score)
			}
		}
		for _, it := range rep.Items {
			if it.Facility < 0 || it.Facility > 1 || (it.Defined && (math.IsNaN(it.Discrimination) || math.Abs(it.Discrimination) > 1+1e-9)) {
				t.Errorf("question %d: facility %v, discrimination %v", it.Question.Number, it.Facility, it.Discrimination)
			}
		}
	})
}

// referenceGrade grades a sheet Grade accepted the plain way: records from
// encoding/csv, each answer trimmed and then judged, branch by branch.
// Only the columns are Grade's own (readHeader, tested on its own).
func referenceGrade(t *testing.T, data []byte) []Row {
	t.Helper()
	bank := Default()
	column, _, err := readHeader("f.csv", newSheetReader(bytes.NewReader(data)), bank)
	if err != nil {
		t.Fatalf("readHeader refuses a sheet Grade graded: %v", err)
	}
	recs, err := readAllCSV(data)
	if err != nil {
		t.Fatalf("encoding/csv refuses a sheet Grade graded: %v", err)
	}
	var rows []Row
	for _, rec := range recs[1:] {
		r := Row{Learner: bytes.TrimSpace([]byte(rec[0]))}
		for q, col := range column {
			v := strings.TrimSpace(rec[col])
			o := Unanswered
			switch {
			case v == "":
			case len(v) == 1 && letterIndex(v[0]) < len(bank.Questions[q].Options):
				o = Wrong
				if letterIndex(v[0]) == bank.Questions[q].Answer() {
					o = Right
					r.Score++
				}
			default:
				o = InvalidAnswer
				r.Invalid = append(r.Invalid, BadAnswer{Question: bank.Questions[q].Number, Value: v})
			}
			r.Outcomes = append(r.Outcomes, o)
		}
		rows = append(rows, r)
	}
	return rows
}

// A name given twice, and a class too small for item analysis, are
// warnings; a class of MinItemAnalysis distinct learners has none.
func TestGradeSheetWarns(t *testing.T) {
	row := func(name string) string { return name + ",A,C,B,D,A\n" }
	big := "learner,q1,q2,q3,q4,q5\n"
	for i := range MinItemAnalysis {
		big += row(fmt.Sprintf("learner %d", i))
	}
	tests := []struct {
		name, sheet string
		want        []string
	}{
		{"big enough", big, nil},
		{"a name twice", big + row("learner 3") + row("learner 3"), []string{"2 rows repeat a learner's name given on an earlier row; each row is graded as a learner of its own"}},
		{"two learners", "learner,q1,q2,q3,q4,q5\n" + row("Ann") + row("Ben"),
			[]string{"2 learners are too few for item analysis (under 20): facility and discrimination move a lot with each learner, so read them as a sketch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := gradeAll("s.csv", tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rep.Stats.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// The repeats counted are exactly those of a plain count, across blocks,
// in any order, in buckets of any size.
func TestRepeatCounterCountsExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	tests := []struct {
		name   string
		hashes []uint64
	}{
		{"none", nil},
		{"one", []uint64{42}},
		{"twice, then a third time", []uint64{5, 9, 5, 5}},
		{"zero, which marks an empty slot", []uint64{0, 0, 7, 0}},
		{"200,000 random", func() (hs []uint64) {
			for range 200000 {
				hs = append(hs, rng.Uint64())
			}
			return hs
		}()},
		{"600,000 with repeats across the heap's slab and huge pages", func() (hs []uint64) {
			for range 600000 {
				hs = append(hs, rng.Uint64N(400000)*0x9e3779b97f4a7c15) // all buckets
			}
			return hs
		}()},
		{"repeats far apart, over many buckets", func() (hs []uint64) {
			for range 5*chunkSize + 5 {
				hs = append(hs, rng.Uint64N(5*chunkSize)<<52) // top bits vary
			}
			return hs
		}()},
		{"repeats in one bucket of several chunks", func() (hs []uint64) {
			for range 5*chunkSize + 5 { // all in bucket 0
				hs = append(hs, rng.Uint64N(5*chunkSize))
			}
			return hs
		}()},
	}
	for _, tt := range tests {
		plain, want := map[uint64]bool{}, 0
		for _, h := range tt.hashes {
			if plain[h] {
				want++
			}
			plain[h] = true
		}
		// A sheet graded in parts counts its names in a counter a part,
		// each part's rows any of the sheet's.
		for parts := 1; parts <= 3; parts++ {
			t.Run(fmt.Sprintf("%s/%d parts", tt.name, parts), func(t *testing.T) {
				seed := maphash.MakeSeed()
				counters := make([]*repeatCounter, parts)
				for i := range counters {
					counters[i] = newRepeatCounter(seed)
					defer counters[i].release()
				}
				for i, h := range tt.hashes {
					counters[(i*7/3)%parts].addHash(h)
				}
				if got := repeats(counters...); got != want {
					t.Errorf("repeats = %d, want %d", got, want)
				}
			})
		}
	}
}

// BenchmarkGrade grades benchsheet.Class, bench-grade's kind of sheet.
func BenchmarkGrade(b *testing.B) {
	sheet := benchsheet.Class()
	b.SetBytes(int64(len(sheet)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Grade("class.csv", strings.NewReader(sheet), Default(), func(*Row) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// An answer of spaces alone is trimmed to nothing: unanswered, however
// many spaces, as the doc says; a space around a letter is trimmed too.
func TestGradeSpacesAloneAreUnanswered(t *testing.T) {
	rep, err := gradeAll("s.csv", "learner,q1,q2,q3,q4,q5\nAnn, ,\t,  , c ,z\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Outcome{Unanswered, Unanswered, Unanswered, Wrong, InvalidAnswer}
	if diff := cmp.Diff(want, rep.Learners[0].Outcomes); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]BadAnswer{{5, "z"}}, rep.Learners[0].Invalid); diff != "" {
		t.Errorf("invalid (-want +got):\n%s", diff)
	}
}

// A row's invalid answers are listed in question order, trimmed, whatever
// their length, and the next row starts its list afresh.
func TestGradeListsEveryInvalidAnswerOfARow(t *testing.T) {
	rep, err := gradeAll("s.csv", "learner,q1,q2,q3,q4,q5\n"+
		"Ann,x, maybe ,A,\"z, or y\",?\n"+
		"Bo,A,C,B,D,A\n"+
		"Cy,é,,b,q,\n")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]BadAnswer{
		{{1, "x"}, {2, "maybe"}, {4, "z, or y"}, {5, "?"}},
		{},
		{{1, "é"}, {4, "q"}},
	}
	for i, w := range want {
		if diff := cmp.Diff(w, rep.Learners[i].Invalid, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("row %d's invalid answers (-want +got):\n%s", i+1, diff)
		}
	}
}
