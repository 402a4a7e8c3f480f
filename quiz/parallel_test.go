package quiz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/tokenlab/tokenlab/internal/benchsheet"
)

// appendTestRow is a RowFormat that writes all of a row, its line too.
func appendTestRow(dst []byte, r *Row) []byte {
	dst = fmt.Appendf(dst, "%d %q %d", r.Line, r.Learner, r.Score)
	for _, o := range r.Outcomes {
		dst = append(dst, ' ')
		dst = append(dst, o.String()...)
	}
	for _, a := range r.Invalid {
		dst = fmt.Appendf(dst, " %d=%q", a.Question, a.Value)
	}
	return append(dst, '\n')
}

// inOrder is Grade's result with every row formatted by appendTestRow.
type inOrder struct {
	rows  string
	stats *ClassStats
	err   error
}

func gradeOneByOne(sheet string) inOrder {
	var rows []byte
	stats, err := Grade("s.csv", strings.NewReader(sheet), Default(), func(r *Row) error {
		rows = appendTestRow(rows, r)
		return nil
	})
	return inOrder{string(rows), stats, err}
}

func gradeChunked(t *testing.T, sheet string, workers, size int) inOrder {
	t.Helper()
	var rows []byte
	stats, err := gradeInChunks("s.csv", strings.NewReader(sheet), Default(), appendTestRow, func(b []byte, learners int) error {
		if n := bytes.Count(b, []byte("\n")); n != learners {
			t.Errorf("write got %d rows said to be %d learners", n, learners)
		}
		rows = append(rows, b...)
		return nil
	}, workers, size)
	return inOrder{string(rows), stats, err}
}

// sameGrading reports how the chunked grading of sheet differs from Grade's.
func sameGrading(t *testing.T, sheet string, workers, size int) {
	t.Helper()
	want, got := gradeOneByOne(sheet), gradeChunked(t, sheet, workers, size)
	if fmt.Sprint(got.err) != fmt.Sprint(want.err) {
		t.Fatalf("%d workers, chunks of %d: error %v, Grade's %v; sheet %.300q", workers, size, got.err, want.err, sheet)
	}
	if want.err != nil {
		return
	}
	if got.rows != want.rows {
		t.Fatalf("%d workers, chunks of %d: rows differ from Grade's:\n%s", workers, size, cmp.Diff(want.rows, got.rows))
	}
	if diff := cmp.Diff(want.stats, got.stats); diff != "" {
		t.Fatalf("%d workers, chunks of %d: statistics differ from Grade's (-Grade +chunked):\n%s", workers, size, diff)
	}
}

// class is a sheet of n learners with every kind of answer, and rows of
// other shapes every so often: quoted names across lines and with commas,
// CRLF, blank lines, a repeated name, spaces to trim.
func class(n int) string {
	var sb strings.Builder
	sb.WriteString("learner,q1,q2,q3,q4,q5\n")
	answers := []string{"A", "b", "C", "d", "", "X", " a ", "zz"}
	for i := range n {
		switch i % 17 {
		case 3:
			fmt.Fprintf(&sb, "\"Smith, Jo %d\"", i)
		case 7:
			fmt.Fprintf(&sb, "\"Line\nbreak \"\"%d\"\"\"", i)
		case 11:
			sb.WriteString("Ann")
		default:
			sb.WriteString("learner " + strconv.Itoa(i))
		}
		for q := range 5 {
			sb.WriteString("," + answers[(i*7+q*3)%len(answers)])
		}
		switch i % 13 {
		case 5:
			sb.WriteString("\r\n")
		case 9:
			sb.WriteString("\n\n")
		default:
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// Grading in chunks on several goroutines comes to what grading row by
// row comes to: the same rows in the same order, the same statistics, the
// same first error, wherever the chunks are cut.
func TestGradeInChunksIsGrade(t *testing.T) {
	plain := class(400)
	bad := func(at int, row string) string { // plain, its at-th line replaced
		lines := strings.SplitAfter(plain, "\n")
		lines[at] = row
		return strings.Join(lines, "")
	}
	sheets := []struct{ name, sheet string }{
		{"a class", plain},
		{"a class without quotes", strings.ReplaceAll(class(400), `"`, "")},
		{"with a byte-order mark, no final line feed", "\xef\xbb\xbf" + strings.TrimSuffix(plain, "\n")},
		{"only a header", "learner,q1,q2,q3,q4,q5\n"},
		{"one learner", "learner,q1,q2,q3,q4,q5\nAnn,A,C,B,D,A\n"},
		{"blank lines at the end", plain + "\n\n\r\n"},
		{"a short row near the end", bad(390, "Ann,A\n")},
		{"a short row at the start", bad(1, "Ann,A\n")},
		{"two bad rows, the first wins", bad(200, "Bo,A,A\n") + "Cy,\"x\"y,,,,\n"},
		{"a stray quote", bad(250, "Bo \"the\" best,A,,,,\n")},
		{"text after a closing quote", bad(120, "\"Bo\"x,A,,,,\n")},
		{"a quote never closed", plain + "\"Bo,A,,,,\nCy,A,,,,\n"},
		{"a quote never closed early", bad(30, "\"Bo,A,,,,\n")},
		{"a bare carriage return", bad(300, "Bo\r,A,,,,\n")},
		{"not UTF-8", bad(310, "B\xffo,A,,,,\n")},
		{"a NUL", bad(320, "Bo\x00,A,,,,\n")},
		{"a row longer than a chunk", bad(100, "Bo"+strings.Repeat("o", 3000)+",A,,,,\n")},
		{"a quoted name longer than a chunk", bad(100, "\"Bo"+strings.Repeat("\no", 1000)+"\",A,,,,\n")},
		{"a row longer than a chunk, then a bad one", bad(100, "Bo"+strings.Repeat("o", 3000)+",A,,,,\n") + "Cy,A\n"},
	}
	for _, s := range sheets {
		t.Run(s.name, func(t *testing.T) {
			for _, workers := range []int{1, 2, 3} {
				for _, size := range []int{64, 100, 257, 1000, 4096, 1 << 17} {
					sameGrading(t, s.sheet, workers, size)
				}
			}
		})
	}
}

// The benchmark's sheet, graded as quiz grade grades it.
func TestGradeInParallelIsGradeOnALargeClass(t *testing.T) {
	sheet := benchsheet.Class()
	want, got := gradeOneByOne(sheet), inOrder{}
	var rows []byte
	got.stats, got.err = GradeInParallel("s.csv", strings.NewReader(sheet), Default(), appendTestRow, func(b []byte, _ int) error {
		rows = append(rows, b...)
		return nil
	})
	got.rows = string(rows)
	if got.err != nil || want.err != nil {
		t.Fatalf("errors: %v, Grade's %v", got.err, want.err)
	}
	if got.rows != want.rows {
		t.Errorf("rows differ from Grade's")
	}
	if diff := cmp.Diff(want.stats, got.stats); diff != "" {
		t.Errorf("statistics differ from Grade's (-Grade +GradeInParallel):\n%s", diff)
	}
}

// A writer's error stops the grading, and is what it returns.
func TestGradeInChunksStopsAtAWriteError(t *testing.T) {
	full := errors.New("disk full")
	writes := 0
	_, err := gradeInChunks("s.csv", strings.NewReader(class(2000)), Default(), appendTestRow, func([]byte, int) error {
		if writes++; writes == 3 {
			return full
		}
		return nil
	}, 2, 512)
	if !errors.Is(err, full) || writes != 3 {
		t.Errorf("error %v after %d writes, want %v after 3", err, writes, full)
	}
}

// A read error comes after the errors in the rows before it.
func TestGradeInChunksReportsAReadErrorInSheetOrder(t *testing.T) {
	broken := errors.New("the disk went away")
	sheet := class(2000)
	for _, tt := range []struct {
		name, sheet, want string
	}{
		{"clean rows, then the error", sheet, "s.csv: the disk went away"},
		{"a bad row, then the error", strings.Replace(sheet, "learner 10,", "learner 10,A,", 1), "s.csv:14: this row has 7 fields but the sheet needs 6: the learner's name and 5 answers"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			failing := func() io.Reader {
				return io.MultiReader(strings.NewReader(tt.sheet[:len(tt.sheet)/2]), iotest.ErrReader(broken))
			}
			_, err := gradeInChunks("s.csv", failing(), Default(), appendTestRow, func([]byte, int) error { return nil }, 2, 512)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %s", err, tt.want)
			}
			if _, err := Grade("s.csv", failing(), Default(), func(*Row) error { return nil }); err == nil || err.Error() != tt.want {
				t.Errorf("Grade's error %v, want %s", err, tt.want)
			}
		})
	}
}

func TestRecordsEnd(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 0},
		{"a\nb", 2},
		{"a\nb\n", 4},
		{"\"a\nb\"\nc", 6},
		{"\"a\nb", 0},
		{"x\n\"a\nb", 2},
		{"\"a\"\"\n\"\n\"", 7},
		{"\"\"\n\"\n", 3},
	} {
		if got := recordsEnd([]byte(tt.in)); got != tt.want {
			t.Errorf("recordsEnd(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func FuzzGradeInChunksIsGrade(f *testing.F) {
	f.Add([]byte(classSheet), uint8(2), uint16(16))
	f.Add([]byte(class(40)), uint8(2), uint16(64))
	f.Add([]byte(class(40)), uint8(3), uint16(100))
	f.Add([]byte("learner,q1,q2,q3,q4,q5\n\"A\nb\",a,,,,\n\"c\",,,,,\nd,a\n"), uint8(2), uint16(20))
	f.Add([]byte("learner,q1,q2,q3,q4,q5\nA,,,,,\nb\"c,,,,,\n\"d\n,,,,,\n"), uint8(2), uint16(12))
	f.Fuzz(func(t *testing.T, data []byte, workers uint8, size uint16) {
		sameGrading(t, string(data), 1+int(workers%4), 8+int(size%2048))
	})
}

// BenchmarkGradeInParallel grades benchsheet.Class as quiz grade does,
// rows formatted by appendTestRow.
func BenchmarkGradeInParallel(b *testing.B) {
	sheet := benchsheet.Class()
	b.SetBytes(int64(len(sheet)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := GradeInParallel("class.csv", strings.NewReader(sheet), Default(), func(dst []byte, r *Row) []byte {
			return append(dst, r.Learner...)
		}, func([]byte, int) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
