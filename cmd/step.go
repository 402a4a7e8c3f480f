package cmd

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson"
)

// stepOptions are the flags of `tokenlab step`.
type stepOptions struct {
	g        *globalOptions // the persistent flags and streams
	step     int
	hint     bool
	solution bool
	lang     string
}

// newStepCmd builds `step`; runF, when a test gives one, gets the options.
func newStepCmd(g *globalOptions, runF func(context.Context, *stepOptions) error) *cobra.Command {
	o := &stepOptions{g: g}
	c := &cobra.Command{
		Use:   "step N",
		Short: "Show one build step: its task, then what it does to the tokens",
		Long: `Show step N (1 to 4): the exercise's task, then what the code of steps 1 to N
does to the tokens at --current-time (default 120).

  step 1  the tokens as a table
  step 2  the time, and whether each token has expired at it, with the check
  step 3  what refresh_token would do to each user, and why
  step 4  what the program prints, and the tokens afterwards

--hint adds the step's hint; --solution adds a reference solution for steps
1 to N, in Python (the exercise's language) or in Go with --lang go.`,
		Example: `  tokenlab step 1
  tokenlab step 2 --current-time 60
  tokenlab step 3 --current-time 100   # the boundary: expiry equals the time
  tokenlab step 4 --hint --solution --lang go`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("step takes one step number, 1 to %d (for example: tokenlab step 1)", lesson.StepCount)
			}
			_, err := lesson.ParseStep(args[0])
			return asUsage(err)
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var steps []cobra.Completion
			for _, s := range lesson.Content().Steps {
				steps = append(steps, cobra.CompletionWithDesc(fmt.Sprint(s.Number), s.Title))
			}
			return steps, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.step, _ = lesson.ParseStep(args[0]) // Args checked it
			// --lang on its own asks for the solution in that language.
			if c.Flags().Changed("lang") {
				o.solution = true
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runStep(c.Context(), o)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.hint, "hint", false, "add the step's hint")
	f.BoolVar(&o.solution, "solution", false, "add a reference solution for steps 1 to N")
	lang := newEnum(&o.lang, string(lesson.Python), string(lesson.Python), string(lesson.Go))
	f.Var(lang, "lang", "the reference solution's language: python or go (implies --solution)")
	_ = c.RegisterFlagCompletionFunc("lang", lang.complete)
	return c
}

func runStep(_ context.Context, o *stepOptions) error {
	step, err := lesson.StepByNumber(o.step)
	if err != nil {
		return asUsage(err)
	}
	tr, err := lesson.Simulate(o.step, o.g.currentTime, nil)
	if err != nil {
		return asUsage(err)
	}
	th := report.NewTheme()
	width := o.g.ios.PageWidth()
	var b strings.Builder

	b.WriteString(th.Title.Render(fmt.Sprintf("Step %d of %d: %s", step.Number, lesson.StepCount, step.Title)) + "\n\n")
	b.WriteString(th.Heading.Render("Task") + "\n" + report.Wrap(step.Task, width, report.Indent) + "\n\n")
	if o.hint {
		b.WriteString(th.Heading.Render("Hint") + "\n" + report.Wrap(step.Hint, width, report.Indent) + "\n\n")
	}

	heading, body := stepEffect(tr, th, width)
	b.WriteString(th.Heading.Render(heading) + "\n" + body + "\n")

	if o.solution {
		section, err := solutionSection(o.step, o.lang, th)
		if err != nil {
			return err
		}
		b.WriteString(section + "\n")
	}

	b.WriteString(stepNext(o, th))
	_, err = io.WriteString(o.g.out(), b.String())
	return err
}

// solutionSection is the reference solution for steps 1 to step in lang,
// under its heading.
func solutionSection(step int, lang string, th report.Theme) (string, error) {
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

// stepEffect is the "what it does" section of a step: its heading and body.
func stepEffect(tr lesson.Trace, th report.Theme, width int) (heading, body string) {
	now := tr.Time
	check := func(e lesson.Entry) report.Cell {
		if e.Expired(now) {
			return report.Cell{Text: fmt.Sprintf("%d < %d is true", e.Expiry, now), Style: th.Bad}
		}
		return report.Cell{Text: fmt.Sprintf("%d < %d is false", e.Expiry, now), Style: th.Good}
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
		return "\n" + report.Wrap(fmt.Sprintf("%s: the expiry equals current_time. \"Less than\" is strict, so the token is still valid.",
			strings.Join(users, ", ")), width, report.Indent) + "\n"
	}

	switch tr.Through {
	case 1:
		return "What it does", report.Wrap("tokens holds one entry per user: a token and the time it expires at.", width, report.Indent) +
			"\n\n" + tokensTable(tr.Tokens, nil, th)
	case 2:
		var t report.Table
		t.Header = []string{"user", "token", "expiry", "expiry < current_time", "status"}
		t.RightCol = map[int]bool{2: true}
		for _, s := range tr.Statuses {
			status := report.Cell{Text: "still valid", Style: th.Good}
			if s.Expired {
				status = report.Cell{Text: "expired", Style: th.Bad}
			}
			t.Add(report.Plain(s.User), report.Plain(s.Token), report.Plain(fmt.Sprint(s.Expiry)), check(s.Entry), status)
		}
		return fmt.Sprintf("What it does at current_time = %d", now),
			report.Wrap("A token has expired when its expiry is less than current_time.", width, report.Indent) + "\n\n" +
				t.Render(th, report.Indent) + boundary()
	case 3:
		var t report.Table
		t.Header = []string{"call", "expiry < current_time", "result", "token", "expiry"}
		t.RightCol = map[int]bool{4: true}
		for _, c := range tr.Effects {
			result := report.Cell{Text: "unchanged", Style: th.Good}
			if c.Refreshed {
				result = report.Cell{Text: "renewed", Style: th.Changed}
			}
			t.Add(report.Plain(fmt.Sprintf("refresh_token('%s')", c.User)), check(c.Before), result,
				report.Plain(c.After.Token), report.Plain(fmt.Sprint(c.After.Expiry)))
		}
		return fmt.Sprintf("What refresh_token(user) does at current_time = %d", now),
			report.Wrap(fmt.Sprintf("Each call on the tokens as step 1 made them. A renewed token expires at current_time + %d = %d.",
				lesson.Lifetime, now+lesson.Lifetime), width, report.Indent) + "\n\n" +
				t.Render(th, report.Indent) + boundary()
	default:
		var lines strings.Builder
		for _, line := range tr.Lines() {
			lines.WriteString(report.Indent + th.Code.Render(line) + "\n")
		}
		refreshed := map[string]bool{}
		for _, c := range tr.Calls {
			refreshed[c.User] = refreshed[c.User] || c.Refreshed
		}
		return fmt.Sprintf("What it prints at current_time = %d", now),
			lines.String() + "\n" + th.Heading.Render("tokens afterwards") + "\n" + tokensTable(tr.After, refreshed, th)
	}
}

// tokensTable lists tokens, marking the users in refreshed.
func tokensTable(tokens lesson.Tokens, refreshed map[string]bool, th report.Theme) string {
	var t report.Table
	t.Header = []string{"user", "token", "expiry"}
	if refreshed != nil {
		t.Header = append(t.Header, "")
	}
	t.RightCol = map[int]bool{2: true}
	for _, e := range tokens {
		row := []report.Cell{report.Plain(e.User), report.Plain(e.Token), report.Plain(fmt.Sprint(e.Expiry))}
		if refreshed[e.User] {
			row = append(row, report.Cell{Text: "refreshed", Style: th.Changed})
		} else if refreshed != nil {
			row = append(row, report.Plain(""))
		}
		t.Add(row...)
	}
	return t.Render(th, report.Indent)
}

// stepNext says what to run next, and how to get help on this step if the
// learner has not asked for it yet.
func stepNext(o *stepOptions, th report.Theme) string {
	var b strings.Builder
	if o.step < lesson.StepCount {
		b.WriteString("Next: " + th.Command.Render(fmt.Sprintf("tokenlab step %d%s", o.step+1, o.g.timeArgs())) + "\n")
	} else {
		b.WriteString("Next: " + th.Command.Render("tokenlab run"+o.g.timeArgs()) + " (what the finished program prints)\n")
		b.WriteString("Then: " + th.Command.Render("tokenlab quiz") + " (five practice questions)\n")
	}
	var help []string
	if !o.hint {
		help = append(help, "--hint for a hint")
	}
	if !o.solution {
		help = append(help, "--solution for the code")
	}
	if len(help) > 0 {
		b.WriteString(th.Muted.Render(fmt.Sprintf("Stuck? Add %s.", strings.Join(help, ", "))) + "\n")
	}
	// A time that shows this step's other case: a valid token, the boundary.
	if other, ok := map[int]int{2: 60, 3: 100, 4: 90}[o.step]; ok && o.g.currentTime == lesson.DefaultTime {
		b.WriteString(th.Muted.Render(fmt.Sprintf("Try another time: tokenlab step %d --current-time %d", o.step, other)) + "\n")
	}
	return b.String()
}
