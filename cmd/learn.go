package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/quiz"
)

// learnOptions are the flags of `tokenlab learn`.
type learnOptions struct {
	g    *globalOptions // the persistent flags and streams
	lang string
	keys keyReader // the learner's keys, from g's input
}

// newLearnCmd builds `learn`; runF, when a test gives one, gets the options.
func newLearnCmd(g *globalOptions, runF func(context.Context, *learnOptions) error) *cobra.Command {
	o := &learnOptions{g: g}
	c := &cobra.Command{
		Use:   "learn",
		Short: "A guided walk through the four steps, then the quiz",
		Long: `Walk through the lesson one step at a time. Each step shows its task; press
Enter to see what the step's code does to the tokens at --current-time, and
Enter again for the next step. At any prompt, h shows the step's hint, s its
reference solution and q stops (nothing is lost: your progress is kept).

After step 4, learn offers the five-question quiz and runs it right there;
the attempt is recorded in your progress.

learn starts at the first step your solution does not pass yet (see
tokenlab progress), so a learner who checks their work with tokenlab check
or tokenlab watch picks up where they are.

Keys are read a line at a time, so input may be piped:
printf '\n\nh\nq\n' | tokenlab learn`,
		Example: `  tokenlab learn
  tokenlab learn --current-time 100   # alice's expiry equals the time
  tokenlab learn --lang go            # reference solutions in Go`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			// Ctrl-C stops the walk (and a quiz under way) with exit 130.
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt)
			defer stop()
			keys, done := newKeyReader(o.g.ios)
			defer done()
			o.keys = keys
			if runF != nil {
				return runF(ctx, o)
			}
			return runLearn(ctx, o)
		},
	}
	lang := newEnum(&o.lang, string(lesson.Python), string(lesson.Python), string(lesson.Go))
	c.Flags().Var(lang, "lang", "the reference solutions' language: python or go")
	_ = c.RegisterFlagCompletionFunc("lang", lang.complete)
	return c
}

// learnKey is what the learner asked for at a prompt.
type learnKey int

const (
	keyGoOn learnKey = iota // Enter
	keyHint
	keySolution
	keyQuit
)

// learnKeys are the words learn knows at a step's prompt.
var learnKeys = map[string]learnKey{"": keyGoOn, "h": keyHint, "hint": keyHint, "s": keySolution,
	"solution": keySolution, "q": keyQuit, "quit": keyQuit}

// errQuit ends the walk at the learner's wish: exit 0.
var errQuit = errors.New("quit")

// learnSession is one walk: where it writes, what it reads.
type learnSession struct {
	o     *learnOptions
	lr    keyReader
	out   io.Writer
	th    report.Theme
	width int
}

func runLearn(ctx context.Context, o *learnOptions) error {
	s := &learnSession{o: o, lr: o.keys, out: o.g.out(), th: report.NewTheme(), width: o.g.ios.PageWidth()}
	p, err := o.g.loadProgress()
	if err != nil {
		// The walk needs no progress; start at the beginning and say why.
		fmt.Fprintf(o.g.ios.ErrOut, "tokenlab: warning: %v; starting at step 1\n", progressFileError(err))
	}
	first := 1
	for first <= lesson.StepCount && p.Done(first) {
		first++
	}
	var done string
	switch first {
	case 1:
	case 2:
		done = "Step 1 passes"
	case 3:
		done = "Steps 1 and 2 pass"
	default:
		done = fmt.Sprintf("Steps 1 to %d pass", first-1)
	}
	if done != "" {
		s.say(s.th.Muted.Render(done+" in your progress, so the walk starts after them.") + "\n\n")
	}

	for step := first; step <= lesson.StepCount; step++ {
		if err := s.walkStep(ctx, step); err != nil {
			return s.end(err)
		}
	}
	return s.end(s.offerQuiz(ctx))
}

// walkStep shows a step's task, then on Enter what it does.
func (s *learnSession) walkStep(ctx context.Context, step int) error {
	st, err := lesson.StepByNumber(step)
	if err != nil {
		return err
	}
	th := s.th
	s.say(th.Title.Render(fmt.Sprintf("Step %d of %d: %s", st.Number, lesson.StepCount, st.Title)) + "\n\n")
	s.say(th.Heading.Render("Task") + "\n" + report.Wrap(st.Task, s.width, report.Indent) + "\n\n")
	if err := s.prompt(ctx, st, "see what it does"); err != nil {
		return err
	}
	tr, err := lesson.Simulate(step, s.o.g.currentTime, nil)
	if err != nil {
		return err
	}
	heading, body := report.StepEffect(tr, th, s.width)
	s.say(th.Heading.Render(heading) + "\n" + body + "\n")
	next := "next step"
	if step == lesson.StepCount {
		next = "go on"
	}
	return s.prompt(ctx, st, next)
}

// prompt waits for Enter, answering h and s on the way.
func (s *learnSession) prompt(ctx context.Context, st lesson.Step, enter string) error {
	for {
		key, err := s.readKey(ctx, fmt.Sprintf("[Enter] %s, [h] hint, [s] solution, [q] quit: ", enter))
		if err != nil {
			return err
		}
		switch key {
		case keyGoOn:
			return nil
		case keyHint:
			s.say(s.th.Heading.Render("Hint") + "\n" + report.Wrap(st.Hint, s.width, report.Indent) + "\n\n")
		case keySolution:
			section, err := report.SolutionSection(st.Number, s.o.lang, s.th)
			if err != nil {
				return err
			}
			s.say(section + "\n")
		}
	}
}

// offerQuiz ends the walk: where to write the program, then the quiz if
// the learner wants it now.
func (s *learnSession) offerQuiz(ctx context.Context) error {
	th := s.th
	s.say(th.Title.Render("That is the whole program.") + "\n")
	s.say(report.Wrap("Write it in a file, say solution.py; `tokenlab watch solution.py` checks it each time you save, "+
		"step by step, and records the steps it passes.", s.width, "") + "\n\n")
	for {
		line, err := s.readLine(ctx, "Take the five-question quiz now? [Enter] start, [q] quit: ")
		if err != nil {
			return err
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "", "y", "yes":
			s.say("\n")
			qo := &quizOptions{g: s.o.g}
			res, err := askQuiz(ctx, qo, quiz.InOrder(quiz.Default().Questions), s.lr)
			recordAttempt(qo, res)
			if err != nil {
				return err
			}
			s.say("\n" + th.Muted.Render("tokenlab progress shows all you have done.") + "\n")
			return nil
		case "q", "quit", "n", "no":
			return errQuit
		}
		s.say(report.StyleLines(th.Bad, "Press Enter to start the quiz, or q to quit.") + "\n")
	}
}

// end turns the walk's outcome into the command's: q and end of input are
// a clean stop that says how to go on.
func (s *learnSession) end(err error) error {
	if errors.Is(err, errQuit) || errors.Is(err, io.EOF) {
		s.say("\n" + report.Wrap("Stopped. `tokenlab learn` starts again at the first step your solution does not "+
			"pass yet; `tokenlab progress` shows where you are.", s.width, "") + "\n")
		return nil
	}
	return err
}

// readKey reads one key (a line) until it is one learn knows.
func (s *learnSession) readKey(ctx context.Context, prompt string) (learnKey, error) {
	for {
		line, err := s.readLine(ctx, prompt)
		if err != nil {
			return 0, err
		}
		key, ok := learnKeys[strings.ToLower(strings.TrimSpace(line))]
		switch {
		case key == keyQuit:
			return key, errQuit
		case ok:
			s.say("\n") // what the key shows starts after a blank line
			return key, nil
		}
		s.say(report.StyleLines(s.th.Bad, report.Wrap(fmt.Sprintf("%q is not a key here: press Enter to go on, h for the hint, "+
			"s for the solution, q to quit.", strings.TrimSpace(line)), s.width, "")) + "\n")
	}
}

// readLine prompts and reads a line. Piped input is not echoed, so it is
// shown, and the transcript reads as it would on a terminal.
func (s *learnSession) readLine(ctx context.Context, prompt string) (string, error) {
	s.say(s.th.Command.Render(prompt))
	line, err := s.lr.ReadLine(ctx)
	if err != nil {
		s.say("\n")
		return "", err
	}
	if !s.o.g.ios.InTTY {
		s.say(strings.TrimSpace(line) + "\n")
	}
	return line, nil
}

// say writes to the learner. A failed write (a closed pipe) shows up at
// the next read as end of input, so it needs no handling of its own.
func (s *learnSession) say(text string) { _, _ = io.WriteString(s.out, text) }
