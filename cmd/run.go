package cmd

import (
	"context"
	"io"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson"
)

// runOptions are the flags of `tokenlab run`.
type runOptions struct {
	g      *globalOptions // the persistent flags and streams
	users  []string
	format string
}

// newRunCmd builds `run`; runF, when a test gives one, gets the options.
func newRunCmd(g *globalOptions, runF func(context.Context, *runOptions) error) *cobra.Command {
	o := &runOptions{g: g}
	c := &cobra.Command{
		Use:   "run",
		Short: "Print exactly what the finished program prints",
		Long: `Run the finished program (steps 1 to 4) at --current-time and print exactly
what it prints: one line per user passed to refresh_token, in the order given.

  Refreshed token for alice: newtoken123                   when it had expired
  Token for alice is still valid: abc123 (expires at 100)  when it had not

--user is repeatable and defaults to alice, as in the exercise. Each call
sees what the calls before it did. --format json prints the time, the users
(in exercise order) with their token, expiry and whether it was refreshed,
and the printed lines.`,
		Example: `  tokenlab run
  tokenlab run --user bob --user carol
  tokenlab run --current-time 90
  tokenlab run --format json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runRun(c.Context(), o)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&o.users, "user", nil, "call refresh_token for this user (repeatable; default alice)")
	_ = c.RegisterFlagCompletionFunc("user", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return lesson.Users(), cobra.ShellCompDirectiveNoFileComp
	})
	addFormatFlag(c, &o.format, "", formatText, formatJSON)
	addTimeFlag(c, o.g)
	return c
}

func runRun(_ context.Context, o *runOptions) error {
	tr, err := lesson.Simulate(lesson.StepCount, o.g.currentTime, o.users)
	if err != nil {
		return asUsage(err)
	}
	if o.format == formatText {
		// Exactly the program's output: never styled.
		_, err := io.WriteString(o.g.ios.Out, report.RunText(tr))
		return err
	}

	return report.RunJSON(o.g.ios.Out, tr)
}
