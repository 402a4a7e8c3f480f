package report

import (
	"fmt"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
)

// StepView says what a step's page shows besides its task and effect.
type StepView struct {
	Hint, Solution bool
	Lang           string // the solution's language
	TimeArgs       string // --current-time to repeat in suggested commands, or ""
	Now            int64  // the current_time the page is at
}

// Step is `tokenlab step N`: the task, the hint and solution when asked
// for, what the step does to tokens at the trace's time, and what next.
func Step(step lesson.Step, tr lesson.Trace, v StepView, width int) (string, error) {
	th := NewTheme()
	var b strings.Builder

	b.WriteString(th.Title.Render(fmt.Sprintf("Step %d of %d: %s", step.Number, lesson.StepCount, step.Title)) + "\n\n")
	b.WriteString(th.Heading.Render("Task") + "\n" + Wrap(step.TaskIn(lesson.Language(v.Lang)), width, Indent) + "\n\n")
	if v.Hint {
		b.WriteString(th.Heading.Render(fmt.Sprintf("Hint 1 of %d", len(step.Hints))) + "\n" + Wrap(step.Hints[0], width, Indent) + "\n")
		b.WriteString(Indent + th.Muted.Render(fmt.Sprintf("More: tokenlab hint %d --level 2", step.Number)) + "\n\n")
	}

	heading, body := StepEffect(tr, th, width)
	b.WriteString(th.Heading.Render(heading) + "\n" + body + "\n")

	if v.Solution {
		section, err := SolutionSection(step.Number, v.Lang, th)
		if err != nil {
			return "", err
		}
		b.WriteString(section)
		if step.Number == lesson.StepCount {
			b.WriteString("\n" + StyleLines(th.Muted, Wrap("The else branch goes past the task. "+stillValidNote, width, Indent)) + "\n")
		}
		b.WriteString("\n")
	}

	if step.Number == lesson.StepCount {
		b.WriteString(RealAPISection(th, width) + "\n")
	}
	b.WriteString(stepNext(step.Number, v, th))
	return b.String(), nil
}

// stillValidNote says why the reference prints a line step 4 does not ask
// for.
const stillValidNote = `Step 4's task asks only for the "Refreshed token for alice: " line. ` +
	`The still-valid message is the reference's answer to the last point of What You'll Learn, ` +
	`"or a message if the token is still valid". A program without it passes step 4; check adds a note.`

// RealAPISection is "From the exercise to a real API": what the finished
// program stands for in a real server, shown once step 4 is done.
func RealAPISection(th Theme, width int) string {
	var paras []string
	for _, p := range lesson.Content().ToRealAPI {
		paras = append(paras, Wrap(p, width, Indent))
	}
	paras = append(paras, Wrap("Try it: `tokenlab serve` runs the pattern as a real API on this machine, "+
		"with a clock you move; `tokenlab serve --help` has a curl session that logs in, refreshes, lets a "+
		"token expire and reuses one. Then build your own server and check it with `tokenlab check --api URL`.", width, Indent))
	return th.Heading.Render("From the exercise to a real API") + "\n" + strings.Join(paras, "\n\n") + "\n"
}

// SolutionSection is the reference solution for steps 1 to step in lang,
// under its heading.
func SolutionSection(step int, lang string, th Theme) (string, error) {
	code, err := lesson.Solution(step, lesson.Language(lang))
	if err != nil {
		return "", err
	}
	name := map[string]string{"python": "Python", "go": "Go"}[lang]
	scope := "step 1"
	if step > 1 {
		scope = fmt.Sprintf("steps 1 to %d", step)
	}
	// The code is unstyled, so it copies cleanly: Render would pad lines
	// and expand tabs.
	return th.Heading.Render(fmt.Sprintf("Reference solution (%s, %s)", name, scope)) + "\n" +
		strings.TrimRight(code, "\n") + "\n", nil
}

// StepEffect is the "what it does" section of a step: its heading and body.
func StepEffect(tr lesson.Trace, th Theme, width int) (heading, body string) {
	now := tr.Time
	check := func(e lesson.Entry) Cell {
		if e.Expired(now) {
			return Cell{Text: fmt.Sprintf("%d < %d is true", e.Expiry, now), Style: th.Bad}
		}
		return Cell{Text: fmt.Sprintf("%d < %d is false", e.Expiry, now), Style: th.Good}
	}
	// boundary explains the one case learners get wrong: expiry == time.
	boundary := func() string {
		var users []string
		for _, e := range tr.Tokens {
			if e.Expiry == now {
				users = append(users, e.User)
			}
		}
		if len(users) == 0 {
			return ""
		}
		return "\n" + Wrap(fmt.Sprintf("%s: the expiry equals current_time. \"Less than\" is strict, so the token is still valid.",
			strings.Join(users, ", ")), width, Indent) + "\n"
	}

	switch tr.Through {
	case 1:
		return "What it does", Wrap("tokens holds one entry per user: a token and the time it expires at.", width, Indent) +
			"\n\n" + tokensTable(tr.Tokens, nil, 0, th, width)
	case 2:
		t := Table{Width: width}
		t.Header = []string{"user", "token", "expiry", "expiry < current_time", "status"}
		t.RightCol = map[int]bool{2: true}
		for _, s := range tr.Statuses {
			status := Cell{Text: "still valid", Style: th.Good}
			if s.Expired {
				status = Cell{Text: "expired", Style: th.Bad}
			}
			t.Add(Plain(s.User), Plain(s.Token), Plain(fmt.Sprint(s.Expiry)), check(s.Entry), status)
		}
		return fmt.Sprintf("What it does at current_time = %d", now),
			Wrap("A token has expired when its expiry is less than current_time.", width, Indent) + "\n\n" +
				t.Render(th, Indent) + boundary()
	case 3:
		t := Table{Width: width}
		t.Header = []string{"call", "expiry < current_time", "result", "token", "expiry"}
		t.RightCol = map[int]bool{4: true}
		for _, c := range tr.Effects {
			result := Cell{Text: "unchanged", Style: th.Good}
			if c.Refreshed {
				result = Cell{Text: "renewed", Style: th.Changed}
			}
			t.Add(Plain(fmt.Sprintf("refresh_token('%s')", c.User)), check(c.Before), result,
				Plain(c.After.Token), Plain(fmt.Sprint(c.After.Expiry)))
		}
		return fmt.Sprintf("What refresh_token(user) does at current_time = %d", now),
			Wrap(fmt.Sprintf("Each call on the tokens as step 1 made them. A renewed token expires at current_time + %d = %d.",
				lesson.Lifetime, now+lesson.Lifetime), width, Indent) + "\n\n" +
				t.Render(th, Indent) + boundary()
	default:
		var lines strings.Builder
		for _, line := range tr.Lines() {
			lines.WriteString(Indent + th.Code.Render(line) + "\n")
		}
		refreshed := map[string]bool{}
		stillValid := false
		for _, c := range tr.Calls {
			refreshed[c.User] = refreshed[c.User] || c.Refreshed
			stillValid = stillValid || !c.Refreshed
		}
		if stillValid {
			lines.WriteString("\n" + StyleLines(th.Muted, Wrap(stillValidNote, width, Indent)) + "\n")
		}
		return fmt.Sprintf("What it prints at current_time = %d", now),
			lines.String() + "\n" + th.Heading.Render("tokens afterwards") + "\n" + tokensTable(tr.After, refreshed, now, th, width)
	}
}

// tokensTable lists tokens, marking the users in refreshed.
// With refreshed, a last column says who was refreshed, and who is expired
// at now but was not asked for: refresh_token renews only on demand.
func tokensTable(tokens lesson.Tokens, refreshed map[string]bool, now int64, th Theme, width int) string {
	t := Table{Width: width}
	t.Header = []string{"user", "token", "expiry"}
	if refreshed != nil {
		t.Header = append(t.Header, "")
	}
	t.RightCol = map[int]bool{2: true}
	for _, e := range tokens {
		row := []Cell{Plain(e.User), Plain(e.Token), Plain(fmt.Sprint(e.Expiry))}
		switch {
		case refreshed[e.User]:
			row = append(row, Cell{Text: "refreshed", Style: th.Changed})
		case refreshed != nil && e.Expired(now):
			row = append(row, Cell{Text: "expired, not refreshed", Style: th.Muted})
		case refreshed != nil:
			row = append(row, Plain(""))
		}
		t.Add(row...)
	}
	return t.Render(th, Indent)
}

// stepNext says what to run next, and how to get help on this step if the
// learner has not asked for it yet.
func stepNext(step int, v StepView, th Theme) string {
	var b strings.Builder
	if step < lesson.StepCount {
		b.WriteString("Next: " + th.Command.Render(fmt.Sprintf("tokenlab step %d%s", step+1, v.TimeArgs)) + "\n")
	} else {
		b.WriteString("Next: " + th.Command.Render("tokenlab run"+v.TimeArgs) + " (what the finished program prints)\n")
		b.WriteString("Then: " + th.Command.Render("tokenlab quiz") + " (five practice questions)\n")
	}
	var help []string
	if !v.Hint {
		help = append(help, "--hint for a hint")
	}
	if !v.Solution {
		help = append(help, "--solution for the code")
	}
	if len(help) > 0 {
		b.WriteString(th.Muted.Render(fmt.Sprintf("Stuck? Add %s.", strings.Join(help, ", "))) + "\n")
	}
	// A time that shows this step's other case: a valid token, the boundary.
	if other, ok := map[int]int{2: 60, 3: 100, 4: 90}[step]; ok && v.Now == lesson.DefaultTime {
		b.WriteString(th.Muted.Render(fmt.Sprintf("Try another time: tokenlab step %d --current-time %d", step, other)) + "\n")
	}
	return b.String()
}
