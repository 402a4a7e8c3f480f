package quiz

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/tokenlab/tokenlab/internal/hugemem"
)

// Outcome is what one answer on a sheet came to.
type Outcome byte

// The outcomes of an answer.
const (
	Unanswered Outcome = iota
	Right
	Wrong
	InvalidAnswer // not a letter of the question's options: wrong, and listed
)

func (o Outcome) String() string {
	return [...]string{"unanswered", "correct", "wrong", "invalid"}[o]
}

// BadAnswer is an answer on a sheet that is not one of the options.
type BadAnswer struct {
	Question int // bank number
	Value    string
}

// Row is one learner's row of a sheet, graded. Grade reuses it, and the
// buffer Learner points into, for the next row: copy what you keep.
type Row struct {
	Learner  []byte // the learner's name, spaces trimmed
	Line     int    // the line the row starts on
	Score    int
	Outcomes []Outcome // one per question, in bank order
	Invalid  []BadAnswer
}

// ItemStats is the class's result on one question.
type ItemStats struct {
	Question   Question
	Correct    int   // learners who chose the answer
	Choices    []int // learners who chose each option, by letter
	Unanswered int
	Invalid    int
	// Facility is the share of learners who got it right; 0 with no learners.
	Facility float64
	// Discrimination is the correlation of the item's score with the rest
	// of the test (the learner's total without this item), as Moodle's quiz
	// statistics compute it. Defined is false when either side does not vary.
	Discrimination float64
	Defined        bool
}

// MostlyWrong reports whether most of the class got the question wrong.
func (s ItemStats) MostlyWrong(learners int) bool {
	return learners > 0 && 2*s.Correct < learners
}

// LowDiscriminationBelow is the discrimination index under which a
// question is flagged: common item-analysis guidance counts an index below
// 0.2 as poor, and one below 0 as a question the stronger learners got
// wrong more often than the weaker.
const LowDiscriminationBelow = 0.2

// LowDiscrimination reports whether the question's discrimination is
// known and below LowDiscriminationBelow.
func (s ItemStats) LowDiscrimination() bool {
	return s.Defined && s.Discrimination < LowDiscriminationBelow
}

// StrongDistractors returns the wrong options that drew more answers than
// the right one.
func (s ItemStats) StrongDistractors() []int {
	var out []int
	answer := s.Question.Answer()
	for i, n := range s.Choices {
		if i != answer && n > s.Choices[answer] {
			out = append(out, i)
		}
	}
	return out
}

// ClassStats is what a whole sheet came to, question by question.
type ClassStats struct {
	Questions []Question
	Learners  int
	Items     []ItemStats
	// Scores counts the learners by score: Scores[s] scored s.
	Scores []int
	// Warnings are what a reader of the report should know before
	// trusting it: a header read in bank order, repeated learners, a class
	// too small for item analysis.
	Warnings []string
}

// Grade grades a class's answer sheet against the bank: CSV with a header
// row, then one row per learner: the learner's name, then one answer per
// question in bank order. Answers are letters in any case, spaces trimmed;
// empty is unanswered; anything else is invalid. A UTF-8 BOM and CRLF line
// endings are fine.
//
// It reads the sheet once and hands each row to row as soon as it is
// graded, in sheet order, keeping nothing of it: every statistic is a sum
// over learners, so memory does not depend on the size of the class.
func Grade(name string, r io.Reader, b *Bank, row func(*Row) error) (*ClassStats, error) {
	sr := newSheetReader(r)
	g, err := startGrading(name, sr, b)
	if err != nil {
		return nil, err
	}
	p := g.newPart()
	defer p.names.release()
	for {
		more, err := p.next(g, sr)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		if err := row(&p.row); err != nil {
			return nil, err
		}
	}
	return g.finish(p), nil
}

// grading is what grading a sheet needs once its header has been read.
type grading struct {
	sheet  string // the sheet's name, for errors
	bank   *Bank
	column []int // column[q] is the sheet's column holding question q's answers
	named  bool  // the header named the questions
	seed   maphash.Seed
	blank  []tally // each question's tally, counting nothing yet
}

// startGrading reads the sheet's header.
func startGrading(name string, sr *sheetReader, b *Bank) (*grading, error) {
	column, named, err := readHeader(name, sr, b)
	if err != nil {
		return nil, err
	}
	g := &grading{sheet: name, bank: b, column: column, named: named, seed: maphash.MakeSeed()}
	for _, q := range b.Questions {
		g.blank = append(g.blank, newTally(q))
	}
	return g, nil
}

// part is what some of a sheet's rows came to: sums over learners, so that
// parts graded apart, on several cores, add up to the class's.
type part struct {
	tallies  []tally
	sums     itemSums
	scores   []int // learners by score
	learners int
	// Each learner's name as a 64-bit hash: 8 bytes a learner to find the
	// names given twice, where the names themselves could be any size.
	names *repeatCounter
	row   Row // the last row graded
}

// newPart is a part with no rows yet; release its names when done.
// What it writes for each row is in memory of its own (apart), so that
// parts graded on several cores at once do not slow each other down.
func (g *grading) newPart() *part {
	nq := len(g.column)
	p := &new(struct {
		_ [cacheLines]byte
		p part
		_ [cacheLines]byte
	}).p
	*p = part{
		tallies: append(apart[tally](nq)[:0], g.blank...),
		sums:    itemSums{sumXT: apart[int64](nq)},
		scores:  apart[int](nq + 1),
		names:   newRepeatCounter(g.seed),
		row:     Row{Outcomes: apart[Outcome](nq), Invalid: apart[BadAnswer](nq)[:0]},
	}
	return p
}

// cacheLines is the memory that two values written on different cores
// keep between them: a cache line is 64 bytes, and processors fetch them
// in pairs.
const cacheLines = 128

// apart is a slice of n zero Ts that shares no cache line with anything:
// where one core writes to memory that shares a line with memory another
// core writes to, the line goes back and forth between them (false
// sharing), and grading on two cores was slower than on one.
func apart[T any](n int) []T {
	var t T
	pad := cacheLines/max(int(unsafe.Sizeof(t)), 1) + 1
	return make([]T, n+2*pad)[pad : pad+n : pad+n]
}

// next reads the next row from sr and grades it into p.row; false at the
// end of the sheet.
func (p *part) next(g *grading, sr *sheetReader) (bool, error) {
	err := sr.read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, sheetError(g.sheet, err)
	}
	if nq := len(g.column); sr.fields() != nq+1 {
		return false, &FileError{File: g.sheet, Line: sr.start,
			Msg: fmt.Sprintf("this row has %d fields but the sheet needs %d: the learner's name and %d answers", sr.fields(), nq+1, nq)}
	}
	if !isText(sr) {
		return false, &FileError{File: g.sheet, Line: sr.start, Column: notText(sr), Msg: errNotText.Error()}
	}
	gradeRow(&p.row, sr, g.column, p.tallies, &p.sums)
	p.names.add(p.row.Learner)
	p.learners++
	p.scores[p.row.Score]++
	return true, nil
}

// finish adds up the parts into the class's statistics.
func (g *grading) finish(parts ...*part) *ClassStats {
	nq := len(g.column)
	stats := &ClassStats{Questions: g.bank.Questions, Items: make([]ItemStats, nq), Scores: make([]int, nq+1)}
	if !g.named {
		stats.Warnings = append(stats.Warnings, fmt.Sprintf("the header does not name the questions (q1 to q%d, or the bank's ids), so its columns are taken in bank order", nq))
	}
	tallies := slices.Clone(g.blank)
	sums := itemSums{sumXT: make([]int64, nq)}
	names := make([]*repeatCounter, len(parts))
	for i, p := range parts {
		stats.Learners += p.learners
		for s, n := range p.scores {
			stats.Scores[s] += n
		}
		for q := range tallies {
			for k, n := range p.tallies[q].count {
				tallies[q].count[k] += n
			}
		}
		sums.sumT += p.sums.sumT
		sums.sumTT += p.sums.sumTT
		for q, v := range p.sums.sumXT {
			sums.sumXT[q] += v
		}
		names[i] = p.names
	}
	if repeated := repeats(names...); repeated > 0 {
		stats.Warnings = append(stats.Warnings, fmt.Sprintf("%d rows repeat a learner's name given on an earlier row; each row is graded as a learner of its own", repeated))
	}
	if stats.Learners > 0 && stats.Learners < MinItemAnalysis {
		stats.Warnings = append(stats.Warnings, fmt.Sprintf("%d learners are too few for item analysis (under %d): facility and discrimination move a lot with each learner, so read them as a sketch", stats.Learners, MinItemAnalysis))
	}
	for q, it := range g.bank.Questions {
		stats.Items[q] = ItemStats{Question: it, Choices: make([]int, len(it.Options))}
		tallies[q].into(&stats.Items[q])
	}
	sums.analyse(stats)
	return stats
}

// readHeader reads the sheet's header row and says which column holds each
// question's answers, and whether the header named the questions.
func readHeader(name string, sr *sheetReader, b *Bank) (column []int, named bool, err error) {
	nq := len(b.Questions)
	fail := func(format string, args ...any) error {
		return &FileError{File: name, Line: sr.start, Msg: fmt.Sprintf(format, args...)}
	}
	if err := sr.read(); err == io.EOF {
		return nil, false, fail("empty; a sheet needs a header row: the learner's name, then one column per question (%d)", nq)
	} else if err != nil {
		return nil, false, sheetError(name, err)
	}
	if !isText(sr) {
		return nil, false, &FileError{File: name, Line: sr.start, Column: notText(sr), Msg: errNotText.Error()}
	}
	if sr.fields() == 1 {
		if d := otherDelimiter(sr.field(0)); d != "" {
			return nil, false, fail("the header is one column holding %s: the sheet seems separated by %s, and tokenlab reads commas; "+
				"save it as CSV with commas (a spreadsheet's \"CSV (comma delimited)\")", d, map[string]string{"';'": "semicolons", "a tab": "tabs"}[d])
		}
	}
	if sr.fields()-1 != nq {
		return nil, false, fail("the header has %d question columns but the bank has %d questions; columns are the learner's name, then one per question (q1 to q%d, or in bank order)",
			max(sr.fields()-1, 0), nq, nq)
	}
	column, named, err = questionColumns(sr, b)
	if err != nil {
		return nil, false, fail("%v", err)
	}
	return column, named, nil
}

// tally counts one question's answers as the rows come: each answer's
// kind is looked up, not worked out, and counted without a branch on it.
type tally struct {
	// kind is an answer's kind by its length (0, 1, or 2 for longer) and
	// first byte: kind[min(len, 2)<<8|first]. A longer answer's is
	// kindLong, which says to trim it and look again.
	kind    [3 << 8]uint8
	outcome [kinds]Outcome
	right   [kinds]uint8 // 1 for the right option's kind
	count   [kinds]int
	answer  uint8 // the right option's kind
	number  int   // the question's number in the bank
}

// An answer's kind is the index of the option it names (0 to 25), or one of
// these.
const (
	kindUnanswered = 26 + iota
	kindInvalid
	kinds
	kindLong = kinds // not a kind: an answer of two bytes or more, to trim first
)

func newTally(q Question) tally {
	t := tally{answer: uint8(q.Answer()), number: q.Number}
	for c := range 256 {
		t.kind[c] = kindUnanswered
		t.kind[1<<8|c] = kindInvalid
		if i := letterIndex(byte(c)); i < len(q.Options) {
			t.kind[1<<8|c] = uint8(i)
		}
		t.kind[2<<8|c] = kindLong
	}
	for _, space := range []byte(" \t\n\v\f\r") { // trimmed, as bytes.TrimSpace would
		t.kind[1<<8|int(space)] = kindUnanswered
	}
	for k := range t.outcome {
		t.outcome[k] = Wrong
	}
	t.outcome[t.answer], t.outcome[kindUnanswered], t.outcome[kindInvalid] = Right, Unanswered, InvalidAnswer
	t.right[t.answer] = 1
	return t
}

// into sets an item's counts from the tally.
func (t *tally) into(it *ItemStats) {
	copy(it.Choices, t.count[:])
	it.Correct, it.Unanswered, it.Invalid = t.count[t.answer], t.count[kindUnanswered], t.count[kindInvalid]
}

// gradeRow grades the row sr holds into lr, counts its answers in the
// tallies (tallies[q] is question q's) and adds it to the item sums. The
// answers on a sheet follow no pattern a processor could predict, so the
// loop over them looks up what it needs instead of branching on it.
func gradeRow(lr *Row, sr *sheetReader, column []int, tallies []tally, sums *itemSums) {
	lr.Learner, lr.Line = trimSpace(sr.field(0)), sr.start
	outcomes := lr.Outcomes[:len(column)]
	tallies = tallies[:len(column)]
	if cap(lr.Invalid) < len(column) {
		lr.Invalid = make([]BadAnswer, 0, len(column))
	}
	// Every answer is written to the next slot of invalid, which only an
	// invalid answer keeps.
	invalid, n := lr.Invalid[:len(column)], 0
	rec, starts, ends := sr.rec, sr.starts, sr.ends
	if len(rec) == 0 {
		rec = noText[:] // every field empty, and still a byte to read
	}
	last := len(rec) - 1
	score := 0
	for q, col := range column {
		t := &tallies[q]
		// An answer's first byte is read even when it is empty (a byte
		// of the next field then, or the record's last), so that its
		// length picks the table entry instead of a branch.
		start, size := starts[col], ends[col]-starts[col]
		c := int(rec[min(start, last)])
		k := t.kind[min(size, 2)<<8|c]
		value := byteStrings[c : c+1]
		if k == kindLong {
			k, value = t.kindOf(rec[start:ends[col]])
		}
		t.count[k]++
		outcomes[q] = t.outcome[k]
		score += int(t.right[k])
		invalid[n] = BadAnswer{Question: t.number, Value: value}
		n += int(k / kindInvalid) // 1 for kindInvalid, the last kind; 0 for the others
	}
	lr.Invalid = invalid[:n]
	lr.Score = score
	sums.add(score, outcomes)
}

// noText stands for a record with no text at all.
var noText [1]byte

// byteStrings holds every byte, in order: byteStrings[c:c+1] is the
// one-byte string c.
var byteStrings = func() string {
	var b [256]byte
	for c := range b {
		b[c] = byte(c)
	}
	return string(b[:])
}()

// kindOf is the kind of an answer of two bytes or more, and what it says
// when that is kindInvalid.
func (t *tally) kindOf(v []byte) (uint8, string) {
	switch v = trimSpace(v); len(v) {
	case 0:
		return kindUnanswered, ""
	case 1:
		return t.kind[1<<8|int(v[0])], byteStrings[v[0] : int(v[0])+1]
	}
	return kindInvalid, string(v)
}

// trimSpace is bytes.TrimSpace, without the call for a field that starts
// and ends with a printable ASCII byte, as nearly every field of a sheet
// does (every space TrimSpace trims is at most ' ' or past ASCII).
func trimSpace(v []byte) []byte {
	if n := len(v); n > 0 && v[0]-'!' < 0x7f-'!' && v[n-1]-'!' < 0x7f-'!' {
		return v
	}
	return bytes.TrimSpace(v)
}

// itemSums are the sums behind each question's discrimination index, over
// learners: x is a learner's score on the question (0 or 1), t their total,
// y = t - x their score on the rest of the test. Σy, Σy² and Σxy follow
// from Σt, Σt² and, for each question, Σxt (x² = x):
//
//	Σy = Σt - Σx,  Σy² = Σt² - 2Σxt + Σx,  Σxy = Σxt - Σx
type itemSums struct {
	sumT, sumTT int64
	sumXT       []int64 // by question
}

func (s *itemSums) add(total int, outcomes []Outcome) {
	t := int64(total)
	s.sumT += t
	s.sumTT += t * t
	for q, o := range outcomes {
		s.sumXT[q] += t * isRight[o]
	}
}

// isRight is 1 for a right answer's outcome, 0 for the others.
var isRight = [...]int64{Right: 1, Wrong: 0, Unanswered: 0, InvalidAnswer: 0}

// analyse sets each item's facility and, where both the item and the rest
// of the test vary, its discrimination (the point-biserial correlation).
func (s *itemSums) analyse(stats *ClassStats) {
	n := float64(stats.Learners)
	if n == 0 {
		return
	}
	for q := range stats.Items {
		it := &stats.Items[q]
		cx := int64(it.Correct)
		sumY, sumYY, sumXY := s.sumT-cx, s.sumTT-2*s.sumXT[q]+cx, s.sumXT[q]-cx
		sx := float64(cx) // x is 0 or 1, so Σx² = Σx
		it.Facility = sx / n
		varX := n*sx - sx*sx
		varY := n*float64(sumYY) - float64(sumY)*float64(sumY)
		if varX > 0 && varY > 0 {
			it.Discrimination = (n*float64(sumXY) - sx*float64(sumY)) / math.Sqrt(varX*varY)
			it.Defined = true
		}
	}
}

// MinItemAnalysis is the least class whose item statistics are reported
// without a warning: below it, one learner more or less moves a question's
// facility by over 5 points and its discrimination further.
const MinItemAnalysis = 20

// repeatCounter counts the names given on an earlier row, in 8 bytes a
// learner: it keeps each name's 64-bit hash, in one of 256 buckets by the
// hash's top byte, so that equal hashes share a bucket. At the end each
// bucket's repeats are counted in a hash set small enough to stay in the
// processor's cache: no sort, no merge, no large table probed at random.
// (Measured against it: sorting every hash took a fifth of grading, and
// one list of hashes in sheet order, counted group by group in several
// passes or put in order of top byte in place, took longer.)
type repeatCounter struct {
	seed   maphash.Seed
	tail   [256][]uint64 // each bucket's chunk being filled
	last   [256]uint32   // the number of each bucket's chunk being filled, from 1; 0 for none yet
	slab   []uint64      // what chunks are cut from, in order
	slabs  [][]uint64    // every slab taken, whole
	chunks int           // chunks cut
	frees  []func()      // gives back the huge-page slabs
}

// newRepeatCounter counts names by their hash with seed: counters that
// share a seed may be counted together (repeats).
func newRepeatCounter(seed maphash.Seed) *repeatCounter {
	c := &new(struct {
		_ [cacheLines]byte
		c repeatCounter
		_ [cacheLines]byte
	}).c // apart, as a part is
	c.seed = seed
	return c
}

// A chunk holds chunkSize words, cut in order from slabs: the first slab,
// of firstSlab words (32 KiB, a small class's), from Go's heap, and those
// after it in 2 MiB huge pages (hugemem). A chunk's first word links it to
// the bucket's chunk before it (that chunk's number, from 1; 0 for none);
// the rest hold hashes. Where a page fault is dear, as in some virtual
// machines, faults were most of what counting 200,000 names cost: 430 of
// the run's 1,115 when every slab was 4 KiB pages of Go's heap, and 28 of
// ~640 when each bucket kept a growing list of its chunks. At most 256
// chunks are part empty.
const chunkSize, firstSlab, hugeSlab = 128, 1 << 12, 1 << 18

// add counts a learner's name.
func (c *repeatCounter) add(name []byte) { c.addHash(maphash.Bytes(c.seed, name)) }

func (c *repeatCounter) addHash(h uint64) {
	t := &c.tail[h>>56]
	if len(*t) == cap(*t) {
		c.newChunk(h >> 56)
	}
	*t = append(*t, h)
}

func (c *repeatCounter) newChunk(b uint64) {
	if len(c.slab) < chunkSize {
		if len(c.slabs) == 0 {
			c.slab = make([]uint64, firstSlab)
		} else {
			var free func()
			c.slab, free = hugemem.Uint64s(hugeSlab)
			c.frees = append(c.frees, free)
		}
		c.slabs = append(c.slabs, c.slab)
	}
	chunk := c.slab[:1:chunkSize]
	c.slab = c.slab[chunkSize:]
	chunk[0] = uint64(c.last[b])
	c.chunks++
	c.tail[b], c.last[b] = chunk, uint32(c.chunks)
}

// chunk is chunk number k, from 1, whole.
func (c *repeatCounter) chunk(k uint32) []uint64 {
	const firstChunks, hugeChunks = firstSlab / chunkSize, hugeSlab / chunkSize
	i := int(k) - 1
	if i < firstChunks {
		return c.slabs[0][i*chunkSize:][:chunkSize]
	}
	i -= firstChunks
	return c.slabs[1+i/hugeChunks][i%hugeChunks*chunkSize:][:chunkSize]
}

// release gives back the counter's memory; the counter is not used after.
func (c *repeatCounter) release() {
	for _, free := range c.frees {
		free()
	}
	*c = repeatCounter{}
}

// repeats counts the hashes equal to one that came before, in counters
// that share a seed: the names of a sheet counted in parts.
func repeats(counters ...*repeatCounter) int {
	n := 0
	var set []uint64 // open addressing; 0 marks an empty slot
	zero := false    // a hash of 0 has been seen: 0 marks an empty slot
	for b := range 256 {
		// The bucket's hashes, in each counter: its chunk being filled,
		// then each full one it links back to, each past its link.
		size := 0
		for _, c := range counters {
			if tail := c.tail[b]; tail != nil {
				size += len(tail) - 1
				for k := uint32(tail[0]); k != 0; k = uint32(c.chunk(k)[0]) {
					size += chunkSize - 1
				}
			}
		}
		if size < 2 {
			continue
		}
		k := bitsFor(2 * size) // at most half full
		set = slices.Grow(set[:0], 1<<k)[:1<<k]
		clear(set)
		mask := uint64(1)<<k - 1
		for _, c := range counters {
			if c.tail[b] == nil {
				continue
			}
			for chunk := c.tail[b]; ; chunk = c.chunk(uint32(chunk[0])) {
				for _, h := range chunk[1:] {
					if h == 0 {
						if zero {
							n++
						}
						zero = true
						continue
					}
					for i := (h * 0x9e3779b97f4a7c15) >> (64 - k); ; i = (i + 1) & mask {
						if set[i] == 0 {
							set[i] = h
							break
						}
						if set[i] == h {
							n++
							break
						}
					}
				}
				if chunk[0] == 0 {
					break
				}
			}
		}
	}
	return n
}

// bitsFor is the least b with 1<<b >= n.
func bitsFor(n int) uint { return uint(bits.Len(uint(n - 1))) }

// questionColumns maps each question to its column from the header: by
// name when the header names any question (q1 to qN in any case, or the
// bank's ids; then every column must name one, once), else in bank order,
// and named is false.
func questionColumns(sr *sheetReader, b *Bank) (column []int, named bool, err error) {
	nq := len(b.Questions)
	column = make([]int, nq)
	byName := map[string]int{}
	for i, q := range b.Questions {
		byName[fmt.Sprintf("q%d", i+1)] = i
		if q.ID != "" {
			byName[strings.ToLower(q.ID)] = i
		}
	}
	seen := make([]int, nq) // the column naming each question, from 1
	for c := 1; c <= nq; c++ {
		h := strings.ToLower(string(bytes.TrimSpace(sr.field(c))))
		if q, ok := byName[h]; ok {
			named = true
			if seen[q] != 0 {
				return nil, false, fmt.Errorf("column %d of the header, %q, names question %d again (column %d named it first)", c+1, h, q+1, seen[q]+1)
			}
			seen[q] = c
		}
	}
	if !named {
		for q := range column {
			column[q] = q + 1
		}
		return column, false, nil
	}
	for c := 1; c <= nq; c++ {
		h := strings.ToLower(string(bytes.TrimSpace(sr.field(c))))
		if _, ok := byName[h]; !ok {
			return nil, false, fmt.Errorf("column %d of the header, %q, names no question of the bank; name each question's column q1 to q%d (or by its id), in any order", c+1, h, nq)
		}
	}
	for q := range column {
		column[q] = seen[q]
	}
	return column, true, nil
}

// otherDelimiter names the delimiter a one-column header seems to use
// instead of commas, or "".
func otherDelimiter(header []byte) string {
	switch {
	case bytes.Count(header, []byte(";")) > 0:
		return "';'"
	case bytes.Count(header, []byte("\t")) > 0:
		return "a tab"
	}
	return ""
}

// ScanLearners reads a sheet's rows for their learners' names alone, in
// sheet order, past the header: a quick first pass for a report that must
// know them all before it writes a row (the text report's column widths).
// It checks only that the sheet is CSV; Grade checks the rest. The name is
// valid until each returns.
func ScanLearners(name string, r io.Reader, each func(learner []byte)) error {
	sr := newSheetReader(r)
	header := true
	for {
		learner, err := sr.readName()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return sheetError(name, err)
		}
		if !header {
			each(bytes.TrimSpace(learner))
		}
		header = false
	}
}

// letterIndex maps A-Z and a-z to 0-25; anything else to 26 or more.
func letterIndex(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c - 'a')
	}
	return 1 << 8
}

// isText reports whether every field of the last record is text: UTF-8
// without NUL bytes.
func isText(sr *sheetReader) bool { return sr.ascii || notText(sr) == 0 }

// notText is the first field of the last record, from 1, that is not
// text, or 0.
func notText(sr *sheetReader) int {
	for i := range sr.fields() {
		if f := sr.field(i); bytes.IndexByte(f, 0) >= 0 || !utf8.Valid(f) {
			return i + 1
		}
	}
	return 0
}

// sheetError turns a read error into FILE:LINE: message.
func sheetError(name string, err error) error {
	var se *sheetSyntaxError
	if errors.As(err, &se) {
		return &FileError{File: name, Line: se.Line, Column: se.Column, Msg: se.Msg}
	}
	return &FileError{File: name, Msg: err.Error()}
}
