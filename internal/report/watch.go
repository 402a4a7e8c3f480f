package report

import (
	"fmt"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

// WatchScreen is one screen of watch: each step's state, the first failing
// step in detail, and the count. s is nil when the file is gone.
func WatchScreen(file string, s *grade.Submission, th Theme, width int) string {
	var b strings.Builder
	b.WriteString(th.Title.Render("Watching "+VisibleName(file)) + "\n" + StyleLines(th.Muted, Wrap("Save it to check again; h for a hint, q to quit, Enter to check now.", width, "")) + "\n\n")
	if s == nil {
		b.WriteString(Wrap(VisibleName(file)+" is not there (deleted, or in the middle of a save); it is checked again as soon as it is back.", width, "") + "\n")
		return b.String()
	}

	state := s.StepStates()
	b.WriteString(StepsTable(th, "result", func(step int) Cell {
		switch state[step] {
		case grade.Pass:
			return Cell{Text: "pass", Style: th.Good}
		case grade.Fail:
			return Cell{Text: "FAIL", Style: th.Bad}
		case grade.Skip:
			return Cell{Text: "not checked", Style: th.Muted}
		}
		return Cell{Text: "not run", Style: th.Muted}
	}, width) + "\n")

	if s.Status == grade.Error {
		// No count: the steps were not checked, so none passed or failed.
		return b.String() + NotChecked(*s, th, width)
	} else if test, ok := firstFailure(*s); ok {
		st, _ := lesson.StepByNumber(test.Step)
		b.WriteString(th.Heading.Render(fmt.Sprintf("Step %d: %s", st.Number, st.Title)) + "\n")
		b.WriteString(Wrap(st.TaskIn(langOf(file)), width, Indent) + "\n\n")
		b.WriteString(th.Heading.Render("Why it fails") + "\n")
		b.WriteString(Wrap(test.ID+": "+Visible(test.Message), width, Indent) + "\n")
		if test.Expected != "" || test.Actual != "" {
			b.WriteString(WantGot(test, th, Indent))
		}
		b.WriteString("\n")
	}

	passed := len(s.PassedSteps())
	count := fmt.Sprintf("%d/%d steps pass", passed, lesson.StepCount)
	if passed == lesson.StepCount {
		b.WriteString(th.Good.Render(count) + "\n")
		b.WriteString(Advice(*s, th, width))
		b.WriteString(Next(th, width, "Next:", "tokenlab quiz", "(five practice questions)"))
	} else {
		b.WriteString(th.Bad.Render(count) + "\n")
	}
	return b.String()
}

// firstFailure is the first failed test of the lowest failing step.
func firstFailure(s grade.Submission) (grade.Test, bool) {
	for _, t := range s.Tests {
		if t.Status == grade.Fail {
			return t, true
		}
	}
	return grade.Test{}, false
}
