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
	g    *globalOptions // the persistent flags and streams
	step int            // 0: the first step not passing
}

// newHintCmd builds `hint`; runF, when a test gives one, gets the options.
func newHintCmd(g *globalOptions, runF func(context.Context, *hintOptions) error) *cobra.Command {
	o := &hintOptions{g: g}
	c := &cobra.Command{
		Use:   "hint [N]",
		Short: "Show a step's hint, by default the first step not passing",
		Long: `Show the hint for step N. Without N, the hint is for the first step your
solution does not pass yet, as your progress records it (see tokenlab progress):
check your file with tokenlab check FILE or tokenlab watch FILE to keep it up
to date.`,
		Example: `  tokenlab hint
  tokenlab hint 3`,
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
	_, err = io.WriteString(o.g.out(), report.Hint(step, chosen, o.g.ios.PageWidth()))
	return err
}
