package report

import (
	"fmt"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
)

// Hint is `tokenlab hint`: hint level of the step under its title, and
// how to get the next one. chosen says whether the learner named the
// step; if not, the page says why this one.
func Hint(step lesson.Step, level int, chosen bool, width int) (string, error) {
	text, err := step.Hint(level)
	if err != nil {
		return "", err
	}
	th := NewTheme()
	var b strings.Builder
	b.WriteString(StyleLines(th.Title, Wrap(fmt.Sprintf("Hint %d of %d for step %d of %d: %s", level, len(step.Hints), step.Number, lesson.StepCount, step.Title), width, "")) + "\n")
	if !chosen {
		b.WriteString(th.Muted.Render("the first step your solution does not pass yet") + "\n")
	}
	b.WriteString("\n" + Wrap(text, width, Indent) + "\n\n")
	b.WriteString(NextHint(step, level, th) + "\n")
	return b.String(), nil
}

// NextHint says how to get more help after hint level of step: the next
// hint, or after the last one the reference solution.
func NextHint(step lesson.Step, level int, th Theme) string {
	if level < len(step.Hints) {
		return "Another hint: " + th.Command.Render(fmt.Sprintf("tokenlab hint %d --level %d", step.Number, level+1))
	}
	return "Still stuck? " + th.Command.Render(fmt.Sprintf("tokenlab step %d --solution", step.Number)) + " shows the code."
}

// HintAllDone is `tokenlab hint` when every step passes.
func HintAllDone(width int) string {
	th := NewTheme()
	return Wrap("Every step of your solution passes, so there is no step to hint at. "+
		"tokenlab hint N shows the hint of step N.", width, "") + "\n" +
		Next(th, width, "Next:", "tokenlab quiz", "(five practice questions)")
}
