package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// globalOptions are the persistent flags every command shares.
type globalOptions struct {
	ios         *IOStreams
	currentTime int64
	color       string
}

// out is Out at the colour profile the flags and the terminal decide.
func (g *globalOptions) out() io.Writer {
	return styledWriter(g.ios.Out, colorProfile(g.ios, g.color))
}

// timeArgs is the --current-time flag to repeat in a suggested command, so
// the learner stays at the time they chose.
func (g *globalOptions) timeArgs() string {
	if g.currentTime == lesson.DefaultTime {
		return ""
	}
	return fmt.Sprintf(" --current-time %d", g.currentTime)
}

// commands are tokenlab's commands (help lists them sorted), each with the
// name it is run by, so that a run can build the one it needs alone.
var commands = []struct {
	name  string
	build func(*globalOptions) *cobra.Command
}{
	{"init", func(g *globalOptions) *cobra.Command { return newInitCmd(g, nil) }},
	{"hint", func(g *globalOptions) *cobra.Command { return newHintCmd(g, nil) }},
	{"step", func(g *globalOptions) *cobra.Command { return newStepCmd(g, nil) }},
	{"run", func(g *globalOptions) *cobra.Command { return newRunCmd(g, nil) }},
	{"quiz", func(g *globalOptions) *cobra.Command { return newQuizCmd(g, nil, nil) }},
	{"test", func(g *globalOptions) *cobra.Command { return newTestCmd(g, nil) }},
	{"predict", func(g *globalOptions) *cobra.Command { return newPredictCmd(g, nil) }},
	{"check", func(g *globalOptions) *cobra.Command { return newCheckCmd(g, nil) }},
	{"learn", func(g *globalOptions) *cobra.Command { return newLearnCmd(g, nil) }},
	{"progress", func(g *globalOptions) *cobra.Command { return newProgressCmd(g, nil) }},
	{"watch", func(g *globalOptions) *cobra.Command { return newWatchCmd(g, nil) }},
	{"serve", func(g *globalOptions) *cobra.Command { return newServeCmd(g, nil) }},
	{"version", newVersionCmd},
}

// NewRootCmd builds the whole command tree over ios. Each call builds a
// fresh tree, so tests never share flag state.
func NewRootCmd(ios *IOStreams) *cobra.Command {
	return newRootCmd(ios, allCommands)
}

// allCommands asks newRootCmd for the whole tree.
const allCommands = "*"

// runTree is what a run with args needs built: "" for the root alone (the
// overview), a command's name for that command alone when args start with
// it and ask for no help, or allCommands. A command never looks at its
// siblings, and building all thirteen with their flags cost ~15 page
// faults of a start measured at ~500 (bench-startup); help, completion,
// suggestions for a mistyped command and flags before the command all get
// the whole tree.
func runTree(args []string) string {
	if len(args) == 0 {
		return ""
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--help" || strings.HasPrefix(a, "--help=") ||
			strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "h") {
			return allCommands
		}
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.name
		}
	}
	return allCommands
}

// newRootCmd builds the root command with the command named only under it,
// none for "", or every command for allCommands.
func newRootCmd(ios *IOStreams, only string) *cobra.Command {
	g := &globalOptions{ios: ios, currentTime: lesson.DefaultTime}
	root := &cobra.Command{
		Use:   "tokenlab",
		Short: "Learn to build a token refresh mechanism, step by step",
		Long: `tokenlab teaches one exercise, "Token refresh mechanism in Rest API":
a tokens map for alice, bob and carol, a current_time, and a refresh_token(user)
function that renews a token once it has expired.

Run it with no command for the overview; learn builds the four steps with you
in your own file, checking it every time you save, then runs the
five-question quiz. step shows a step's task and what it does to the tokens
at a current time you choose with --current-time. watch re-checks your file
on every save, check checks it once, and progress shows the steps it passes
and your quiz scores. Once the steps pass, init --broken plants one bug in a
finished program for you to find and fix, and predict drills you on what
refresh_token leaves in tokens. Instructors can
check a whole class's solutions with check and grade their answer sheets
with quiz grade.`,
		Example: `  tokenlab                         # the overview: scenario, goal, steps, next
  tokenlab learn                   # build the steps in your file, live
  tokenlab step 3 --current-time 100 --hint
  tokenlab run --user alice --user bob
  tokenlab watch solution.py       # re-check your solution on every save
  tokenlab quiz                    # the practice questions, with explanations
  tokenlab init --broken fixme.py  # a finished program with one bug to find
  tokenlab predict                 # drills: what refresh_token leaves in tokens
  tokenlab progress                # what you have done, what next
  tokenlab check class/            # an instructor: a whole class's solutions
  tokenlab quiz grade class.csv    # a class's answer sheets`,
		Args:              rootArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		SilenceUsage:      true,
		// cobra only sets its default when it suggests itself; rootArgs asks first.
		SuggestionsMinimumDistance: 2,
		SilenceErrors:              true,
		RunE: func(c *cobra.Command, _ []string) error {
			return runOverview(g)
		},
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(flagError)
	root.SetUsageFunc(usage(ios))

	flags := root.PersistentFlags()
	color := newEnum(&g.color, colorAuto, colorAuto, colorAlways, colorNever)
	flags.Var(color, "color", "when to use colour: auto (only on a terminal, unless NO_COLOR is set), always or never")
	_ = root.RegisterFlagCompletionFunc("color", color.complete)
	addTimeFlag(root, g)

	for _, c := range commands {
		if only == allCommands || c.name == only {
			root.AddCommand(c.build(g))
		}
	}
	if only != allCommands {
		root.CompletionOptions.DisableDefaultCmd = true
		return root
	}
	// cobra's completion command prints its help and exits 0 when no shell
	// is named; here that is bad usage, like any missing argument.
	root.InitDefaultCompletionCmd()
	if comp, _, err := root.Find([]string{"completion"}); err == nil && comp != root {
		comp.Args = cobra.ArbitraryArgs
		comp.RunE = func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("completion needs a shell: bash, zsh, fish or powershell; for example: tokenlab completion bash")
			}
			return usageErrorf("unknown shell %q; shells are bash, zsh, fish and powershell", args[0])
		}
	}
	return root
}

// addTimeFlag adds --current-time to c: only the commands whose output it
// changes have it (the overview, step, run and progress).
func addTimeFlag(c *cobra.Command, g *globalOptions) {
	c.Flags().Var(timeValue{&g.currentTime}, "current-time",
		fmt.Sprintf("the current_time the lesson runs at, a whole number from 0 to %d", lesson.MaxTime))
	_ = c.RegisterFlagCompletionFunc("current-time", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{"120\tthe exercise's time", "100\tthe boundary: alice's expiry", "90\tbefore alice's token expires"}, cobra.ShellCompDirectiveNoFileComp
	})
}

// noArgs refuses arguments to a command that takes none.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q; see '%s --help'", c.Name(), args[0], c.CommandPath())
	}
	return nil
}

// rootArgs refuses words that are not a command, naming the commands and
// the closest match.
func rootArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if suggestions := c.SuggestionsFor(args[0]); len(suggestions) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", suggestions[0])
	}
	return usageErrorf("%s; commands are %s", msg, strings.Join(names, ", "))
}

// runOverview prints the lesson's overview: what it is, the steps, what next.
func runOverview(g *globalOptions) error {
	// Progress that cannot be read leaves the state column out; with no
	// place for progress at all, nothing is recorded: fresh progress.
	p, err := g.loadProgress()
	var fe *progress.FileError
	unreadable := errors.As(err, &fe)
	if err != nil {
		p = progress.New(quizTotal())
	}
	_, err = io.WriteString(g.out(), report.Overview(p, unreadable, g.timeArgs(), g.ios.PageWidth()))
	return err
}
