package cmd

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tokenlab/tokenlab/internal/fserr"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/internal/safefile"
	"github.com/tokenlab/tokenlab/quiz"
)

// gradeOptions are the flags of `tokenlab quiz grade`.
type gradeOptions struct {
	g      *globalOptions
	bank   string // quiz's --bank, which grade shares
	sheet  string
	format string
}

// newQuizGradeCmd builds `quiz grade`; bank is quiz's --bank flag.
func newQuizGradeCmd(g *globalOptions, bank *string, runF func(context.Context, *gradeOptions) error) *cobra.Command {
	o := &gradeOptions{g: g}
	c := &cobra.Command{
		Use:   "grade SHEET.csv",
		Short: "Grade a class's quiz answer sheets",
		Long: `Grade a class's answer sheets, for instructors.

The sheet is CSV with a header row. The first column names the learner, then
one column per question. A header that names the questions (q1 to q5 in any
case, or the bank's ids) is read by name, in any order; a column naming no
question, or one already named, is an error. Other headers are read in bank
order, with a warning. Answers are letters in any case (spaces are trimmed);
an empty cell is unanswered; anything else is invalid, counted wrong and
listed. A UTF-8 byte-order mark and CRLF line endings are fine, so a sheet
saved by a spreadsheet works as it is; a sheet separated by semicolons or
tabs is refused with how to save it with commas. The sheet must be a regular
file; a row may be at most 1 MiB.

A report is written only once the whole sheet has been read: a bad row
anywhere leaves stdout empty, in every format, with exit 2 and the row's
line (and column, where one is to blame). A class of any size is graded in
one pass, in bounded memory (8 bytes a learner, to find names given twice);
a large sheet's report is made on every core (HTML's, a row at a time).

Warnings come with the report (JSON: "warnings"; text and HTML: under "To
look at"; CSV: on stderr): a header read in bank order, a learner's name on
more than one row, and a class under 20 learners, too few for facility and
discrimination to mean much.

The report gives each learner's score and invalid answers, and for each
question: the answer, how many got it right, the facility (the share who got
it right), how many chose each option, and the discrimination index (the
correlation of the question's score with the rest of the test, as Moodle's
quiz statistics compute it). It flags questions most of the class got wrong,
wrong options that drew more answers than the right one, and questions whose
discrimination is below 0.20. The CSV gradebook neutralises learners' names
that a spreadsheet would run as formulas.`,
		Example: `  tokenlab quiz grade class.csv
  tokenlab quiz grade class.csv --format json > report.json
  tokenlab quiz grade class.csv --format csv > gradebook.csv
  tokenlab quiz grade class.csv --format html > report.html`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("quiz grade takes one answer sheet (CSV), got %d arguments; for example: tokenlab quiz grade class.csv", len(args))
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return []cobra.Completion{"csv"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.sheet, o.bank = args[0], *bank
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runGrade(c.Context(), o)
		},
	}
	addFormatFlag(c, &o.format, "", formatText, formatJSON, formatCSV, formatHTML)
	return c
}

func runGrade(_ context.Context, o *gradeOptions) error {
	bank, err := loadBank(o.bank)
	if err != nil {
		return err
	}
	f, st, err := safefile.Open(o.sheet)
	if err != nil {
		return usageErrorf("cannot read the sheet: %v; give a CSV file", fserr.Pathless(err))
	}
	defer f.Close()

	// A long sheet shows its progress on a terminal's stderr, when the
	// report itself goes elsewhere (rows are written as they are graded).
	status := newStatusLine(o.g.ios.ErrOut, o.g.ios.ErrTTY && !o.g.ios.OutTTY, o.g.ios.StatusDelay)
	defer status.done()
	sheet := &countingReader{r: f}
	rows := 0
	progress := func(what string, learners int) {
		before := rows
		if rows += learners; rows/4096 != before/4096 {
			status.update(func() string {
				return fmt.Sprintf("%s: %d learners, %d%% of the sheet", what, rows, sheet.percentOf(st.Size()))
			})
		}
	}

	// The report reaches stdout only once the whole sheet has been read: a
	// bad row deep in the sheet leaves stdout as it was, not holding a
	// report cut off mid-row.
	out := holdReport(o.g.ios.Out)
	defer out.abort()
	// The JSON report buffers what it writes itself; the others share w.
	var w *bufio.Writer
	if o.format != formatJSON {
		w = bufio.NewWriterSize(out, 64<<10)
	}
	var gw report.GradeWriter
	switch o.format {
	case formatJSON:
		gw = report.NewGradeJSON(out, o.sheet, len(bank.Questions))
	case formatCSV:
		gw, err = report.NewGradeCSV(w, bank.Questions)
	case formatHTML:
		gw = report.NewGradeHTML(w, o.sheet)
	default:
		// The text report's columns need the widest name before the first
		// row: a first pass measures the sheet, a second writes it.
		var layout report.GradeLayout
		if err := quiz.ScanLearners(o.sheet, sheet, func(name []byte) {
			layout.Measure(name)
			progress("reading names", 1)
		}); err != nil {
			// The first error is the one every format reports: grading
			// may meet one before the line this quick pass stopped at.
			if err := rewind(f, st, o.sheet); err != nil {
				return err
			}
			if _, gradeErr := quiz.Grade(o.sheet, f, bank, func(*quiz.Row) error { return nil }); gradeErr != nil {
				err = gradeErr
			}
			return asUsage(err)
		}
		if err := rewind(f, st, o.sheet); err != nil {
			return err
		}
		sheet.n, rows = 0, 0
		profile := colorProfile(o.g.ios, o.g.color)
		th, tw := report.NewTheme(), io.Writer(w)
		if profile == colorprofile.NoTTY {
			th = report.Theme{} // plain: nothing to style, nothing to strip
		} else {
			tw = styledWriter(w, profile)
		}
		gw, err = report.NewGradeText(tw, o.sheet, len(bank.Questions), layout, th)
	}
	if err != nil {
		return err
	}
	// Rows are written as the sheet is read, into the spool: made on every
	// core where the report's rows are each made on their own.
	var stats *quiz.ClassStats
	if rw, ok := gw.(report.RowsGradeWriter); ok {
		stats, err = quiz.GradeInParallel(o.sheet, sheet, bank, rw.AppendRow, func(rows []byte, learners int) error {
			progress("grading", learners)
			return rw.WriteRows(rows, learners)
		})
	} else {
		stats, err = quiz.Grade(o.sheet, sheet, bank, func(r *quiz.Row) error {
			progress("grading", 1)
			return gw.Learner(r)
		})
	}
	status.done()
	if err != nil {
		var fe *quiz.FileError
		if errors.As(err, &fe) {
			return asUsage(err)
		}
		return err
	}
	if err := gw.Finish(stats); err != nil {
		return err
	}
	if o.format == formatCSV {
		// A gradebook has no place for a note: stderr has.
		for _, w := range stats.Warnings {
			fmt.Fprintf(o.g.ios.ErrOut, "tokenlab: warning: %s\n", w)
		}
	}
	if w != nil {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	return out.commit()
}

// heldReport is a report written where it can still be taken back until
// commit; abort, after a commit, does nothing.
type heldReport interface {
	io.Writer
	commit() error
	abort()
}

// holdReport holds what is written for out. A regular file is written as
// it comes and cut back to where it was on abort, and /dev/null takes it
// as it comes; anything else (a pipe, a terminal) gets it all at commit,
// from a spool.
func holdReport(out io.Writer) heldReport {
	if f, ok := out.(*os.File); ok {
		st, err := f.Stat()
		if null, nerr := os.Stat(os.DevNull); err == nil && nerr == nil && os.SameFile(st, null) {
			return &direct{f: f, start: -1}
		}
		if err == nil && st.Mode().IsRegular() {
			// Opened to append (>>), a file's offset says 0 until the
			// first write goes to its end: where the report starts is
			// the later of the two.
			if at, err := f.Seek(0, io.SeekCurrent); err == nil {
				return &direct{f: f, start: max(at, st.Size())}
			}
		}
	}
	return &spool{out: out, limit: 4 << 20}
}

// direct writes to a file as it comes; abort cuts it back to start, unless
// start is negative (nothing to cut: /dev/null).
type direct struct {
	f         *os.File
	start     int64
	committed bool
}

func (d *direct) Write(p []byte) (int, error) { return d.f.Write(p) }
func (d *direct) commit() error               { d.committed = true; return nil }
func (d *direct) abort() {
	if !d.committed && d.start >= 0 {
		_ = d.f.Truncate(d.start)
		_, _ = d.f.Seek(d.start, io.SeekStart)
	}
}

// spool holds what is written to it, in memory up to limit bytes and past
// that in a temporary file, until commit writes it all to out: memory stays
// bounded however large the report.
type spool struct {
	out   io.Writer
	mem   bytes.Buffer
	file  *os.File
	limit int
}

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.mem.Len()+len(p) <= s.limit {
		return s.mem.Write(p)
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "tokenlab-report-*")
		if err != nil {
			return 0, fmt.Errorf("cannot hold the report until the sheet is read: %w", err)
		}
		s.file = f
		if _, err := s.mem.WriteTo(f); err != nil {
			return 0, err
		}
	}
	return s.file.Write(p)
}

func (s *spool) commit() error {
	if s.file == nil {
		_, err := s.mem.WriteTo(s.out)
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(s.out, s.file)
	return err
}

// abort removes the temporary file, if there is one (after a commit too).
func (s *spool) abort() {
	if s.file != nil {
		s.file.Close()
		os.Remove(s.file.Name())
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// percentOf is how much of size has been read, 0 to 100.
func (c *countingReader) percentOf(size int64) int64 {
	if size <= 0 {
		return 100
	}
	return min(100, c.n*100/size)
}

// rewind brings the sheet back to its start for the second pass, and makes
// sure it did not change during the first.
func rewind(f *os.File, before os.FileInfo, name string) error {
	now, err := f.Stat()
	if err == nil && (now.Size() != before.Size() || !now.ModTime().Equal(before.ModTime())) {
		return usageErrorf("%s changed while it was being graded; grade it again once it is saved", name)
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	return err
}
