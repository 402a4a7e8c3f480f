package cmd

import (
	"context"
	"errors"
	"io"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// hintOptions are the arguments of `tokenlab hint`.
type hintOptions struct {
	g     *globalOptions // the persistent flags and streams
	step  int            // 0: the first step not passing
	level int            // which of the step's hints, from 1
}

// newHintCmd builds `hint`; runF, when a test gives one, gets the options.
func newHintCmd(g *globalOptions, runF func(context.Context, *hintOptions) error) *cobra.Command {
	o := &hintOptions{g: g}
	c := &cobra.Command{
		Use:   "hint [N]",
		Short: "Show a step's hint, by default the first step not passing",
		Long: `Show a hint for step N. Without N, the hint is for the first step your
solution does not pass yet, as your progress records it (see tokenlab progress):
check your file with tokenlab check FILE or tokenlab watch FILE to keep it up
to date.

Each step has two or three hints, from a nudge to nearly the answer: the first
gives no code away, and --level asks for a later one. After the last, tokenlab
step N --solution shows the code.`,
		Example: `  tokenlab hint
  tokenlab hint 3
  tokenlab hint 3 --level 2`,
		Args: func(_ *cobra.Command, args []string) error {
			switch len(args) {
			case 0:
				return nil
			case 1:
				_, err := lesson.ParseStep(args[0])
				return asUsage(err)
			}
			return usageErrorf("hint takes at most one step number, 1 to %d (for example: tokenlab hint 3)", lesson.StepCount)
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.step, _ = lesson.ParseStep(args[0]) // Args checked it
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runHint(c.Context(), o)
		},
	}
	c.Flags().VarP(newNumber(&o.level, 1, 1, lesson.MaxHints), "level", "l", "which hint: 1 is a nudge, the last nearly the answer")
	return c
}

func runHint(_ context.Context, o *hintOptions) error {
	n, chosen := o.step, o.step != 0
	if !chosen {
		p, err := o.g.loadProgress()
		var fe *progress.FileError
		if errors.As(err, &fe) {
			return progressFileError(err)
		}
		if err != nil {
			p = progress.New(quizTotal())
		}
		for step := lesson.StepCount; step >= 1; step-- {
			if !p.Done(step) {
				n = step
			}
		}
		if n == 0 {
			_, err := io.WriteString(o.g.out(), report.HintAllDone(o.g.ios.PageWidth()))
			return err
		}
	}
	step, err := lesson.StepByNumber(n)
	if err != nil {
		return asUsage(err)
	}
	page, err := report.Hint(step, o.level, chosen, o.g.ios.PageWidth())
	if err != nil {
		return usageErrorf("invalid value \"%d\" for --level: %v", o.level, err)
	}
	_, err = io.WriteString(o.g.out(), page)
	return err
}

// hintLevels is which hint of each step a learner has seen in a session:
// asking again gives the next one, and after the last the last again.
type hintLevels map[int]int

func (h *hintLevels) next(step lesson.Step) int {
	if *h == nil {
		*h = hintLevels{}
	}
	(*h)[step.Number] = min((*h)[step.Number]+1, len(step.Hints))
	return (*h)[step.Number]
}
