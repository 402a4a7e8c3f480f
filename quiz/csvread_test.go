package quiz

import (
	"bytes"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/tokenlab/tokenlab/internal/benchsheet"
)

// readAllSheet reads every record with sheetReader.
func readAllSheet(data []byte) ([][]string, error) {
	sr := newSheetReader(bytes.NewReader(data))
	var recs [][]string
	for {
		err := sr.read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return nil, err
		}
		rec := make([]string, sr.fields())
		for i := range rec {
			rec[i] = string(sr.field(i))
		}
		recs = append(recs, rec)
	}
}

// readAllCSV reads every record with encoding/csv, as sheets were read
// before sheetReader.
func readAllCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	return cr.ReadAll()
}

// sheetReader reads what encoding/csv reads, the same way: whatever it
// accepts, encoding/csv accepts with the same records; and on input with no
// carriage return but in line endings (which sheetReader refuses elsewhere),
// it refuses nothing encoding/csv accepts.
func FuzzSheetReaderMatchesEncodingCSV(f *testing.F) {
	for _, s := range []string{
		classSheet,
		"a,b\r\nc,d\r\n",
		"\xef\xbb\xbfa,\"b,c\"\n\"d\"\"e\",\n",
		"\"multi\nline\",x\n\n\ny\n",
		"\"multi\r\nline\",x\r\n",
		",\n,,\n\"\",\"\"\n",
		"a,\"b\"c\n",
		"a\rb\n",
		"\"open\n",
		"trailing,",
		"\"q\",",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := readAllSheet(data)
		want, csvErr := readAllCSV(data)
		if err == nil {
			if csvErr != nil {
				t.Fatalf("sheetReader accepts what encoding/csv refuses (%v): %q", csvErr, data)
			}
			if !equalRecords(got, want) {
				t.Fatalf("records differ for %q:\n got %q\nwant %q", data, got, want)
			}
			return
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("error is not one line: %q", err)
		}
		if csvErr == nil && !hasBareCR(data) && len(data) < MaxRowBytes {
			t.Fatalf("sheetReader refuses (%v) what encoding/csv reads: %q", err, data)
		}
	})
}

// The plain row's scan, eight bytes at a time, stops at a quote, a
// carriage return, a NUL or a byte past ASCII wherever in a word it falls,
// and finds every comma: it reads what encoding/csv reads, and knows
// whether the row is ASCII text.
func TestPlainRowScanFindsEachSpecialByteAtEveryOffset(t *testing.T) {
	const long = "learner number one,a,b,,c,d,e,,f"
	for _, special := range []string{",", `"`, "\r", "\x00", "é", "\x80"} {
		for size := range len(long) + 1 { // rows of every length, word-aligned or not
			row := long[:size]
			for at := 0; at <= len(row); at++ {
				line := row[:at] + special + row[at:] + "\n"
				got, err := readAllSheet([]byte(line))
				want, csvErr := readAllCSV([]byte(line))
				switch {
				case err == nil && csvErr != nil:
					t.Errorf("%q: sheetReader accepts what encoding/csv refuses (%v)", line, csvErr)
				case err == nil && !equalRecords(got, want):
					t.Errorf("%q: records differ:\n got %q\nwant %q", line, got, want)
				case err != nil && csvErr == nil && special != "\r":
					t.Errorf("%q: sheetReader refuses (%v) what encoding/csv reads", line, err)
				}
				if err != nil || len(got) == 0 { // refused, or a blank line
					continue
				}
				sr := newSheetReader(strings.NewReader(line))
				if err := sr.read(); err != nil {
					t.Fatal(err)
				}
				if ascii := special != "\x00" && special[0] < 0x80; sr.ascii != ascii && special != `"` {
					t.Errorf("%q: ascii = %v, want %v", line, sr.ascii, ascii)
				}
			}
		}
	}
}

// Over a sheet several times the reader's buffer, with rows of every
// length crossing its end wherever they fall, however the file is handed
// over, and plain rows among the others (quoted, CRLF, blank, non-ASCII,
// with a tab), each record and the line it starts on are encoding/csv's.
func TestSheetReaderAcrossItsBuffer(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	var sb strings.Builder
	others := []string{"\"quoted, with a comma\",x\n", "crlf,row\r\n", "\n", "\u00e9l\u00e8ve,A\n", "tab\there,B\n", "\"two\nlines\",C\n"}
	for sb.Len() < 300<<10 {
		if rng.IntN(20) == 0 {
			sb.WriteString(others[rng.IntN(len(others))])
			continue
		}
		sb.WriteString(strings.Repeat("n", rng.IntN(40)))
		for range rng.IntN(12) {
			sb.WriteString("," + strings.Repeat("A", rng.IntN(3)))
		}
		sb.WriteString("\n")
	}
	sheet := sb.String()
	cr := csv.NewReader(strings.NewReader(sheet))
	cr.FieldsPerRecord = -1
	var want [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := cr.FieldPos(0)
		want, lines = append(want, rec), append(lines, line)
	}
	for _, r := range []struct {
		name string
		r    io.Reader
	}{
		{"whole", strings.NewReader(sheet)},
		{"half of each read", iotest.HalfReader(strings.NewReader(sheet))},
		{"a byte a read", iotest.OneByteReader(strings.NewReader(sheet))},
	} {
		t.Run(r.name, func(t *testing.T) {
			sr := newSheetReader(r.r)
			for i := 0; ; i++ {
				err := sr.read()
				if err == io.EOF {
					if i != len(want) {
						t.Fatalf("%d records, want %d", i, len(want))
					}
					return
				}
				if err != nil {
					t.Fatalf("record %d: %v", i+1, err)
				}
				got := make([]string, sr.fields())
				for f := range got {
					got[f] = string(sr.field(f))
				}
				if i >= len(want) || !equalRecords([][]string{got}, want[i:i+1]) || sr.start != lines[i] {
					t.Fatalf("record %d: %q on line %d, want %q on line %d", i+1, got, sr.start, want[min(i, len(want)-1)], lines[min(i, len(lines)-1)])
				}
			}
		})
	}
}

// readName gives each record's first field as read gives it, and fails
// where read fails, on the same line.
func FuzzReadNameMatchesRead(f *testing.F) {
	for _, s := range []string{
		classSheet,
		"a,b\r\nc,d\r\n",
		"\"multi\nline\",x\n\n\ny\n",
		"plain,\"quoted\nlater\"\nname only\n",
		"a\rb\n",
		"ok\nbad\"quote,x\n",
		"\"open\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		full, names := newSheetReader(bytes.NewReader(data)), newSheetReader(bytes.NewReader(data))
		for {
			err := full.read()
			name, nameErr := names.readName()
			if (err == nil) != (nameErr == nil) || err != nil && err.Error() != nameErr.Error() {
				t.Fatalf("read: %v; readName: %v; in %q", err, nameErr, data)
			}
			if err != nil {
				return
			}
			if string(name) != string(full.field(0)) || names.start != full.start {
				t.Fatalf("readName = %q on line %d, read's first field %q on line %d; in %q", name, names.start, full.field(0), full.start, data)
			}
		}
	})
}

func equalRecords(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// hasBareCR reports whether data has a carriage return that is not part of
// a CRLF line ending.
func hasBareCR(data []byte) bool {
	return bytes.Count(data, []byte("\r")) != bytes.Count(data, []byte("\r\n"))
}

// BenchmarkSheetReader reads benchsheet.Class's records, grading nothing.
func BenchmarkSheetReader(b *testing.B) {
	sheet := benchsheet.Class()
	b.SetBytes(int64(len(sheet)))
	for b.Loop() {
		sr := newSheetReader(strings.NewReader(sheet))
		for {
			if err := sr.read(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// controlBytes marks exactly the bytes below 0x20, wherever they fall in
// the word, whatever the bytes around them.
func TestControlBytesIsExact(t *testing.T) {
	for c := range 256 {
		for at := range 8 {
			for _, fill := range []byte{0x00, 0x1f, 0x20, 0x7f, 0x80, 0xff} {
				var w uint64
				for i := range 8 {
					b := fill
					if i == at {
						b = byte(c)
					}
					w |= uint64(b) << (8 * i)
				}
				var want uint64
				for i := range 8 {
					if byte(w>>(8*i)) < 0x20 {
						want |= 0x80 << (8 * i)
					}
				}
				if got := controlBytes(w); got != want {
					t.Fatalf("controlBytes(%#016x) = %#016x, want %#016x", w, got, want)
				}
			}
		}
	}
}
