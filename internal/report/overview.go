package report

import (
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// Overview is tokenlab's first screen: the lesson, the steps with the
// learner's progress (left out when it cannot be read), and what next.
func Overview(p progress.Progress, unreadable bool, timeArgs string, width int) string {
	l := lesson.Content()
	th := NewTheme()
	var b strings.Builder

	b.WriteString(th.Title.Render(l.Title) + "\n")
	b.WriteString(Wrap(l.Summary, width, "") + "\n\n")

	section := func(heading, body string) {
		b.WriteString(th.Heading.Render(heading) + "\n" + body + "\n\n")
	}
	section("Scenario", Wrap(l.Scenario, width, Indent))
	section("Goal", Wrap(l.Goal, width, Indent))
	var learn []string
	for _, item := range l.Learn {
		learn = append(learn, Indent+"- "+strings.TrimPrefix(Wrap(item, width, Indent+"  "), Indent+"  "))
	}
	section("What you'll learn", strings.Join(learn, "\n"))
	section("Why it matters", Wrap("In the real world: "+l.RealWorld, width, Indent)+"\n"+
		Wrap("In your career: "+l.Career, width, Indent))

	b.WriteString(th.Heading.Render("Steps") + "\n")
	switch {
	case unreadable:
		b.WriteString(StepsTable(th, "", nil, width) + "\n")
		b.WriteString(th.Bad.Render("Your progress cannot be read;") + " run " + th.Command.Render("tokenlab progress") + " to see why.\n")
	case p.Quiz.Last != nil:
		b.WriteString(StepsTable(th, "state", DoneState(p, th), width) + "\n")
		b.WriteString("Quiz: " + QuizSummary(p.Quiz) + ".\n")
	default:
		b.WriteString(StepsTable(th, "state", DoneState(p, th), width) + "\n")
		b.WriteString("Quiz: not taken yet.\n")
	}
	if p.Test != nil && !unreadable {
		b.WriteString("Test: " + QuizSummary(*p.Test) + ".\n")
	}
	if p.Predict != nil && !unreadable {
		b.WriteString("Predict: " + DrillsSummary(*p.Predict) + ".\n")
	}
	b.WriteString("\n" + NextLine(p, timeArgs, th, width))
	b.WriteString(Wrap("Each step shows its task and what it does to the tokens. Check your own solution with "+
		"`tokenlab check FILE`, or keep it checked as you edit with `tokenlab watch FILE`; "+
		"`tokenlab progress` shows what you have done. To see the pattern as a real REST API, run "+
		"`tokenlab serve` and follow the curl session in `tokenlab serve --help`.", width, "") + "\n")
	return b.String()
}
