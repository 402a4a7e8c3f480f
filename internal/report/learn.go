package report

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

// LearnScreen is what learn shows after a check: the steps at a glance,
// then the step the learner is on (current; 0 when every step passes),
// its task and what is still wrong with it.
func LearnScreen(s grade.Submission, current int, th Theme, width int) string {
	var b strings.Builder
	states := s.StepStates()
	b.WriteString(th.Muted.Render("Steps "))
	for step := 1; step <= lesson.StepCount; step++ {
		mark := Cell{Text: "·", Style: th.Muted}
		switch {
		case step == current:
			mark = Cell{Text: "▶", Style: th.Command}
		case states[step] == grade.Pass:
			mark = Cell{Text: "✓", Style: th.Good}
		}
		b.WriteString(fmt.Sprintf(" %d %s ", step, mark.Render()))
	}
	// The legend follows the marks when the line fits, else goes below them.
	const legend = "(✓ passes, ▶ the step you are on, · not yet)"
	if marks := len("Steps ") + lesson.StepCount*len(" 1 ✓ ") - lesson.StepCount*2; marks+1+len([]rune(legend)) <= width {
		b.WriteString(th.Muted.Render(" "+legend) + "\n\n")
	} else {
		b.WriteString("\n" + StyleLines(th.Muted, Wrap(legend, width, "")) + "\n\n")
	}
	if current == 0 {
		return b.String()
	}
	st, _ := lesson.StepByNumber(current)
	b.WriteString(th.Title.Render(fmt.Sprintf("Step %d of %d: %s", st.Number, lesson.StepCount, st.Title)) + "\n")
	b.WriteString(Wrap(st.TaskIn(langOf(s.Path)), width, Indent) + "\n\n")
	if s.Status == grade.Error {
		b.WriteString(NotChecked(s, th, width))
		return b.String()
	}
	for _, t := range s.Tests {
		if t.Step != current || t.Status != grade.Fail {
			continue
		}
		b.WriteString(th.Bad.Render("Not yet") + "\n" + Wrap(t.ID+": "+Visible(t.Message), width, Indent) + "\n")
		if t.Expected != "" || t.Actual != "" {
			b.WriteString(WantGot(t, th, Indent))
		}
		b.WriteString("\n" + th.Muted.Render("Save your file to check it again.") + "\n")
		return b.String()
	}
	b.WriteString(Wrap("Write this step's code in your file and save it.", width, "") + "\n\n")
	return b.String()
}

// NotChecked is what learn and watch say of a save that did not run to its
// checks (a syntax error mid-edit, an exception before the tokens exist):
// why, and that the progress already recorded stands.
func NotChecked(s grade.Submission, th Theme, width int) string {
	return StyleLines(th.Bad, Wrap("Not checked: "+Visible(s.Message), width, "")) + "\n" +
		StyleLines(th.Muted, Wrap("Your program does not run to its checks, so nothing is recorded for this save: your progress keeps the steps it had.", width, Indent)) + "\n\n"
}

// LearnPeek is another step's task, to look at without moving on.
func LearnPeek(file string, step, current int, th Theme, width int) string {
	st, err := lesson.StepByNumber(step)
	if err != nil {
		return Wrap(fmt.Sprintf("There is no step %d: steps are 1 to %d. You are on step %d.", step, lesson.StepCount, current), width, "") + "\n\n"
	}
	return th.Heading.Render(fmt.Sprintf("Step %d of %d: %s", st.Number, lesson.StepCount, st.Title)) +
		th.Muted.Render(fmt.Sprintf(" (a look only: you are on step %d)", current)) + "\n" +
		Wrap(st.TaskIn(langOf(file)), width, Indent) + "\n\n"
}

// langOf is the language a solution file is in, for the names its tasks use.
func langOf(file string) lesson.Language {
	if strings.EqualFold(filepath.Ext(file), ".go") {
		return lesson.Go
	}
	return lesson.Python
}
