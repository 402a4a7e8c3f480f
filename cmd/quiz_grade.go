package cmd

import (
	"bufio"
	"context"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
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
one column per question in bank order. Answers are letters in any case
(spaces are trimmed); an empty cell is unanswered; anything else is invalid,
counted wrong and listed. A UTF-8 byte-order mark and CRLF line endings are
fine, so a sheet saved by a spreadsheet works as it is.

The report gives each learner's score and invalid answers, and for each
question: the answer, how many got it right, the facility (the share who got
it right), how many chose each option, and the discrimination index (the
correlation of the question's score with the rest of the test, as Moodle's
quiz statistics compute it). It flags questions most of the class got wrong
and wrong options that drew more answers than the right one.`,
		Example: `  tokenlab quiz grade class.csv
  tokenlab quiz grade class.csv --format json > report.json
  tokenlab quiz grade class.csv --format csv > gradebook.csv`,
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
	addFormatFlag(c, &o.format, "", formatText, formatJSON, formatCSV)
	return c
}

func runGrade(_ context.Context, o *gradeOptions) error {
	bank, err := loadBank(o.bank)
	if err != nil {
		return err
	}
	f, err := os.Open(o.sheet)
	if err != nil {
		return usageErrorf("cannot read the sheet: %v", unwrapPathError(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return usageErrorf("cannot read the sheet: %s is a directory; give a CSV file", o.sheet)
	}
	rep, err := quiz.GradeSheet(o.sheet, f, bank)
	if err != nil {
		return asUsage(err)
	}

	w := bufio.NewWriterSize(o.g.ios.Out, 64<<10)
	switch o.format {
	case formatJSON:
		err = report.GradeJSON(w, o.sheet, rep)
	case formatCSV:
		err = report.GradeCSV(w, rep)
	default:
		_, err = io.WriteString(styledWriter(w, colorProfile(o.g.ios, o.g.color)), report.GradeText(o.sheet, rep))
	}
	if err != nil {
		return err
	}
	return w.Flush()
}
