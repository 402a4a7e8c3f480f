package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/atomicfile"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/grade"
	"github.com/tokenlab/tokenlab/quiz"
)

// learnOptions are the flags of `tokenlab learn`.
type learnOptions struct {
	g    *globalOptions // the persistent flags and streams
	file string         // the learner's solution; solution.py by default, solution.go with --lang go
	lang string         // the language: --lang, else FILE's
	keys keyReader      // the learner's keys, from g's input
}

// newLearnCmd builds `learn`; runF, when a test gives one, gets the options.
func newLearnCmd(g *globalOptions, runF func(context.Context, *learnOptions) error) *cobra.Command {
	o := &learnOptions{g: g}
	c := &cobra.Command{
		Use:   "learn [FILE]",
		Short: "Build the four steps in your file, checked live, then the quiz",
		Long: `Build the program step by step in FILE (solution.py unless you name one,
solution.go with --lang go; learn offers to write a starter when it does not
exist yet). A .py file is built in Python, a .go file in Go: both are checked
step by step, and the reference solutions come in the file's language.

learn shows the step you are on, the first one FILE does not pass, with its
task, and checks FILE every time you save it: it shows that step's result and
what to fix, and when the step passes it moves on to the next. After step 4
it offers the five-question quiz and runs it right there.

Keys: h a hint for this step (again for the next), s its reference solution
(asked first), n and p the next or previous step's task (round from 4 to 1)
and 1 to 4 any step's (h and s then go with that step), r check again, q
quit. At a question, Enter or y says yes, n or q no. On a terminal a key
acts at once; piped input is read a line at a time, for example:
printf 'h\nq\n' | tokenlab learn

Every check records the steps FILE passes in your progress, as tokenlab check
FILE does.`,
		Example: `  tokenlab learn
  tokenlab learn mine.py
  tokenlab learn --lang go            # solution.go, in Go`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("learn takes at most one solution file, got %d (for example: tokenlab learn solution.py)", len(args))
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return grade.Extensions(), cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.file = "solution.py"
			if o.lang == string(lesson.Go) {
				o.file = "solution.go"
			}
			if len(args) == 1 {
				o.file = args[0]
			}
			if o.lang == "" {
				o.lang = string(lesson.Python)
				if strings.EqualFold(filepath.Ext(o.file), ".go") {
					o.lang = string(lesson.Go)
				}
			}
			// Ctrl-C stops learn (and a quiz under way) with exit 130.
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
	lang := newEnum(&o.lang, "", string(lesson.Python), string(lesson.Go))
	c.Flags().Var(lang, "lang", "python or go: the language of the default file and of the reference solutions (default FILE's, else python)")
	_ = c.RegisterFlagCompletionFunc("lang", lang.complete)
	return c
}

// errQuit ends learn at the learner's wish: exit 0.
var errQuit = errors.New("quit")

// learnSession is one session: where it writes, what it reads, and where
// the learner is.
type learnSession struct {
	o       *learnOptions
	sc      *screen
	th      report.Theme
	width   int           // the page's width, the terminal's as the page was drawn
	keys    <-chan string // the learner's keys, read ahead (see readKeys)
	current int           // the step being built: the first one not passing; 0 when all pass
	looking int           // the step n, p or a number showed last; 0 after a check
	last    *grade.Submission
	hints   hintLevels
}

func runLearn(ctx context.Context, o *learnOptions) error {
	if _, ok := grade.LanguageOf(o.file); !ok {
		return usageErrorf("cannot learn in %s: %s", report.VisibleName(o.file), grade.Checkable())
	}
	sc := newScreen(o.g)
	s := &learnSession{o: o, sc: sc, th: sc.th, width: sc.width()}
	// One reader for the whole session, so a save can be noticed while a
	// key is awaited, and no key is lost when the quiz takes over.
	s.keys = readKeys(ctx, o.keys)

	if st, err := os.Stat(o.file); errors.Is(err, fs.ErrNotExist) {
		if err := s.offerStarter(ctx); err != nil {
			return s.end(err)
		}
	} else if err != nil || st.IsDir() {
		return usageErrorf("cannot learn in %s: it is not a file; name your solution file (for example: tokenlab learn solution.py)", report.VisibleName(o.file))
	}

	opts, err := checkRunOptions(o.g, []string{o.file}, sandbox.Auto, "python3", sandbox.DefaultLimits().Timeout)
	if err != nil {
		return err
	}
	defer opts.Runner.Close()
	changes, err := fileChanges(ctx, o.file, o.g.ios.SaveSettle, o.g.ios.ErrOut)
	if err != nil {
		return err
	}

	s.check(ctx, opts)
	for {
		if s.current == 0 {
			return s.end(s.offerQuiz(ctx))
		}
		s.prompt()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changes:
			s.check(ctx, opts)
		case <-o.g.ios.Resized:
			s.redraw()
		case key, ok := <-s.keys:
			if !ok {
				return s.end(endOfKeys(ctx))
			}
			if err := s.key(ctx, key, opts); err != nil {
				return s.end(err)
			}
		}
	}
}

// check checks the file, records what it passes, and shows the step the
// learner is on, saying so when a step has just come to pass.
func (s *learnSession) check(ctx context.Context, opts grade.Options) {
	s.sc.checking(s.o.file)
	sub := grade.CheckFile(ctx, s.o.file, opts)
	if ctx.Err() != nil {
		return
	}
	recordSteps(s.o.g, sub)
	before := s.current
	s.last, s.current, s.looking = &sub, 0, 0
	states := sub.StepStates()
	for step := lesson.StepCount; step >= 1; step-- {
		if states[step] != grade.Pass {
			s.current = step
		}
	}
	s.width = s.sc.width()
	page := ""
	if before != 0 && s.current != before && states[before] == grade.Pass {
		page = s.th.Good.Render(fmt.Sprintf("Step %d passes.", before)) + "\n\n"
	}
	s.sc.page(page + report.LearnScreen(sub, s.current, s.th, s.width))
}

// redraw draws the latest check's page again, to the terminal's new width.
func (s *learnSession) redraw() {
	if s.last == nil || s.current == 0 {
		return
	}
	s.width, s.looking = s.sc.width(), 0
	s.sc.page(report.LearnScreen(*s.last, s.current, s.th, s.width))
}

// key does what a key asks.
func (s *learnSession) key(ctx context.Context, key string, opts grade.Options) error {
	s.echo(key)
	switch action := learnKeys.action(key); action {
	case keyQuit:
		return errQuit
	case keyHint:
		st, _ := lesson.StepByNumber(s.viewed())
		level := s.hints.next(st)
		text, _ := st.Hint(level)
		s.say("\n" + report.StyleLines(s.th.Heading, report.Wrap(fmt.Sprintf("Hint %d of %d for step %d", level, len(st.Hints), st.Number), s.width, "")) + "\n" + report.Wrap(text, s.width, report.Indent) + "\n")
		if level < len(st.Hints) {
			s.say(report.Indent + s.th.Muted.Render("[h] again for the next one") + "\n")
		}
		s.say("\n")
	case keySolution:
		step := s.viewed()
		s.say(s.th.Command.Render(fmt.Sprintf("Show the reference solution for step %d? [Enter]/[y] yes, [n] no: ", step)))
		answer, err := keyChannel(s.keys).ReadLine(ctx)
		if err != nil {
			return err
		}
		s.echo(answer)
		if accepts(answer) {
			section, err := report.SolutionSection(step, s.o.lang, s.th)
			if err != nil {
				return err
			}
			s.say("\n" + section + "\n")
		}
	case keyNext, keyPrevious, keyStep:
		// n and p go round: after step 4 comes step 1 again.
		step := s.viewed()%lesson.StepCount + 1
		switch action {
		case keyPrevious:
			step = (s.viewed()+lesson.StepCount-2)%lesson.StepCount + 1
		case keyStep:
			step = int(strings.TrimSpace(key)[0] - '0')
		}
		s.looking = step
		s.say("\n" + report.LearnPeek(s.o.file, step, s.current, s.th, s.width))
	case keyCheck:
		s.check(ctx, opts)
	default:
		s.say(report.StyleLines(s.th.Bad, report.Wrap(learnKeys.unknown(key), s.width, "")) + "\n")
	}
	return nil
}

// viewed is the step the learner is looking at: the one n, p or a number
// showed last, else the one they are on. h and s are for it.
func (s *learnSession) viewed() int {
	if s.looking != 0 {
		return s.looking
	}
	return s.current
}

// endOfKeys is why the keys ended: an interrupt (Ctrl-C, exit 130) when
// the context was cancelled, else end of input.
func endOfKeys(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return io.EOF
}

// prompt lists the keys.
func (s *learnSession) prompt() {
	s.say(report.StyleLines(s.th.Command, learnKeys.line(s.width)))
}

// offerStarter offers to write a starter where the file is missing.
func (s *learnSession) offerStarter(ctx context.Context) error {
	file := report.VisibleName(s.o.file)
	s.say(report.Wrap(file+" does not exist yet: learn builds the program in it, step by step.", s.width, "") + "\n")
	for answered := false; !answered; {
		s.say(s.th.Command.Render("[Enter] or [y] write a starter there, [q] quit: "))
		key, err := keyChannel(s.keys).ReadLine(ctx)
		if err != nil {
			return err
		}
		s.echo(key)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "", "y", "yes":
			answered = true
		case "q", "quit", "n", "no":
			return errQuit
		default:
			s.say(report.StyleLines(s.th.Bad, fmt.Sprintf("%q is not an answer here: Enter or y writes the starter, q quits.", strings.TrimSpace(key))) + "\n")
		}
	}
	lang := lesson.Python
	if strings.EqualFold(filepath.Ext(s.o.file), ".go") {
		lang = lesson.Go
	}
	src, err := lesson.Starter(lang, s.o.file)
	if err != nil {
		return err
	}
	if err := atomicfile.Create(s.o.file, []byte(src), 0o644); err != nil {
		return usageErrorf("cannot write %s: %v", file, err)
	}
	s.say(report.Wrap(fmt.Sprintf("Wrote %s: the four steps as comments. Open it in your editor; every save is checked here.", file), s.width, "") + "\n\n")
	return nil
}

// offerQuiz ends the steps: every one passes; the quiz if the learner
// wants it now.
func (s *learnSession) offerQuiz(ctx context.Context) error {
	th := s.th
	s.say(th.Good.Render("All 4 steps pass: that is the whole program.") + "\n")
	if s.last != nil {
		s.say(report.Advice(*s.last, th, s.width))
	}
	s.say("\n")
	s.say(report.RealAPISection(th, s.width) + "\n")
	for {
		s.say(th.Command.Render("Take the five-question quiz now? [Enter] start, [q] quit: "))
		line, err := keyChannel(s.keys).ReadLine(ctx)
		if err != nil {
			s.say("\n")
			return err
		}
		s.echo(line)
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "", "y", "yes":
			s.say("\n")
			qo := &quizOptions{g: s.o.g}
			res, err := askQuiz(ctx, qo, quiz.InOrder(quiz.Default().Questions), keyChannel(s.keys))
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

// end turns the session's outcome into the command's: q and end of input
// are a clean stop that says how to go on.
func (s *learnSession) end(err error) error {
	if errors.Is(err, errQuit) || errors.Is(err, io.EOF) {
		s.say("\n" + report.Wrap(fmt.Sprintf("Stopped. `tokenlab learn %s` picks up at the first step your file does not "+
			"pass yet; `tokenlab progress` shows where you are.", s.o.file), s.width, "") + "\n")
		return nil
	}
	return err
}

// echo shows a key read from piped input, which nothing else echoes, so
// the transcript reads as it would on a terminal.
func (s *learnSession) echo(key string) {
	if !s.o.g.ios.InTTY {
		s.say(strings.TrimSpace(key) + "\n")
	}
}

// keyChannel reads keys from a channel readKeys feeds, so the quiz and the
// session take turns on one reader.
type keyChannel <-chan string

func (k keyChannel) ReadLine(ctx context.Context) (string, error) {
	select {
	case key, ok := <-k:
		if !ok {
			return "", endOfKeys(ctx)
		}
		return key, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// say writes to the learner. A failed write (a closed pipe) shows up at
// the next read as end of input, so it needs no handling of its own.
func (s *learnSession) say(text string) { s.sc.say(text) }

// accepts reports whether an answer to a prompt says yes: Enter or y. Every
// prompt of learn and watch reads its answer so; n and q decline.
func accepts(answer string) bool {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "", "y", "yes":
		return true
	}
	return false
}
