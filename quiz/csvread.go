package quiz

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
)

// MaxRowBytes is the longest row a sheet may have: a name and a short
// answer per question fit many times over, and a file that is not a sheet
// (one endless line) is refused before it fills memory.
const MaxRowBytes = 1 << 20

// sheetReader reads CSV (RFC 4180) one record at a time, in memory that does
// not grow with the sheet: each record's fields are views into one buffer,
// reused for the next. It reads what encoding/csv reads (quoted fields with
// "" for a quote, line breaks inside quotes, CRLF or LF, blank lines
// skipped), is several times faster on the plain rows a class sheet is made
// of, and says in its own words what is wrong with a file that is not CSV.
type sheetReader struct {
	r            source
	line         int    // lines consumed so far
	start        int    // the line the last record started on
	rec          []byte // the last record's text: its line, or its fields unquoted in own
	own          []byte // the buffer quoted records are unquoted into
	starts, ends []int  // where each field starts and ends in rec
	long         []byte // a line longer than the reader's buffer, put together
	ascii        bool   // the last record is ASCII without NUL: text for sure
	win          []byte // what r held when last looked at, read in place by readPlain
	used         int    // the bytes of win read, not yet discarded from r
}

func newSheetReader(r io.Reader) *sheetReader {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	return &sheetReader{r: br}
}

// source is what a sheetReader reads from: a bufio.Reader, or the bytes of
// a chunk of a sheet held whole in memory.
type source interface {
	ReadSlice(delim byte) ([]byte, error)
	Peek(n int) ([]byte, error)
	Discard(n int) (int, error)
	Buffered() int
}

// chunkSource is the source of whole records held in memory: what it has
// is all buffered, so readPlain reads every plain row of it in place.
type chunkSource struct{ b []byte }

func (c *chunkSource) ReadSlice(delim byte) ([]byte, error) {
	i := bytes.IndexByte(c.b, delim)
	if i < 0 {
		line := c.b
		c.b = nil
		return line, io.EOF
	}
	line := c.b[:i+1]
	c.b = c.b[i+1:]
	return line, nil
}

func (c *chunkSource) Peek(n int) ([]byte, error) {
	if n > len(c.b) {
		return c.b, io.EOF
	}
	return c.b[:n], nil
}

func (c *chunkSource) Discard(n int) (int, error) {
	n = min(n, len(c.b))
	c.b = c.b[n:]
	return n, nil
}

func (c *chunkSource) Buffered() int { return len(c.b) }

// readChunk makes s read the records of chunk, which follows line lines of
// the sheet and holds whole records; s keeps its buffers from before.
func (s *sheetReader) readChunk(chunk []byte, line int) {
	src, _ := s.r.(*chunkSource)
	if src == nil {
		src = &chunkSource{}
	}
	src.b = chunk
	*s = sheetReader{r: src, line: line, own: s.own[:0], starts: s.starts[:0], ends: s.ends[:0]}
}

// sheetSyntaxError is a line of the sheet that is not CSV.
type sheetSyntaxError struct {
	Line   int
	Msg    string
	Column int // the field, from 1, when it is known
}

func (e *sheetSyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// fields is the number of fields of the last record.
func (s *sheetReader) fields() int { return len(s.ends) }

// field is field i of the last record; valid until the next read.
func (s *sheetReader) field(i int) []byte { return s.rec[s.starts[i]:s.ends[i]] }

// readLine returns the next line with its line ending, and an empty line at
// the end of the input. The slice is valid until the next call.
func (s *sheetReader) readLine() ([]byte, error) {
	s.sync()
	line, err := s.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.long = append(s.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(s.long) > MaxRowBytes {
				return nil, s.tooLong()
			}
			line, err = s.r.ReadSlice('\n')
			s.long = append(s.long, line...)
		}
		if len(s.long) > MaxRowBytes {
			return nil, s.tooLong()
		}
		line = s.long
	}
	if err == io.EOF {
		err = nil
	}
	if len(line) > 0 {
		s.line++
	}
	return line, err
}

func (s *sheetReader) tooLong() error {
	return &sheetSyntaxError{s.line + 1, fmt.Sprintf("a line longer than %d KiB; a sheet's rows are a name and one short answer per question", MaxRowBytes>>10), 0}
}

// read reads the next record; io.EOF at the end of the sheet.
func (s *sheetReader) read() error {
	if s.readPlain() {
		return nil
	}
	line, err := s.nextRecordLine()
	if err != nil {
		return err
	}
	return s.parse(line)
}

// readName reads the next record for its first field alone, valid until
// the next read; io.EOF at the end of the sheet. A line without a quote or
// a carriage return is a plain record whose name ends at its first comma,
// found without looking at the rest; any other record is read whole, with
// read's errors.
func (s *sheetReader) readName() ([]byte, error) {
	line, err := s.nextRecordLine()
	if err != nil {
		return nil, err
	}
	if body := trimEOL(line); bytes.IndexByte(body, '"') < 0 && bytes.IndexByte(body, '\r') < 0 {
		s.start = s.line
		if i := bytes.IndexByte(body, ','); i >= 0 {
			return body[:i], nil
		}
		return body, nil
	}
	if err := s.parse(line); err != nil {
		return nil, err
	}
	return s.field(0), nil
}

// readPlain reads the next record if it is a plain row, most of a sheet:
// ASCII without a quote, a carriage return or NUL, not blank, and ending
// in a line feed within what r holds. One scan, eight bytes at a time,
// finds its end and its fields, in place in r's buffer. For any other
// record it reads nothing and reports false, and read reads it by lines.
func (s *sheetReader) readPlain() bool {
	if s.used == len(s.win) {
		s.sync()
		s.win, _ = s.r.Peek(s.r.Buffered()) // no read: what is there
	}
	body := s.win[s.used:]
	starts, ends := s.starts[:cap(s.starts)], s.ends[:cap(s.ends)]
	from, n := 0, 0 // where the field starts; fields so far
	for i := 0; i+8 <= len(body); i += 8 {
		w := binary.LittleEndian.Uint64(body[i:])
		// A control byte (a carriage return, NUL, tab) stops the scan
		// unless the first is the line feed that ends the row: one test
		// for all of them, and the line feed looked for only then.
		stop := zeroBytes(w^(ones*'"')) | w&highs
		newline, before := uint64(0), ^uint64(0) // before: the bits of the bytes before the row's end
		if control := controlBytes(w); control != 0 {
			newline = control & -control
			if newline&zeroBytes(w^(ones*'\n')) == 0 {
				return false
			}
			before = newline - 1
		}
		if stop&before != 0 {
			return false
		}
		if n+9 > len(starts) { // room for a comma a byte and the last field
			starts, ends = growBounds(starts, n), growBounds(ends, n)
		}
		for commas := zeroBytes(w^(ones*',')) & before; commas != 0; commas &= commas - 1 {
			j := i + bits.TrailingZeros64(commas)>>3
			starts[n], ends[n] = from, j
			from, n = j+1, n+1
		}
		if newline != 0 {
			end := i + bits.TrailingZeros64(newline)>>3
			if end == 0 {
				return false // a blank line, skipped by nextRecordLine
			}
			starts[n], ends[n] = from, end
			s.starts, s.ends = starts[:n+1], ends[:n+1]
			s.rec, s.ascii = body[:end], true
			s.used += end + 1
			s.line++
			s.start = s.line
			return true
		}
	}
	return false
}

// growBounds is b, its first n bounds kept, with room for 16 more at least.
func growBounds(b []int, n int) []int {
	b = slices.Grow(b[:n], 16)
	return b[:cap(b)]
}

// sync discards from r what readPlain has read, before r is read from.
func (s *sheetReader) sync() {
	if s.used > 0 {
		_, _ = s.r.Discard(s.used)
	}
	s.win, s.used = nil, 0
}

// nextRecordLine is the line the next record starts on, with its line
// ending, past blank lines (encoding/csv skips them); io.EOF at the end.
func (s *sheetReader) nextRecordLine() ([]byte, error) {
	for {
		line, err := s.readLine()
		if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			return nil, io.EOF
		}
		if len(trimEOL(line)) > 0 {
			return line, nil
		}
	}
}

// parse reads the record that starts with line, a line with its line
// ending and something before it.
func (s *sheetReader) parse(line []byte) error {
	body := trimEOL(line)
	s.start = s.line
	// The plain row, most of a sheet: one scan finds its fields, in
	// place, and whether it is all ASCII without NUL, so that isText
	// has nothing left to do. A quote sends it to the general reader.
	// The field bounds are written by index into room for the most
	// fields the line could hold, and stored once.
	if most := len(body) + 1; cap(s.starts) < most {
		s.starts, s.ends = make([]int, 0, 2*most), make([]int, 0, 2*most)
	}
	starts, ends := s.starts[:len(body)+1], s.ends[:len(body)+1]
	s.rec, s.ascii = body, true
	from, n := 0, 0 // where the field starts; fields so far
	// Eight bytes at a time while they hold nothing special but commas;
	// the rest, from the first word that does, a byte at a time.
	i := 0
	for ; i+8 <= len(body); i += 8 {
		w := binary.LittleEndian.Uint64(body[i:])
		if zeroBytes(w^(ones*'"'))|zeroBytes(w^(ones*'\r'))|zeroBytes(w)|w&highs != 0 {
			break
		}
		for commas := zeroBytes(w ^ (ones * ',')); commas != 0; commas &= commas - 1 {
			j := i + bits.TrailingZeros64(commas)>>3
			starts[n], ends[n] = from, j
			from, n = j+1, n+1
		}
	}
	// The last bytes of a row of eight or more, as the end of a word that
	// overlaps what the loop read (nothing special but commas there).
	if at := len(body) - 8; i > at && i < len(body) && at >= 0 {
		w := binary.LittleEndian.Uint64(body[at:])
		read := 8 * uint(i-at) // bits of bytes the loop read
		if (zeroBytes(w^(ones*'"'))|zeroBytes(w^(ones*'\r'))|zeroBytes(w)|w&highs)>>read == 0 {
			for commas := zeroBytes(w^(ones*',')) >> read << read; commas != 0; commas &= commas - 1 {
				j := at + bits.TrailingZeros64(commas)>>3
				starts[n], ends[n] = from, j
				from, n = j+1, n+1
			}
			i = len(body)
		}
	}
	for ; i < len(body); i++ {
		c := body[i]
		if !special[c] {
			continue
		}
		switch {
		case c == ',':
			starts[n], ends[n] = from, i
			from, n = i+1, n+1
		case c == '"':
			s.rec, s.starts, s.ends, s.ascii = s.own[:0], starts[:0], ends[:0], false
			err := s.readQuoted(line)
			s.own = s.rec
			return err
		case c == '\r':
			s.starts, s.ends = starts[:n], ends[:n]
			return s.bareCR()
		case c == 0 || c >= 0x80:
			s.ascii = false
		}
	}
	starts[n], ends[n] = from, len(body)
	s.starts, s.ends = starts[:n+1], ends[:n+1]
	return nil
}

// readQuoted reads a record with quoted fields, which may go on for more
// lines. line is its first line, with its line ending.
func (s *sheetReader) readQuoted(line []byte) error {
	text := trimEOL(line)
	for {
		// At the start of a field.
		if len(text) > 0 && text[0] == '"' {
			text = text[1:]
			for {
				i := bytes.IndexByte(text, '"')
				if i < 0 {
					// The field goes on past the line's end.
					if bytes.IndexByte(text, '\r') >= 0 {
						return s.bareCR()
					}
					s.rec = append(s.rec, text...)
					s.rec = append(s.rec, '\n')
					if len(s.rec) > MaxRowBytes {
						return &sheetSyntaxError{s.start, fmt.Sprintf("a row longer than %d KiB; a sheet's rows are a name and one short answer per question", MaxRowBytes>>10), 0}
					}
					next, err := s.readLine()
					if err != nil {
						return err
					}
					if len(next) == 0 {
						return &sheetSyntaxError{s.start, `a quoted field starts here and is never closed: a " is missing`, 0}
					}
					text = trimEOL(next)
					continue
				}
				if bytes.IndexByte(text[:i], '\r') >= 0 {
					return s.bareCR()
				}
				s.rec = append(s.rec, text[:i]...)
				text = text[i+1:]
				if len(text) > 0 && text[0] == '"' { // "" is a quote
					s.rec = append(s.rec, '"')
					text = text[1:]
					continue
				}
				break
			}
			s.endField()
			switch {
			case len(text) == 0:
				return nil
			case text[0] == ',':
				text = text[1:]
				if len(text) == 0 {
					s.endField() // an empty last field
					return nil
				}
				continue
			}
			return &sheetSyntaxError{s.line, `text after a quoted field's closing "; inside quotes, write a quote as ""`, len(s.ends)}
		}
		// A field without quotes, up to the next comma.
		end := bytes.IndexByte(text, ',')
		field := text
		if end >= 0 {
			field = text[:end]
		}
		if bytes.IndexByte(field, '"') >= 0 {
			return &sheetSyntaxError{s.line, `a " inside a field that does not start with one; quote the whole field and write the quote as ""`, len(s.ends) + 1}
		}
		if bytes.IndexByte(field, '\r') >= 0 {
			return s.bareCR()
		}
		s.rec = append(s.rec, field...)
		s.endField()
		if end < 0 {
			return nil
		}
		text = text[end+1:]
		if len(text) == 0 {
			s.endField()
			return nil
		}
	}
}

// special marks the bytes the plain-row scan must stop at: a comma, a
// quote, a carriage return, and NUL or any byte past ASCII.
var special = func() (t [256]bool) {
	for _, c := range []byte{',', '"', '\r', 0} {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	return t
}()

// ones and highs are a word's bytes each 0x01 and each 0x80.
const ones, highs = 0x0101010101010101, 0x8080808080808080

// controlBytes has the high bit of each byte of w below 0x20 set, and no
// other bit: exact, as zeroBytes is.
func controlBytes(w uint64) uint64 {
	const lows = 0x7f7f7f7f7f7f7f7f
	return ^((w&lows + ones*(0x80-0x20)) | w | lows)
}

// zeroBytes has the high bit of each byte of w that is zero set, and no
// other bit: exact, unlike the shorter test for any zero byte.
func zeroBytes(w uint64) uint64 {
	const lows = 0x7f7f7f7f7f7f7f7f
	return ^((w&lows + lows) | w | lows)
}

// endField ends a field of a quoted record where rec ends now: fields are
// unquoted into rec back to back.
func (s *sheetReader) endField() {
	from := 0
	if n := len(s.ends); n > 0 {
		from = s.ends[n-1]
	}
	s.starts, s.ends = append(s.starts, from), append(s.ends, len(s.rec))
}

// errBareCR is a carriage return that does not end a line with a line feed.
func (s *sheetReader) bareCR() error {
	if s.start == 1 {
		return &sheetSyntaxError{1, "its lines end in a carriage return alone (classic Mac OS line endings), so the whole sheet reads as one row; save it with LF or CRLF line endings", 0}
	}
	return &sheetSyntaxError{s.line, "a carriage return inside a row; lines end in LF or CRLF", 0}
}

// trimEOL removes a line's "\n" or "\r\n".
func trimEOL(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	return line
}

var errNotText = errors.New("not CSV text (binary data or a text encoding other than UTF-8); save the sheet as CSV UTF-8")
