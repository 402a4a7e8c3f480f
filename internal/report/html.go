package report

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/grade"
	"github.com/tokenlab/tokenlab/quiz"
)

// The HTML reports are one self-contained page each: styles inline, charts
// as inline SVG, no script, and a Content-Security-Policy that lets the
// page load nothing at all, so it works from a file, offline, in any
// browser. Every chart has a text alternative (its title and a table of
// the same numbers), and the page prints in black and white: each bar is
// labelled with its number.

//go:embed html.tmpl
var htmlTemplate string

// pages are the templates, parsed on first use, not at every start.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"add": func(a, b int) int { return a + b },
	}).Parse(htmlTemplate))
})

// bar is one bar of a chart: its label, its value shown as text, and its
// length as a share of the longest bar (0 to 1).
type bar struct {
	Label, Value string
	Title        string // more about the bar, beside its label in the table
	Share        float64
	Mark         bool // the answer, or a passing share: drawn darker
}

// chart is a horizontal bar chart, drawn as SVG with a table beside it.
type chart struct {
	ID, Title, Desc string
	Bars            []bar
}

// Geometry of the charts, in SVG user units. Each bar has its label and
// number on a line above it, so a chart is narrow enough for a phone:
// drawn at most maxChartCSS wide, its text never under 12 px on a screen
// 390 px wide (358 px for the chart: 14 × 358/400 ≈ 12.5).
const (
	chartWidth = 400
	textLine   = 18 // the label's line
	barHeight  = 16
	barGap     = 10
)

// Width is the chart's SVG width.
func (chart) Width() int { return chartWidth }

// Height is the chart's SVG height.
func (c chart) Height() int { return len(c.Bars) * (textLine + barHeight + barGap) }

// Len is the drawn length of a bar.
func (c chart) Len(b bar) float64 { return b.Share * chartWidth }

// TextY is the baseline of bar i's label and number; Y the top of its bar.
func (c chart) TextY(i int) int { return i*(textLine+barHeight+barGap) + 14 }
func (c chart) Y(i int) int     { return i*(textLine+barHeight+barGap) + textLine }

type gradePage struct {
	Title     string
	Learners  int
	Questions int
	Mean      string
	Charts    []chart
	Items     []gradeItemRow
	Flags     []string
	Threshold string
	Numbers   []int // the questions' numbers, for the learners' table
	Rows      []learnerRow
	Unshown   int // learners past MaxHTMLLearners
}

// learnerRow is one learner's line of the page: the score and each
// question's outcome, in bank order.
type learnerRow struct {
	Learner  string
	Score    int
	Outcomes []string
}

// MaxHTMLLearners is how many learners quiz grade's page lists, one row
// each; the statistics count every one, and the CSV lists them all. A page
// stays a page, and the report's memory stays bounded, for any sheet.
const MaxHTMLLearners = 2000

type gradeItemRow struct {
	Question, Answer, Facility, Discrimination string
	Flagged                                    bool
}

type gradeHTML struct {
	w       io.Writer
	sheet   string
	rows    []learnerRow
	unshown int
}

// NewGradeHTML is quiz grade's HTML report as a GradeWriter: the class's
// statistics, and the first MaxHTMLLearners learners' rows.
func NewGradeHTML(w io.Writer, sheet string) GradeWriter { return &gradeHTML{w: w, sheet: sheet} }

func (g *gradeHTML) Learner(r *quiz.Row) error {
	if len(g.rows) == MaxHTMLLearners {
		g.unshown++
		return nil
	}
	row := learnerRow{Learner: Visible(string(r.Learner)), Score: r.Score}
	for _, o := range r.Outcomes {
		row.Outcomes = append(row.Outcomes, o.String())
	}
	g.rows = append(g.rows, row)
	return nil
}

func (g *gradeHTML) Finish(s *quiz.ClassStats) error {
	return gradeHTMLPage(g.w, g.sheet, s, g.rows, g.unshown)
}

// gradeHTMLPage is quiz grade's HTML report: the score distribution, each
// question's facility, discrimination and option shares with the answer
// marked, the flags, and the learners.
func gradeHTMLPage(w io.Writer, sheet string, s *quiz.ClassStats, rows []learnerRow, unshown int) error {
	nq := len(s.Questions)
	page := gradePage{Title: "Quiz results: " + VisibleName(sheet), Learners: s.Learners, Questions: nq,
		Mean: "n/a", Threshold: fmt.Sprintf("%.2f", quiz.LowDiscriminationBelow), Flags: gradeFlags(s),
		Rows: rows, Unshown: unshown}
	for _, q := range s.Questions {
		page.Numbers = append(page.Numbers, q.Number)
	}
	if s.Learners > 0 {
		total := 0
		for score, n := range s.Scores {
			total += score * n
		}
		page.Mean = fmt.Sprintf("%.2f of %d", float64(total)/float64(s.Learners), nq)
	}

	most := slices.Max(append([]int{1}, s.Scores...))
	dist := chart{ID: "scores", Title: "Score distribution",
		Desc: fmt.Sprintf("How many of the %d learners got each score out of %d.", s.Learners, nq)}
	for score, n := range s.Scores {
		dist.Bars = append(dist.Bars, bar{Label: fmt.Sprintf("%d/%d", score, nq), Value: strconv.Itoa(n),
			Share: float64(n) / float64(most), Mark: score == nq})
	}
	facility := chart{ID: "facility", Title: "Facility by question",
		Desc: "The share of learners who got each question right."}
	for _, it := range s.Items {
		q := it.Question
		facility.Bars = append(facility.Bars, bar{Label: fmt.Sprintf("Question %d (%s)", q.Number, q.Difficulty),
			Value: percent(it.Facility, s.Learners), Share: it.Facility, Mark: true})
		row := gradeItemRow{Question: fmt.Sprintf("%d (%s)", q.Number, q.Difficulty), Answer: quiz.Letter(q.Answer()),
			Facility: percent(it.Facility, s.Learners), Discrimination: "n/a", Flagged: it.LowDiscrimination()}
		if it.Defined {
			row.Discrimination = fmt.Sprintf("%.2f", it.Discrimination)
		}
		page.Items = append(page.Items, row)
	}
	page.Charts = append(page.Charts, dist, facility)

	for _, it := range s.Items {
		q := it.Question
		c := chart{ID: fmt.Sprintf("q%d", q.Number), Title: fmt.Sprintf("Question %d: the options chosen", q.Number),
			Desc: fmt.Sprintf("%s The answer is %s, marked.", q.Stem, quiz.Letter(q.Answer()))}
		for k, n := range it.Choices {
			label := "Option " + quiz.Letter(k)
			if k == q.Answer() {
				label += " (answer)"
			}
			c.Bars = append(c.Bars, bar{Label: label, Value: share(n, s.Learners), Share: ratio(n, s.Learners), Mark: k == q.Answer()})
		}
		c.Bars = append(c.Bars,
			bar{Label: "Blank", Value: share(it.Unanswered, s.Learners), Share: ratio(it.Unanswered, s.Learners)},
			bar{Label: "Invalid", Value: share(it.Invalid, s.Learners), Share: ratio(it.Invalid, s.Learners)})
		page.Charts = append(page.Charts, c)
	}
	return pages().ExecuteTemplate(w, "grade", page)
}

func ratio(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// share is n of of as text: "4 (67%)".
func share(n, of int) string {
	if of == 0 {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf("%d (%.0f%%)", n, ratio(n, of)*100)
}

type checkPage struct {
	Title       string
	Summary     grade.Summary
	Containment string
	Points      chart
	Charts      []chart
	Failures    []failureRow
	Submissions []submissionRow
}

type failureRow struct {
	Reason, Example string
	Count           int
}

type submissionRow struct {
	Path, Status, Steps, Points, Message string
	Seed                                 uint64
	Checks                               []checkRow
}

// checkRow is one check of one submission, for its drill-down.
type checkRow struct {
	Step                              int
	ID, Name, Status, Points, Message string
}

// CheckHTML is check's HTML report: pass rates by step and by check, the
// most common reasons for not passing, and each submission's row.
func CheckHTML(w io.Writer, rep grade.Report) error {
	page := checkPage{Title: fmt.Sprintf("Solutions checked: %d", rep.Summary.Total), Summary: rep.Summary,
		Containment: containmentLine(rep)}
	n := len(rep.Submissions)

	steps := chart{ID: "steps", Title: "Pass rate by step",
		Desc: fmt.Sprintf("The share of the %d submissions whose every check of the step passes.", n)}
	for step := 1; step <= lesson.StepCount; step++ {
		passing := 0
		for _, s := range rep.Submissions {
			if s.StepStates()[step] == grade.Pass {
				passing++
			}
		}
		st, _ := lesson.StepByNumber(step)
		steps.Bars = append(steps.Bars, bar{Label: fmt.Sprintf("Step %d", step), Title: st.Title, Value: share(passing, n),
			Share: ratio(passing, n), Mark: true})
	}

	// Checks in report order, by the first language that has them.
	var checks []grade.CheckInfo
	seen := map[string]bool{}
	passed := map[string]int{}
	for _, s := range rep.Submissions {
		for _, c := range grade.ChecksFor(s.Path) {
			if !seen[c.ID] {
				seen[c.ID] = true
				checks = append(checks, c)
			}
		}
		for _, t := range s.Tests {
			if t.Status == grade.Pass {
				passed[t.ID]++
			}
		}
	}
	byCheck := chart{ID: "checks", Title: "Pass rate by check",
		Desc: fmt.Sprintf("The share of the %d submissions that pass each check.", n)}
	for _, c := range checks {
		byCheck.Bars = append(byCheck.Bars, bar{Label: fmt.Sprintf("%d · %s", c.Step, c.ID), Title: c.Name,
			Value: share(passed[c.ID], n), Share: ratio(passed[c.ID], n), Mark: true})
	}
	page.Charts = []chart{steps, byCheck}

	// Reasons: a failing submission's first failing check, an erroring
	// one's message; the most common first, each with an example.
	count, example := map[string]int{}, map[string]string{}
	for _, s := range rep.Submissions {
		reason, msg := "", s.Message
		switch s.Status {
		case grade.Pass:
			continue
		case grade.Error:
			reason = "does not run to the end"
		default:
			for _, t := range s.Tests {
				if t.Status == grade.Fail {
					reason = fmt.Sprintf("step %d, %s: %s", t.Step, t.ID, grade.CheckName(s.Path, t.ID))
					msg = t.Message
					break
				}
			}
		}
		if count[reason]++; count[reason] == 1 {
			example[reason] = msg
		}
	}
	for reason, c := range count {
		page.Failures = append(page.Failures, failureRow{Reason: Visible(reason), Example: Visible(example[reason]), Count: c})
	}
	slices.SortFunc(page.Failures, func(a, b failureRow) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Reason, b.Reason))
	})
	page.Failures = page.Failures[:min(len(page.Failures), 10)]

	var scores []int
	for _, s := range rep.Submissions {
		tests := scored(s)
		score, _ := totals(tests)
		scores = append(scores, score)
		row := submissionRow{Path: VisibleName(s.Path), Status: string(s.Status),
			Steps: stepsPassed(s), Points: string(points(score)), Message: Visible(s.Message), Seed: s.Seed}
		for _, t := range tests {
			c := checkRow{Step: t.Step, ID: t.ID, Name: t.Name, Status: string(t.Status),
				Points: fmt.Sprintf("%s of %s", points(t.Score), points(t.Max)), Message: Visible(t.Message)}
			if grade.IsAdvice(t.ID) {
				c.Status, c.Points = "advice", "none"
			}
			row.Checks = append(row.Checks, c)
		}
		page.Submissions = append(page.Submissions, row)
	}
	page.Points = pointsHistogram(scores)
	return pages().ExecuteTemplate(w, "check", page)
}

// pointsHistogram is how many submissions scored in each tenth of the
// points, and how many scored them all; scores are in hundredths.
func pointsHistogram(scores []int) chart {
	const bins = 10
	counts := make([]int, bins+1)
	for _, sc := range scores {
		counts[min(sc*bins/(TotalPoints*100), bins)]++
	}
	c := chart{ID: "points", Title: "Points",
		Desc: fmt.Sprintf("How many of the %d submissions scored in each tenth of the %d points; full marks apart.", len(scores), TotalPoints)}
	most := slices.Max(append([]int{1}, counts...))
	step := TotalPoints / bins
	for i, n := range counts {
		label := fmt.Sprintf("%d to under %d", i*step, (i+1)*step)
		if i == bins {
			label = fmt.Sprintf("%d (full marks)", TotalPoints)
		}
		c.Bars = append(c.Bars, bar{Label: label, Value: share(n, len(scores)), Share: float64(n) / float64(most), Mark: i == bins})
	}
	return c
}
