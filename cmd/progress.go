package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson/progress"
	"github.com/tokenlab/tokenlab/quiz"
)

// progressOptions are the flags of `tokenlab progress`.
type progressOptions struct {
	g      *globalOptions // the persistent flags and streams
	format string
	path   bool
	reset  bool
	yes    bool
}

// newProgressCmd builds `progress`; runF, when a test gives one, gets the
// options.
func newProgressCmd(g *globalOptions, runF func(context.Context, *progressOptions) error) *cobra.Command {
	o := &progressOptions{g: g}
	c := &cobra.Command{
		Use:   "progress",
		Short: "Show the steps your solution passes and your quiz scores",
		Long: `Show your progress: which steps your solution has passed, your best quiz
score, your last attempt's answers, and the one command to run next.

Progress is recorded by two commands only: checking one solution file
(tokenlab check FILE, or tokenlab watch FILE) adds the steps it passes, and
every quiz you answer at least one question of adds an attempt. Nothing else
writes it.

It is kept in $TOKENLAB_HOME/progress.json, else
$XDG_STATE_HOME/tokenlab/progress.json, else
~/.local/state/tokenlab/progress.json; --path prints where.

A progress file tokenlab cannot read is never replaced behind your back:
progress names it and exits 2. --reset moves the old file aside (it is kept
beside the new one, as progress.json.bak) and starts afresh; it asks first
on a terminal, and needs --yes anywhere else.`,
		Example: `  tokenlab progress
  tokenlab progress --format json
  tokenlab progress --path
  tokenlab progress --reset`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			switch {
			case o.path && o.reset:
				return usageErrorf("--path and --reset do not go together; run one, then the other")
			case o.yes && !o.reset:
				return usageErrorf("--yes only confirms --reset; add --reset to start afresh")
			case o.reset && c.Flags().Changed("format"):
				return usageErrorf("--format does not apply to --reset")
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runProgress(c.Context(), o)
		},
	}
	f := c.Flags()
	addFormatFlag(c, &o.format, "the file's own format", formatText, formatJSON)
	f.BoolVar(&o.path, "path", false, "print where progress is kept, and nothing else")
	f.BoolVar(&o.reset, "reset", false, "move the progress file aside (kept as a backup) and start afresh")
	f.BoolVar(&o.yes, "yes", false, "reset without asking")
	addTimeFlag(c, o.g)
	return c
}

func runProgress(ctx context.Context, o *progressOptions) error {
	store, err := o.g.progressStore()
	if err != nil {
		return asUsage(err)
	}
	switch {
	case o.path:
		_, err := fmt.Fprintln(o.g.ios.Out, store.Path())
		return err
	case o.reset:
		return resetProgress(ctx, o, store)
	}
	p, err := store.Load(quizTotal())
	if err != nil {
		return progressFileError(err)
	}
	if o.format == formatJSON {
		_, err := o.g.ios.Out.Write(p.Encode())
		return err
	}
	_, err = io.WriteString(o.g.out(), report.Progress(p, o.g.timeArgs(), o.g.ios.PageWidth()))
	return err
}

// resetProgress moves the file aside after the learner confirms.
func resetProgress(ctx context.Context, o *progressOptions, store *progress.Store) error {
	if !o.yes {
		if !o.g.ios.InTTY {
			return usageErrorf("progress --reset asks first, and input is not a terminal; add --yes to reset without asking (nothing was changed)")
		}
		fmt.Fprintf(o.g.ios.ErrOut, "Start afresh? Your progress file %s will be kept as a backup beside it. [y/N] ", store.Path())
		line, err := newLineReader(o.g.ios.In).ReadLine(ctx)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if answer := strings.ToLower(strings.TrimSpace(line)); answer != "y" && answer != "yes" {
			_, err := fmt.Fprintln(o.g.ios.Out, "Nothing changed.")
			return err
		}
	}
	backup, err := store.Reset()
	if err != nil {
		return fmt.Errorf("cannot reset progress: %v", err)
	}
	if backup == "" {
		_, err = fmt.Fprintf(o.g.ios.Out, "No progress to reset: %s does not exist.\n", store.Path())
		return err
	}
	_, err = fmt.Fprintf(o.g.ios.Out, "Progress reset; you start afresh. The old file is kept as %s.\n", backup)
	return err
}

// quizTotal is how many questions the lesson's quiz has.
func quizTotal() int { return len(quiz.Default().Questions) }

// progressStore is the learner's progress file, wherever the environment
// puts it.
func (g *globalOptions) progressStore() (*progress.Store, error) {
	path, err := progress.Locate(g.ios.Getenv)
	if err != nil {
		return nil, err
	}
	return progress.NewStore(path), nil
}

// loadProgress reads progress for a view that only reads it.
func (g *globalOptions) loadProgress() (progress.Progress, error) {
	store, err := g.progressStore()
	if err != nil {
		return progress.Progress{}, err
	}
	return store.Load(quizTotal())
}

// recordProgress applies change to the learner's progress. Recording is
// never the command's job, only a side effect: when it cannot be done the
// command still succeeds, and a one-line warning says why and what to do.
func (g *globalOptions) recordProgress(change func(*progress.Progress) bool) {
	store, err := g.progressStore()
	if err == nil {
		err = store.Update(quizTotal(), change)
	}
	if err == nil {
		return
	}
	var fe *progress.FileError
	if errors.As(err, &fe) {
		fmt.Fprintf(g.ios.ErrOut, "tokenlab: warning: progress not recorded: %s (%v); the file is left as it is; "+
			"run 'tokenlab progress --reset' to keep a copy and start afresh\n", fe.Path, fe.Err)
		return
	}
	fmt.Fprintf(g.ios.ErrOut, "tokenlab: warning: progress not recorded: %v\n", err)
}

// progressFileError is the exit-2 error for progress that cannot be read.
func progressFileError(err error) error {
	var fe *progress.FileError
	if errors.As(err, &fe) {
		return usageErrorf("cannot use the progress file %s: %v; it is left as it is: fix or move it, "+
			"or run 'tokenlab progress --reset' to keep a copy and start afresh", fe.Path, fe.Err)
	}
	return asUsage(err)
}
