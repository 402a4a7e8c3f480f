package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/atomicfile"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson"
)

// initOptions are the flags of `tokenlab init`.
type initOptions struct {
	g       *globalOptions // the persistent flags and streams
	file    string
	lang    string
	langSet bool
	broken  bool   // a finished program with one planted bug, not a starter
	seed    uint64 // chooses the bug
	seedSet bool
}

// newInitCmd builds `init`; runF, when a test gives one, gets the options.
func newInitCmd(g *globalOptions, runF func(context.Context, *initOptions) error) *cobra.Command {
	o := &initOptions{g: g}
	c := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a starter solution file to build the steps in",
		Long: `Write a starter solution: the four steps as comments, in order, each with the
place for its code marked, and nothing solved. It runs as it is. FILE is
solution.py, or solution.go with --lang go; a FILE ending in .go is a Go
starter.

--broken writes a complete program instead, with one thing wrong: one line
holds a mistake learners make (the boundary, the new expiry, the time, the
user, the printed text, the tokens). It runs and fails one step; find the
line and fix it, with tokenlab learn FILE or watch FILE checking as you go.
--seed chooses the mistake (without it, one at random, and the seed is
shown so that it can be written again). It is practice: checking it records
nothing in your progress, which stays your own solution's.

init never overwrites: if FILE exists, nothing is written.`,
		Example: `  tokenlab init
  tokenlab init --lang go
  tokenlab init mine.py
  tokenlab init --broken fixme.py`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("init takes at most one file name, got %d (for example: tokenlab init solution.py)", len(args))
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return []cobra.Completion{"py", "go"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.file = args[0]
			}
			o.langSet = c.Flags().Changed("lang")
			o.seedSet = c.Flags().Changed("seed")
			if o.seedSet && !o.broken {
				return usageErrorf("--seed chooses the bug of --broken; give both (for example: tokenlab init --broken --seed 3)")
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runInit(c.Context(), o)
		},
	}
	lang := newEnum(&o.lang, string(lesson.Python), string(lesson.Python), string(lesson.Go))
	c.Flags().Var(lang, "lang", "the starter's language: python or go")
	c.Flags().BoolVar(&o.broken, "broken", false, "write a complete program with one planted bug to find and fix")
	c.Flags().Var(newNumber(&o.seed, 0, 0, math.MaxUint64), "seed", "with --broken, choose the bug with this seed (default: at random)")
	_ = c.RegisterFlagCompletionFunc("lang", lang.complete)
	return c
}

// starterExt is each language's file name ending.
var starterExt = map[lesson.Language]string{lesson.Python: ".py", lesson.Go: ".go"}

func runInit(_ context.Context, o *initOptions) error {
	lang := lesson.Language(o.lang)
	if o.file == "" {
		o.file = "solution" + starterExt[lang]
	}
	ext := strings.ToLower(filepath.Ext(o.file))
	switch {
	case ext == ".go" && !o.langSet:
		lang = lesson.Go
	case ext != starterExt[lang]:
		return usageErrorf("cannot write a %s starter to %s: name the file %s, or give --lang %s",
			lang, report.VisibleName(o.file), strings.TrimSuffix(o.file, filepath.Ext(o.file))+starterExt[lang], otherLang(lang))
	}
	src, err := lesson.Starter(lang, o.file)
	if o.broken {
		if !o.seedSet {
			o.seed = rand.Uint64N(1_000_000) // short enough to read out and type
		}
		bug, berr := lesson.BugForSeed(lang, o.seed)
		if berr != nil {
			return berr
		}
		src, err = lesson.Broken(lang, bug, o.file)
	}
	if err != nil {
		return err
	}
	err = atomicfile.Create(o.file, []byte(src), 0o644)
	switch {
	case errors.Is(err, fs.ErrExist):
		return usageErrorf("%s already exists, so nothing was written; check it with `tokenlab check %s`, or name a new file: tokenlab init FILE",
			report.VisibleName(o.file), o.file)
	case err != nil:
		return usageErrorf("cannot write %s: %v", report.VisibleName(o.file), err)
	}
	th := report.NewTheme()
	if o.broken {
		width := o.g.ios.PageWidth()
		_, err = io.WriteString(o.g.out(), report.Wrap(fmt.Sprintf("Wrote %s: a complete program with one thing wrong "+
			"(seed %d: `--seed %d` plants the same one again).", report.VisibleName(o.file), o.seed, o.seed), width, "")+"\n"+
			report.Next(th, width, "Next:", "tokenlab learn "+o.file, "(the first step it fails shows where to look)"))
		return err
	}
	// The same next step as the overview's: learn, which builds the steps
	// with the learner; watch is for those who want the checks alone.
	_, err = fmt.Fprintf(o.g.out(), "Wrote %s: the four steps as comments, with the place for each step's code.\nNext: %s (the step you are on, checked every time you save)\nOr: %s (the checks alone)\n",
		report.VisibleName(o.file), th.Command.Render("tokenlab learn "+o.file), th.Command.Render("tokenlab watch "+o.file))
	return err
}

// otherLang is the starter language that is not lang.
func otherLang(lang lesson.Language) lesson.Language {
	if lang == lesson.Go {
		return lesson.Python
	}
	return lesson.Go
}
