package cmd

import (
	"context"
	"fmt"
	"io"

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
	addTimeFlag(c, o.g)
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
	page, err := report.Step(step, tr, report.StepView{Hint: o.hint, Solution: o.solution, Lang: o.lang,
		TimeArgs: o.g.timeArgs(), Now: o.g.currentTime}, o.g.ios.PageWidth())
	if err != nil {
		return err
	}
	_, err = io.WriteString(o.g.out(), page)
	return err
}
