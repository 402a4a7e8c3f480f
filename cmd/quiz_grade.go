package cmd

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/quiz"
)

const formatCSV = "csv"

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
	format := newEnum(&o.format, formatText, formatText, formatJSON, formatCSV)
	c.Flags().Var(format, "format", "output format: text, json or csv")
	_ = c.RegisterFlagCompletionFunc("format", format.complete)
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
		err = writeGradeJSON(w, o.sheet, rep)
	case formatCSV:
		err = writeGradeCSV(w, rep)
	default:
		_, err = io.WriteString(styledWriter(w, colorProfile(o.g.ios, o.g.color)), renderGrade(o.sheet, rep))
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// renderGrade is the text report: learners, questions, then what to look at.
func renderGrade(sheet string, rep *quiz.ClassReport) string {
	th := report.NewTheme()
	n, nq := len(rep.Learners), len(rep.Questions)
	var b strings.Builder
	b.WriteString(th.Title.Render(fmt.Sprintf("Graded %s: %d %s, %d %s", sheet,
		n, report.Plural(n, "learner", "learners"), nq, report.Plural(nq, "question", "questions"))) + "\n\n")

	var learners report.Table
	learners.Header = []string{"learner", "score", "invalid answers"}
	learners.RightCol = map[int]bool{1: true}
	for _, l := range rep.Learners {
		var bad []string
		for _, a := range l.Invalid {
			bad = append(bad, fmt.Sprintf("question %d: %q", a.Question, a.Value))
		}
		learners.Add(report.Plain(l.Learner), report.Plain(fmt.Sprintf("%d/%d", l.Score, nq)), report.Cell{Text: strings.Join(bad, "; "), Style: th.Bad})
	}
	b.WriteString(th.Heading.Render("Learners") + "\n")
	if n == 0 {
		b.WriteString(report.Indent + "No learners: the sheet has only its header.\n\n")
	} else {
		b.WriteString(learners.Render(th, report.Indent) + "\n")
	}

	maxOpts := 0
	for _, q := range rep.Questions {
		maxOpts = max(maxOpts, len(q.Options))
	}
	var items report.Table
	items.Header = []string{"question", "answer", "correct", "facility"}
	for i := range maxOpts {
		items.Header = append(items.Header, quiz.Letter(i))
	}
	items.Header = append(items.Header, "blank", "invalid", "discrimination")
	items.RightCol = map[int]bool{}
	for i := 2; i < len(items.Header); i++ {
		items.RightCol[i] = true
	}
	for _, it := range rep.Items {
		row := []report.Cell{
			report.Plain(fmt.Sprintf("%d (%s)", it.Question.Number, it.Question.Difficulty)),
			report.Plain(quiz.Letter(it.Question.Answer())),
			report.Plain(strconv.Itoa(it.Correct)),
			report.Plain(percent(it.Facility, n)),
		}
		for i := range maxOpts {
			count := ""
			if i < len(it.Choices) {
				count = strconv.Itoa(it.Choices[i])
			}
			row = append(row, report.Plain(count))
		}
		disc := "n/a"
		if it.Defined {
			disc = fmt.Sprintf("%.2f", it.Discrimination)
		}
		row = append(row, report.Plain(strconv.Itoa(it.Unanswered)), report.Plain(strconv.Itoa(it.Invalid)), report.Plain(disc))
		items.Add(row...)
	}
	b.WriteString(th.Heading.Render("Questions") + "\n" + items.Render(th, report.Indent) + "\n")

	var flags []string
	for _, it := range rep.Items {
		num := it.Question.Number
		if it.MostlyWrong(n) {
			flags = append(flags, fmt.Sprintf("Question %d: most of the class got it wrong (facility %s).", num, percent(it.Facility, n)))
		}
		answer := it.Question.Answer()
		for _, d := range it.StrongDistractors() {
			flags = append(flags, fmt.Sprintf("Question %d: option %s drew more answers (%d) than the answer, %s (%d).",
				num, quiz.Letter(d), it.Choices[d], quiz.Letter(answer), it.Choices[answer]))
		}
	}
	b.WriteString(th.Heading.Render("To look at") + "\n")
	if len(flags) == 0 {
		b.WriteString(report.Indent + "Nothing stands out: most of the class got every question right.\n")
	}
	for _, f := range flags {
		b.WriteString(report.Indent + th.Bad.Render(f) + "\n")
	}
	b.WriteString(report.StyleLines(th.Muted, report.Wrap("Facility is the share who got a question right. Discrimination near 1: "+
		"the question separates strong from weak; near 0 or below: look at its wording.", defaultWidth, "")) + "\n")
	return b.String()
}

func percent(f float64, learners int) string {
	if learners == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", f*100)
}

// itemJSON is one question of `quiz grade --format json`.
type itemJSON struct {
	Number         int            `json:"number"`
	ID             string         `json:"id"`
	Difficulty     string         `json:"difficulty"`
	Answer         string         `json:"answer"`
	Correct        int            `json:"correct"`
	Facility       *float64       `json:"facility"`
	Choices        map[string]int `json:"choices"`
	Unanswered     int            `json:"unanswered"`
	Invalid        int            `json:"invalid"`
	Discrimination *float64       `json:"discrimination"`
	MostlyWrong    bool           `json:"mostly_wrong"`
	Distractors    []string       `json:"strong_distractors"`
}

// writeGradeJSON writes the report as JSON. Learners are written by hand,
// one per line, because a class sheet can have hundreds of thousands.
func writeGradeJSON(w *bufio.Writer, sheet string, rep *quiz.ClassReport) error {
	nq := len(rep.Questions)
	w.WriteString("{\n  \"sheet\": ")
	w.Write(appendJSONString(nil, sheet))
	w.WriteString(",\n  \"learners\": [")
	buf := make([]byte, 0, 256)
	for i, l := range rep.Learners {
		buf = buf[:0]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n    {\"learner\": "...)
		buf = appendJSONString(buf, l.Learner)
		buf = append(buf, ", \"score\": "...)
		buf = strconv.AppendInt(buf, int64(l.Score), 10)
		buf = append(buf, ", \"total\": "...)
		buf = strconv.AppendInt(buf, int64(nq), 10)
		if len(l.Invalid) > 0 {
			buf = append(buf, ", \"invalid\": ["...)
			for j, a := range l.Invalid {
				if j > 0 {
					buf = append(buf, ", "...)
				}
				buf = append(buf, "{\"question\": "...)
				buf = strconv.AppendInt(buf, int64(a.Question), 10)
				buf = append(buf, ", \"answer\": "...)
				buf = appendJSONString(buf, a.Value)
				buf = append(buf, '}')
			}
			buf = append(buf, ']')
		}
		buf = append(buf, '}')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	if len(rep.Learners) > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("],\n  \"questions\": ")

	items := make([]itemJSON, len(rep.Items))
	for i, it := range rep.Items {
		q := it.Question
		j := itemJSON{
			Number: q.Number, ID: q.ID, Difficulty: q.Difficulty, Answer: quiz.Letter(q.Answer()),
			Correct: it.Correct, Choices: map[string]int{}, Unanswered: it.Unanswered, Invalid: it.Invalid,
			MostlyWrong: it.MostlyWrong(len(rep.Learners)), Distractors: []string{},
		}
		if len(rep.Learners) > 0 {
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
		return err
	}
	w.Write(data)
	_, err = w.WriteString("\n}\n")
	return err
}

// appendJSONString appends s as a JSON string. s is valid UTF-8: the sheet
// reader refuses anything else.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c == '\n':
			buf = append(buf, '\\', 'n')
		case c == '\r':
			buf = append(buf, '\\', 'r')
		case c == '\t':
			buf = append(buf, '\\', 't')
		case c < 0x20:
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}

// writeGradeCSV writes a gradebook: one row per learner with the score and
// each question's outcome (correct, wrong, unanswered, invalid).
func writeGradeCSV(w *bufio.Writer, rep *quiz.ClassReport) error {
	cw := csv.NewWriter(w)
	header := []string{"learner", "score", "total"}
	for _, q := range rep.Questions {
		header = append(header, "q"+strconv.Itoa(q.Number))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	nq := len(rep.Questions)
	row := make([]string, 3+nq)
	total := strconv.Itoa(nq)
	for i, l := range rep.Learners {
		row[0], row[1], row[2] = l.Learner, strconv.Itoa(l.Score), total
		for q := range nq {
			row[3+q] = rep.Outcome(i, q).String()
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
