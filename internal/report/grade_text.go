package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/tokenlab/tokenlab/quiz"
)

// GradeLayout is what the text report must know before its first row, so
// that its columns line up: the number of learners and the widest name.
// Measure each learner's name into it on a first pass over the sheet
// (quiz.ScanLearners).
type GradeLayout struct {
	Learners  int
	NameWidth int
}

// Measure counts a learner in.
func (l *GradeLayout) Measure(name []byte) {
	l.Learners++
	w := len(name)
	if !printableASCII(name) {
		w = textWidth(Visible(string(name)))
	}
	l.NameWidth = max(l.NameWidth, w)
}

// digits is the number of decimal digits of n >= 0.
func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// textWidth is the width of s on a terminal.
func textWidth(s string) int {
	if printableASCII(s) {
		return len(s)
	}
	return lipgloss.Width(s)
}

type gradeText struct {
	w                 io.Writer
	th                Theme
	sheet             string
	questions         int
	nameW, scoreW     int
	badOpen, badClose string // th.Bad around a cell, worked out once
	line              []byte
}

// NewGradeText starts quiz grade's text report on w: the learners, a row
// each as they come, then the questions and what to look at.
func NewGradeText(w io.Writer, sheet string, questions int, layout GradeLayout, th Theme) (GradeWriter, error) {
	// The score column is as wide as the widest score can be, "5/5".
	g := &gradeText{w: w, th: th, sheet: sheet, questions: questions,
		nameW: max(len("learner"), layout.NameWidth), scoreW: max(len("score"), 2*digits(questions)+1)}
	// A style wraps a line of text in the same codes whatever the text,
	// so they are worked out once rather than for every row.
	styled := th.Bad.Render("x")
	g.badOpen, g.badClose, _ = strings.Cut(styled, "x")

	n := layout.Learners
	var b strings.Builder
	b.WriteString(th.Title.Render(fmt.Sprintf("Graded %s: %d %s, %d %s", sheet,
		n, Plural(n, "learner", "learners"), questions, Plural(questions, "question", "questions"))) + "\n\n")
	b.WriteString(th.Heading.Render("Learners") + "\n")
	if n == 0 {
		b.WriteString(Indent + "No learners: the sheet has only its header.\n\n")
	} else {
		b.WriteString(Indent + th.Muted.Render("learner") + strings.Repeat(" ", g.nameW-len("learner")) + "  " +
			strings.Repeat(" ", g.scoreW-len("score")) + th.Muted.Render("score") + "  " + th.Muted.Render("invalid answers") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return g, err
}

func (g *gradeText) Learner(r *quiz.Row) error {
	g.line = g.AppendRow(g.line[:0], r)
	_, err := g.w.Write(g.line)
	return err
}

// WriteRows writes rows made by AppendRow.
func (g *gradeText) WriteRows(rows []byte, _ int) error {
	_, err := g.w.Write(rows)
	return err
}

// AppendRow appends a learner's line to b.
func (g *gradeText) AppendRow(b []byte, r *quiz.Row) []byte {
	b = append(b, Indent...)
	if printableASCII(r.Learner) {
		b = append(b, r.Learner...)
		b = appendSpaces(b, g.nameW-len(r.Learner)+2)
	} else {
		name := Visible(string(r.Learner))
		b = append(b, name...)
		b = appendSpaces(b, g.nameW-textWidth(name)+2)
	}
	b = appendSpaces(b, g.scoreW-(digits(r.Score)+1+digits(g.questions)))
	b = strconv.AppendInt(b, int64(r.Score), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(g.questions), 10)
	if len(r.Invalid) > 0 {
		b = append(b, "  "+g.badOpen...)
		for i, a := range r.Invalid {
			if i > 0 {
				b = append(b, "; "...)
			}
			b = append(b, "question "...)
			b = strconv.AppendInt(b, int64(a.Question), 10)
			b = append(b, ": "...)
			b = strconv.AppendQuote(b, a.Value)
		}
		b = append(b, g.badClose...)
	}
	return append(b, '\n')
}

func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

func (g *gradeText) Finish(s *quiz.ClassStats) error {
	th, n := g.th, s.Learners
	var b strings.Builder
	if n > 0 {
		b.WriteString("\n")
	}
	maxOpts := 0
	for _, q := range s.Questions {
		maxOpts = max(maxOpts, len(q.Options))
	}
	var items Table
	items.Header = []string{"question", "answer", "correct", "facility"}
	for i := range maxOpts {
		items.Header = append(items.Header, quiz.Letter(i))
	}
	items.Header = append(items.Header, "blank", "invalid", "discrimination")
	items.RightCol = map[int]bool{}
	for i := 2; i < len(items.Header); i++ {
		items.RightCol[i] = true
	}
	for _, it := range s.Items {
		row := []Cell{
			Plain(fmt.Sprintf("%d (%s)", it.Question.Number, it.Question.Difficulty)),
			Plain(quiz.Letter(it.Question.Answer())),
			Plain(strconv.Itoa(it.Correct)),
			Plain(percent(it.Facility, n)),
		}
		for i := range maxOpts {
			count := ""
			if i < len(it.Choices) {
				count = strconv.Itoa(it.Choices[i])
			}
			row = append(row, Plain(count))
		}
		disc := "n/a"
		if it.Defined {
			disc = fmt.Sprintf("%.2f", it.Discrimination)
		}
		row = append(row, Plain(strconv.Itoa(it.Unanswered)), Plain(strconv.Itoa(it.Invalid)), Plain(disc))
		items.Add(row...)
	}
	if n > 0 {
		b.WriteString(th.Heading.Render("Score distribution") + "\n" + scoreChart(s, th) + "\n")
	}
	b.WriteString(th.Heading.Render("Questions") + "\n" + items.Render(th, Indent) + "\n")
	if n > 0 {
		b.WriteString(th.Heading.Render("Facility by question") + "\n" + facilityChart(s, th) + "\n")
	}

	b.WriteString(th.Heading.Render("To look at") + "\n")
	flags := gradeFlags(s)
	switch {
	case n == 0:
		b.WriteString(Indent + "Nothing to look at: no learner has answered.\n")
	case len(flags) == 0:
		b.WriteString(Indent + fmt.Sprintf("Nothing stands out: no question was missed by most of the class, no wrong option drew more answers than the answer, and no discrimination is below %.2f.\n", quiz.LowDiscriminationBelow))
	}
	for _, f := range flags {
		b.WriteString(StyleLines(th.Bad, Wrap(f, DefaultWidth, Indent)) + "\n")
	}
	b.WriteString(StyleLines(th.Muted, Wrap(fmt.Sprintf("Facility is the share who got a question right. Discrimination is "+
		"the correlation of a question with the rest of the test: near 1, it tells stronger learners from weaker ones; "+
		"below %.2f it is flagged; below 0, stronger learners got it wrong more often, so check its wording and its answer.",
		quiz.LowDiscriminationBelow), DefaultWidth, "")) + "\n")
	_, err := io.WriteString(g.w, b.String())
	return err
}

// barCells is the width of a chart's bar for value of most, out of
// chartCells cells: any value above zero shows at least one cell.
func barCells(value, most float64) int {
	if most <= 0 || value <= 0 {
		return 0
	}
	return max(1, int(value/most*chartCells+0.5))
}

// chartCells is the longest bar of a terminal chart.
const chartCells = 30

// scoreChart is the score distribution as bars: a row per score, the full
// score's bar in the good colour.
func scoreChart(s *quiz.ClassStats, th Theme) string {
	nq := len(s.Questions)
	most := slices.Max(s.Scores)
	labelW := 2*digits(nq) + 1
	var b strings.Builder
	for score, count := range s.Scores {
		style := th.Muted
		if score == nq {
			style = th.Good
		}
		label := fmt.Sprintf("%d/%d", score, nq)
		bar := strings.Repeat("█", barCells(float64(count), float64(most)))
		if bar != "" {
			bar = style.Render(bar) + " "
		}
		b.WriteString(Indent + strings.Repeat(" ", labelW-len(label)) + label + "  " + bar + strconv.Itoa(count) + "\n")
	}
	return b.String()
}

// facilityChart is each question's facility as a bar of 0 to 100%.
func facilityChart(s *quiz.ClassStats, th Theme) string {
	var labels []string
	for _, it := range s.Items {
		labels = append(labels, fmt.Sprintf("%d (%s)", it.Question.Number, it.Question.Difficulty))
	}
	labelW := 0
	for _, l := range labels {
		labelW = max(labelW, len(l))
	}
	var b strings.Builder
	for i, it := range s.Items {
		filled := barCells(it.Facility, 1)
		style := th.Good
		if it.MostlyWrong(s.Learners) {
			style = th.Bad
		}
		b.WriteString(Indent + labels[i] + strings.Repeat(" ", labelW-len(labels[i])) + "  " +
			style.Render(strings.Repeat("█", filled)) + th.Muted.Render(strings.Repeat("░", chartCells-filled)) +
			" " + percent(it.Facility, s.Learners) + "\n")
	}
	return b.String()
}

// gradeFlags are the questions worth a look, each in a sentence.
func gradeFlags(s *quiz.ClassStats) []string {
	var flags []string
	// What the whole report rests on comes first.
	for _, w := range s.Warnings {
		flags = append(flags, "Note: "+w+".")
	}
	for _, it := range s.Items {
		num := it.Question.Number
		if it.MostlyWrong(s.Learners) {
			flags = append(flags, fmt.Sprintf("Question %d: most of the class got it wrong (facility %s).", num, percent(it.Facility, s.Learners)))
		}
		answer := it.Question.Answer()
		for _, d := range it.StrongDistractors() {
			flags = append(flags, fmt.Sprintf("Question %d: option %s drew more answers (%d) than the answer, %s (%d).",
				num, quiz.Letter(d), it.Choices[d], quiz.Letter(answer), it.Choices[answer]))
		}
		switch {
		case it.LowDiscrimination() && it.Discrimination < 0:
			flags = append(flags, fmt.Sprintf("Question %d: discrimination %.2f, below 0: stronger learners got it wrong more often than weaker ones.", num, it.Discrimination))
		case it.LowDiscrimination():
			flags = append(flags, fmt.Sprintf("Question %d: discrimination %.2f, below %.2f: it hardly tells stronger learners from weaker ones.", num, it.Discrimination, quiz.LowDiscriminationBelow))
		}
	}
	return flags
}

func percent(f float64, learners int) string {
	if learners == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", f*100)
}
