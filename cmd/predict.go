package cmd

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson/drill"
	"github.com/tokenlab/tokenlab/lesson/progress"
	"github.com/tokenlab/tokenlab/quiz"
)

// predictOptions are the flags of `tokenlab predict`.
type predictOptions struct {
	g          *globalOptions
	count      int
	seed       uint64
	seedSet    bool
	answers    string
	answersSet bool
	format     string
	noRecord   bool
}

// newPredictCmd builds `predict`; runF, when a test gives it, gets the
// options instead of running.
func newPredictCmd(g *globalOptions, runF func(context.Context, *predictOptions) error) *cobra.Command {
	o := &predictOptions{g: g}
	c := &cobra.Command{
		Use:   "predict",
		Short: "Drills: say what refresh_token leaves in tokens",
		Long: `Predict the result: each drill shows a small tokens table, a current_time and
one or two calls of refresh_token, and asks what an entry holds afterwards.
The four options are the right one and what the mistakes learners make give:
"<=" for "<", renewing a user not called, keeping the old expiry, the old
expiry plus 100, adding 100 again on a second call. Every answer is worked
out with the lesson's own rule. Each set covers the boundary (an expiry equal
to the time), just before and just after it, a user not called and two calls
in a row.

Type a letter (any case) to answer, or q to stop; each answer is explained in
the lesson's terms (100 < 100 is false), and the score comes at the end.
Drills are drawn from a seed, shown at the end: --seed replays a set.

--answers grades a whole list without asking, one entry per drill,
comma-separated, empty for unanswered; --format json then prints the score
and each drill. Each set you answer is recorded in your progress (your best
score); --no-record leaves progress alone.`,
		Example: `  tokenlab predict
  tokenlab predict --count 5
  tokenlab predict --seed 42 --answers A,B,C,D,A,B,C,D,A,B --format json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o.answersSet = c.Flags().Changed("answers")
			o.seedSet = c.Flags().Changed("seed")
			if o.format == formatJSON && !o.answersSet {
				return usageErrorf("--format json needs --answers; the interactive drills print text")
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runPredict(c.Context(), o)
		},
	}
	f := c.Flags()
	f.Var(newNumber(&o.count, drill.DefaultCount, 1, 100), "count", "how many drills (1 to 100)")
	f.Var(newNumber(&o.seed, 0, 0, math.MaxUint64), "seed", "draw the drills with this seed (default: at random, shown at the end)")
	f.StringVar(&o.answers, "answers", "", "grade these answers without asking, one per drill (empty entry = unanswered)")
	f.BoolVar(&o.noRecord, "no-record", false, "do not record these drills in your progress")
	addFormatFlag(c, &o.format, "json needs --answers", formatText, formatJSON)
	return c
}

func runPredict(ctx context.Context, o *predictOptions) error {
	if !o.seedSet {
		o.seed = rand.Uint64N(1_000_000) // short enough to read out and type
	}
	items := quiz.InOrder(drill.Set(o.seed, o.count))
	th := report.NewTheme()
	width := o.g.ios.PageWidth()
	if o.answersSet {
		res, err := gradeList(o.answers, items, "the set of drills")
		if err != nil {
			return err
		}
		recordDrills(o, res)
		if o.format == formatJSON {
			return report.PredictJSON(o.g.ios.Out, res, o.seed)
		}
		_, err = io.WriteString(o.g.out(), answeredText(res, th, width)+report.PredictScore(res, o.seed, th, width))
		return err
	}

	// Ctrl-C ends the drills with the partial score and exit 130.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	keys, done := newKeyReader(o.g.ios)
	defer done()
	_, _ = io.WriteString(o.g.out(), report.PredictIntro(o.count, width))
	res, err := askItems(ctx, o.g, items, keys, askStyle{
		feedback: true,
		noHint:   "No hints in the drills: work it out from the rule. (`tokenlab step 3 --current-time T` shows it at any time.)",
		end:      func(res quiz.Result) string { return report.PredictScore(res, o.seed, th, width) },
	})
	recordDrills(o, res)
	return err
}

// recordDrills adds a set of drills to the learner's progress. A set with
// no answer at all is not an attempt.
func recordDrills(o *predictOptions, res quiz.Result) {
	if o.noRecord || res.Answered() == 0 {
		return
	}
	o.g.recordProgress(func(p *progress.Progress) bool {
		p.AddDrills(res.Score(), res.Total)
		return true
	})
}
