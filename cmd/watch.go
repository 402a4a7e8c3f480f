package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"time"

	"github.com/tokenlab/tokenlab/internal/fserr"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

// watchOptions are the flags of `tokenlab watch`.
type watchOptions struct {
	g        *globalOptions // the persistent flags and streams
	file     string
	timeout  time.Duration
	python   string
	noRecord bool
	keys     keyReader // q, h and Enter, from g's input
}

// newWatchCmd builds `watch`; runF, when a test gives one, gets the options.
func newWatchCmd(g *globalOptions, runF func(context.Context, *watchOptions) error) *cobra.Command {
	o := &watchOptions{g: g}
	c := &cobra.Command{
		Use:   "watch FILE",
		Short: "Re-check your solution every time you save it",
		Long: `Check your solution now and again every time you save it, and show where it
stands: each step's result and, for the first step that fails, its task, the
reason and what was wanted against what your program did. When every step
passes it says 4/4 steps pass.

Keep watch running in one terminal and your editor in another. Any way of
saving works, including editors that write a new file and rename it over the
old one. A half-written file with a syntax error, or a file that is briefly
gone, is shown as such and watch carries on.

The steps your solution passes are recorded in your progress, as with
tokenlab check FILE (--no-record leaves progress alone).

Keys, as in tokenlab learn: h shows the hint for the first step that fails,
r or Enter checks again, q quits (so does Ctrl-C). On a terminal a key acts
at once; piped input is read a line at a time.`,
		Example: `  tokenlab watch solution.py
  tokenlab watch solution.py --timeout 10s`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("watch takes one solution file (for example: tokenlab watch solution.py)")
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return grade.Extensions(), cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error {
			keys, done := newKeyReader(o.g.ios)
			defer done()
			o.file, o.keys = args[0], keys
			// Ctrl-C quits; the check under way is stopped with its processes.
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt)
			defer stop()
			if runF != nil {
				return runF(ctx, o)
			}
			err := runWatch(ctx, o)
			if errors.Is(err, context.Canceled) && o.g.ios.OutTTY {
				// The terminal echoed ^C after the screen: the shell's
				// prompt starts on a line of its own.
				_, _ = io.WriteString(o.g.ios.Out, "\n")
			}
			if errors.Is(err, context.Canceled) {
				return nil // Ctrl-C is how watch is meant to end
			}
			return err
		},
	}
	f := c.Flags()
	o.timeout = sandbox.DefaultLimits().Timeout
	f.Var(durationValue{&o.timeout}, "timeout", "stop a check of the solution that runs longer than this")
	f.StringVar(&o.python, "python", "python3", "the Python interpreter to run a .py solution with")
	f.BoolVar(&o.noRecord, "no-record", false, "do not record the steps the solution passes in your progress")
	return c
}

func runWatch(ctx context.Context, o *watchOptions) error {
	switch {
	case o.timeout <= 0:
		return timeoutError(o.timeout)
	case !sandbox.Supported:
		return usageErrorf("watch runs your code contained, which needs a Unix-like system (Linux or macOS)")
	}
	if _, ok := grade.LanguageOf(o.file); !ok {
		return usageErrorf("cannot watch %s: %s", report.VisibleName(o.file), grade.Checkable())
	}
	st, err := os.Stat(o.file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageErrorf("cannot watch %s: it does not exist yet; write a starter with: tokenlab init %s", report.VisibleName(o.file), o.file)
	case err != nil:
		return usageErrorf("cannot watch %s: %v", o.file, fserr.Cause(err)) // the message names the file
	case st.IsDir():
		return usageErrorf("cannot watch %s: it is a directory; name your solution file (for example: tokenlab watch solution.py)", o.file)
	}
	opts, err := checkRunOptions(o.g, []string{o.file}, sandbox.Auto, o.python, o.timeout)
	if err != nil {
		return err
	}
	defer opts.Runner.Close()

	changes, err := fileChanges(ctx, o.file, o.g.ios.SaveSettle, o.g.ios.ErrOut)
	if err != nil {
		return err
	}
	keys := readKeys(ctx, o.keys)
	sc := newScreen(o.g)
	var last *grade.Submission // the latest check, for h and redrawing
	var checkedAt time.Time
	var seen hintLevels // the hints shown, for h to give the next
	draw := func() {
		if checkedAt.IsZero() {
			return // no check yet: nothing to draw again
		}
		screen := report.WatchScreen(o.file, last, sc.th, sc.width())
		if o.g.ios.OutTTY {
			// Say when, so a save that changed nothing still shows it was seen.
			screen += sc.th.Muted.Render("Checked at "+checkedAt.Format("15:04:05")) + "\n"
		}
		sc.page(screen)
	}
	check := func() {
		sc.checking(o.file)
		s := watchCheck(ctx, o, opts)
		if ctx.Err() != nil {
			return
		}
		last, checkedAt = s, time.Now()
		draw()
		if s != nil && !o.noRecord {
			recordSteps(o.g, *s)
		}
	}

	check()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changes:
			check()
		case <-o.g.ios.Resized:
			draw() // the same page, wrapped to the new width
		case key, ok := <-keys:
			if !ok {
				keys = nil // end of input: keep watching until Ctrl-C
				continue
			}
			switch watchKeys.action(key) {
			case keyQuit:
				return nil
			case keyCheck:
				check()
			case keyHint:
				sc.say("\n" + watchHint(last, &seen, sc.width()))
			default:
				fmt.Fprintln(o.g.ios.ErrOut, watchKeys.unknown(key))
			}
		}
	}
}

// watchHint is the next hint for the first step the latest check failed.
func watchHint(s *grade.Submission, seen *hintLevels, width int) string {
	if s == nil {
		return "No check yet: save your file, then ask again.\n"
	}
	for step := 1; step <= lesson.StepCount; step++ {
		if s.StepStates()[step] != grade.Pass {
			st, _ := lesson.StepByNumber(step)
			page, _ := report.Hint(st, seen.next(st), false, width)
			return page
		}
	}
	return report.HintAllDone(width)
}

// watchCheck checks the file once; nil means it is not there (gone while
// an editor saves, or deleted).
func watchCheck(ctx context.Context, o *watchOptions, opts grade.Options) *grade.Submission {
	if _, err := os.Stat(o.file); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	s := grade.CheckFile(ctx, o.file, opts)
	return &s
}

// readKeys delivers input lines until end of input or ctx ends.
func readKeys(ctx context.Context, lr keyReader) <-chan string {
	keys := make(chan string)
	go func() {
		defer close(keys)
		for {
			line, err := lr.ReadLine(ctx)
			if err != nil {
				return
			}
			select {
			case keys <- line:
			case <-ctx.Done():
				return
			}
		}
	}()
	return keys
}
