package cmd

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson/progress"
	"github.com/tokenlab/tokenlab/quiz"
)

// testOptions are the flags of `tokenlab test`.
type testOptions struct {
	g          *globalOptions
	answers    string
	answersSet bool
	noRecord   bool
	shuffle    bool
	seed       uint64
	seedSet    bool
	format     string
}

// seedIfShuffled is the seed that shuffled the test, or nil.
func (o *testOptions) seedIfShuffled() *uint64 {
	if !o.shuffle {
		return nil
	}
	return &o.seed
}

// newTestCmd builds `test`; runF, when a test gives it, gets the options
// instead of running.
func newTestCmd(g *globalOptions, runF func(context.Context, *testOptions) error) *cobra.Command {
	o := &testOptions{g: g}
	c := &cobra.Command{
		Use:   "test",
		Short: "Test this pattern: ten questions, a score and a verdict",
		Long: fmt.Sprintf(`Test whether you know this pattern: %d questions across easy, medium and
hard, the five practice questions and five more. It is a test, not practice:
no hints and no feedback until the end. Type a letter (any case) to answer,
or q to stop.

`, quiz.TestSize) + report.Wrap("At the end: your score by difficulty, every question you missed with its "+
			"explanation, and the verdict. The rule: "+quiz.VerdictRule+".", 79, "") + `

--answers grades a whole list without asking, one entry per question,
comma-separated, empty for unanswered; --format json then prints the score,
the verdict and each question. --shuffle shuffles the questions and their
options; --seed replays a shuffle.

Each test you answer at least one question of is recorded in your progress,
apart from practice quizzes; tokenlab progress shows your best. --no-record
leaves progress alone.`,
		Example: `  tokenlab test
  tokenlab test --shuffle
  tokenlab test --answers B,C,A,D,A,C,B,C,A,D
  tokenlab test --answers B,C,A,D,A,C,B,C,A,D --format json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o.answersSet = c.Flags().Changed("answers")
			o.seedSet = c.Flags().Changed("seed")
			if o.seedSet {
				o.shuffle = true
			}
			if o.format == formatJSON && !o.answersSet {
				return usageErrorf("--format json needs --answers; the interactive test prints text")
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runTest(c.Context(), o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.answers, "answers", "", "grade these answers without asking, one per question (empty entry = unanswered)")
	f.BoolVar(&o.noRecord, "no-record", false, "do not record this test in your progress")
	f.BoolVar(&o.shuffle, "shuffle", false, "shuffle the questions and each question's options")
	f.Var(newNumber(&o.seed, 0, 0, math.MaxUint64), "seed", "replay the shuffle with this seed (implies --shuffle)")
	addFormatFlag(c, &o.format, "json needs --answers", formatText, formatJSON)
	return c
}

func runTest(ctx context.Context, o *testOptions) error {
	items := arrange(quiz.TestBank().Questions, o.shuffle, o.seedSet, &o.seed)
	if o.answersSet {
		res, err := gradeList(o.answers, items, "the test")
		if err != nil {
			return err
		}
		recordTest(o, res)
		if o.format == formatJSON {
			return report.TestJSON(o.g.ios.Out, res, o.seedIfShuffled())
		}
		th := report.NewTheme()
		_, err = io.WriteString(o.g.out(), report.ShuffleNote(o.seedIfShuffled(), th)+report.TestResult(res, th, o.g.ios.PageWidth()))
		return err
	}

	// Ctrl-C ends the test with the partial score and exit 130.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	keys, done := newKeyReader(o.g.ios)
	defer done()
	_, _ = io.WriteString(o.g.out(), report.TestIntro(o.g.ios.PageWidth()))
	res, err := askTest(ctx, o, items, keys)
	recordTest(o, res)
	return err
}

// recordTest adds a test attempt to the learner's progress, apart from
// the practice quiz. A test with no answer at all is not an attempt.
func recordTest(o *testOptions, res quiz.Result) {
	if o.noRecord || res.Answered() == 0 {
		return
	}
	o.g.recordProgress(func(p *progress.Progress) bool {
		p.AddTestAttempt(progress.AttemptOf(res), quiz.TestSize)
		return true
	})
}

// askTest asks the questions one at a time with no hint and no feedback,
// then shows the result. It returns what was answered, also when the test
// ended early.
func askTest(ctx context.Context, o *testOptions, items []quiz.Item, lr keyReader) (quiz.Result, error) {
	th := report.NewTheme()
	return askItems(ctx, o.g, items, lr, askStyle{
		seed: o.seedIfShuffled(),
		end:  func(res quiz.Result) string { return report.TestResult(res, th, o.g.ios.PageWidth()) },
	})
}
