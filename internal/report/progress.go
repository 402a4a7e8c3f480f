package report

import (
	"fmt"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// Progress is the text view: the steps, the quiz, what next.
func Progress(p progress.Progress, timeArgs string, width int) string {
	th := NewTheme()
	var b strings.Builder
	b.WriteString(th.Title.Render("Your progress") + "\n\n")
	b.WriteString(th.Heading.Render("Steps") + "\n" + StepsTable(th, "state", DoneState(p, th), width) + "\n")

	b.WriteString(th.Heading.Render("Quiz") + "\n")
	q := p.Quiz
	if q.Last == nil {
		b.WriteString(Indent + "not taken yet\n\n")
	} else {
		b.WriteString(Indent + QuizSummary(q) + "\n")
		last := q.Last
		state := "finished"
		if !last.Finished {
			state = fmt.Sprintf("ended after %d of %d questions", len(last.Answers), last.Asked)
		}
		b.WriteString(fmt.Sprintf("%slast attempt %d/%d, %s\n\n", Indent, last.Score, last.Asked, state))
		t := Table{Width: width}
		t.Header = []string{"question", "answer", "result"}
		for _, a := range last.Answers {
			result := Cell{Text: "right", Style: th.Good}
			if !a.Correct {
				result = Cell{Text: "wrong", Style: th.Bad}
			}
			t.Add(Plain(fmt.Sprint(a.Question)), Plain(AnswerOrBlank(a.Choice)), result)
		}
		b.WriteString(t.Render(th, Indent) + "\n")
	}
	if p.Test != nil {
		b.WriteString(th.Heading.Render("Test") + "\n" + Indent + QuizSummary(*p.Test) + "\n\n")
	}
	if p.Predict != nil {
		b.WriteString(th.Heading.Render("Predict") + "\n" + Indent + DrillsSummary(*p.Predict) + "\n\n")
	}
	if len(p.StepsDone) == 0 && q.Last == nil && p.Test == nil && p.Predict == nil {
		b.WriteString(Wrap("Nothing recorded yet. Checking your solution with `tokenlab check FILE` or "+
			"`tokenlab watch FILE` records the steps it passes; every quiz records an attempt.", width, "") + "\n\n")
	}
	b.WriteString(NextLine(p, timeArgs, th, width))
	return b.String()
}

// DoneState is a step's state in the learner's progress.
func DoneState(p progress.Progress, th Theme) func(step int) Cell {
	return func(step int) Cell {
		if p.Done(step) {
			return Cell{Text: "done", Style: th.Good}
		}
		return Cell{Text: "to do", Style: th.Muted}
	}
}

// DrillsSummary is predict's best score and how many sets it took, e.g.
// "best score 8/10 over 3 sets of drills".
func DrillsSummary(d progress.Drills) string {
	return fmt.Sprintf("best score %d/%d over %d %s of drills", d.Best, d.BestOf, d.Attempts, Plural(d.Attempts, "set", "sets"))
}

// QuizSummary is the best score and how many attempts it took, e.g.
// "best score 4/5 over 2 attempts".
func QuizSummary(q progress.Quiz) string {
	return fmt.Sprintf("best score %d/%d over %d %s", q.Best, q.Total, q.Attempts, Plural(q.Attempts, "attempt", "attempts"))
}

// NextLine is the one command to run next, and why, wrapped to width.
func NextLine(p progress.Progress, timeArgs string, th Theme, width int) string {
	next := func(cmd, why string) string { return Next(th, width, "Next:", cmd, "("+why+")") }
	if len(p.StepsDone) == 0 && p.Quiz.Last == nil {
		return next("tokenlab learn"+timeArgs, "build the steps in your file, checked live, then the quiz")
	}
	for step := 1; step <= lesson.StepCount; step++ {
		if !p.Done(step) {
			return next(fmt.Sprintf("tokenlab step %d%s", step, timeArgs), "the first step your solution does not pass yet")
		}
	}
	// Every step passes: finding a planted bug is the other way to practise.
	fixBug := Next(th, width, "Or:", "tokenlab init --broken fixme.py", "(find and fix one planted bug)") +
		Next(th, width, "Or:", "tokenlab predict", "(drills: say what refresh_token leaves in tokens)")
	if p.Quiz.Last == nil || p.Quiz.Best < p.Quiz.Total {
		return next("tokenlab quiz", "every step passes; now the five practice questions") + fixBug
	}
	if !p.StrongTest() {
		return next("tokenlab test", "ten questions, scored at the end: is the pattern strong?") + fixBug
	}
	return th.Good.Render("Done: every step passes, the quiz is perfect and the test strong.") + "\n" +
		next("tokenlab quiz --shuffle", "practise again, in a new order") + fixBug
}
