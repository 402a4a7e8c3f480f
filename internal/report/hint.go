package report

import (
	"fmt"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
)

// Hint is `tokenlab hint`: the step's hint under its title. chosen says
// whether the learner named the step; if not, the page says why this one.
func Hint(step lesson.Step, chosen bool, width int) string {
	th := NewTheme()
	var b strings.Builder
	b.WriteString(th.Title.Render(fmt.Sprintf("Hint for step %d of %d: %s", step.Number, lesson.StepCount, step.Title)) + "\n")
	if !chosen {
		b.WriteString(th.Muted.Render("the first step your solution does not pass yet") + "\n")
	}
	b.WriteString("\n" + Wrap(step.Hint, width, Indent) + "\n\n")
	b.WriteString("Still stuck? " + th.Command.Render(fmt.Sprintf("tokenlab step %d --solution", step.Number)) + " shows the code.\n")
	return b.String()
}

// HintAllDone is `tokenlab hint` when every step passes.
func HintAllDone(width int) string {
	th := NewTheme()
	return Wrap("Every step of your solution passes, so there is no step to hint at. "+
		"tokenlab hint N shows the hint of step N.", width, "") + "\n" +
		"Next: " + th.Command.Render("tokenlab quiz") + " (five practice questions)\n"
}
