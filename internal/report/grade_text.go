package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tokenlab/tokenlab/quiz"
)

// GradeText is quiz grade's text report: learners, questions, then what to look at.
func GradeText(sheet string, rep *quiz.ClassReport) string {
	th := NewTheme()
	n, nq := len(rep.Learners), len(rep.Questions)
	var b strings.Builder
	b.WriteString(th.Title.Render(fmt.Sprintf("Graded %s: %d %s, %d %s", sheet,
		n, Plural(n, "learner", "learners"), nq, Plural(nq, "question", "questions"))) + "\n\n")

	var learners Table
	learners.Header = []string{"learner", "score", "invalid answers"}
	learners.RightCol = map[int]bool{1: true}
	for _, l := range rep.Learners {
		var bad []string
		for _, a := range l.Invalid {
			bad = append(bad, fmt.Sprintf("question %d: %q", a.Question, a.Value))
		}
		learners.Add(Plain(l.Learner), Plain(fmt.Sprintf("%d/%d", l.Score, nq)), Cell{Text: strings.Join(bad, "; "), Style: th.Bad})
	}
	b.WriteString(th.Heading.Render("Learners") + "\n")
	if n == 0 {
		b.WriteString(Indent + "No learners: the sheet has only its header.\n\n")
	} else {
		b.WriteString(learners.Render(th, Indent) + "\n")
	}

	maxOpts := 0
	for _, q := range rep.Questions {
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
	for _, it := range rep.Items {
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
	b.WriteString(th.Heading.Render("Questions") + "\n" + items.Render(th, Indent) + "\n")

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
		b.WriteString(Indent + "Nothing stands out: most of the class got every question right.\n")
	}
	for _, f := range flags {
		b.WriteString(Indent + th.Bad.Render(f) + "\n")
	}
	b.WriteString(StyleLines(th.Muted, Wrap("Facility is the share who got a question right. Discrimination near 1: "+
		"the question separates strong from weak; near 0 or below: look at its wording.", DefaultWidth, "")) + "\n")
	return b.String()
}

func percent(f float64, learners int) string {
	if learners == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", f*100)
}
