package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson"
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
	format := newEnum(&o.format, formatText, formatText, formatJSON)
	f.Var(format, "format", "output format: text or json (the file's own format)")
	_ = c.RegisterFlagCompletionFunc("format", format.complete)
	f.BoolVar(&o.path, "path", false, "print where progress is kept, and nothing else")
	f.BoolVar(&o.reset, "reset", false, "move the progress file aside (kept as a backup) and start afresh")
	f.BoolVar(&o.yes, "yes", false, "reset without asking")
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
	_, err = io.WriteString(o.g.out(), renderProgress(o.g, p))
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

// renderProgress is the text view: the steps, the quiz, what next.
func renderProgress(g *globalOptions, p progress.Progress) string {
	th := report.NewTheme()
	width := g.ios.PageWidth()
	var b strings.Builder
	b.WriteString(th.Title.Render("Your progress") + "\n\n")
	b.WriteString(th.Heading.Render("Steps") + "\n" + report.StepsTable(th, "state", doneState(p, th)) + "\n")

	b.WriteString(th.Heading.Render("Quiz") + "\n")
	q := p.Quiz
	if q.Last == nil {
		b.WriteString(report.Indent + "not taken yet\n\n")
	} else {
		b.WriteString(report.Indent + quizSummary(q) + "\n")
		last := q.Last
		state := "finished"
		if !last.Finished {
			state = fmt.Sprintf("ended after %d of %d questions", len(last.Answers), last.Asked)
		}
		b.WriteString(fmt.Sprintf("%slast attempt %d/%d, %s\n\n", report.Indent, last.Score, last.Asked, state))
		var t report.Table
		t.Header = []string{"question", "answer", "result"}
		for _, a := range last.Answers {
			result := report.Cell{Text: "right", Style: th.Good}
			if !a.Correct {
				result = report.Cell{Text: "wrong", Style: th.Bad}
			}
			t.Add(report.Plain(fmt.Sprint(a.Question)), report.Plain(report.AnswerOrBlank(a.Choice)), result)
		}
		b.WriteString(t.Render(th, report.Indent) + "\n")
	}
	if len(p.StepsDone) == 0 && q.Last == nil {
		b.WriteString(report.Wrap("Nothing recorded yet. Checking your solution with `tokenlab check FILE` or "+
			"`tokenlab watch FILE` records the steps it passes; every quiz records an attempt.", width, "") + "\n\n")
	}
	b.WriteString(nextLine(g, p, th))
	return b.String()
}

// doneState is a step's state in the learner's progress.
func doneState(p progress.Progress, th report.Theme) func(step int) report.Cell {
	return func(step int) report.Cell {
		if p.Done(step) {
			return report.Cell{Text: "done", Style: th.Good}
		}
		return report.Cell{Text: "to do", Style: th.Muted}
	}
}

// quizSummary is the best score and how many attempts it took, e.g.
// "best score 4/5 over 2 attempts".
func quizSummary(q progress.Quiz) string {
	return fmt.Sprintf("best score %d/%d over %d %s", q.Best, q.Total, q.Attempts, report.Plural(q.Attempts, "attempt", "attempts"))
}

// nextLine is the one command to run next, and why.
func nextLine(g *globalOptions, p progress.Progress, th report.Theme) string {
	next := func(cmd, why string) string {
		return "Next: " + th.Command.Render(cmd) + " (" + why + ")\n"
	}
	if len(p.StepsDone) == 0 && p.Quiz.Last == nil {
		return next("tokenlab learn"+g.timeArgs(), "a guided walk through the steps, then the quiz")
	}
	for step := 1; step <= lesson.StepCount; step++ {
		if !p.Done(step) {
			return next(fmt.Sprintf("tokenlab step %d%s", step, g.timeArgs()), "the first step your solution does not pass yet")
		}
	}
	if p.Quiz.Last == nil || p.Quiz.Best < p.Quiz.Total {
		return next("tokenlab quiz", "every step passes; now the five practice questions")
	}
	return th.Good.Render("Done: every step passes and your best quiz score is perfect.") + "\n" +
		next("tokenlab quiz --shuffle", "practise again, in a new order")
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
