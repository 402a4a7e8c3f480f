package cmd

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"strconv"
	"strings"

	"github.com/tokenlab/tokenlab/internal/fserr"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/internal/safefile"
	"github.com/tokenlab/tokenlab/lesson/progress"
	"github.com/tokenlab/tokenlab/quiz"
)

// quizOptions are the flags of `tokenlab quiz`.
type quizOptions struct {
	g            *globalOptions // the persistent flags and streams
	difficulties []string
	questions    []int
	answers      string
	noRecord     bool
	answersSet   bool
	shuffle      bool
	seed         uint64
	seedSet      bool
	bank         string
	format       string
}

// newQuizCmd builds `quiz` and `quiz grade`; runF and gradeF, when a test
// gives them, get the options instead of running.
func newQuizCmd(g *globalOptions, runF func(context.Context, *quizOptions) error, gradeF func(context.Context, *gradeOptions) error) *cobra.Command {
	o := &quizOptions{g: g}
	c := &cobra.Command{
		Use:   "quiz",
		Short: "Take the five practice questions, with graded explanations",
		Long: `Take the practice quiz, one question at a time. Type a letter (any case) to
answer, h for a hint, or q to stop. After each answer you see whether it was
right, why the option you chose is wrong, the reasoning, a quick check and the
common mistakes; on a terminal too short to show it with the next question,
the quiz waits for Enter before going on. At the end: your score, by
difficulty, and a command that retries exactly the questions you missed.

Input may be piped, one line per question:
  printf 'A\nC\nB\nD\nA\n' | tokenlab quiz
End of input or q ends early with a partial score.

--answers grades a whole list without asking: one entry per question shown,
comma-separated, empty for unanswered. --difficulty and --question choose
questions (each repeatable; a question must match both flags when both are
given). --shuffle shuffles the questions and their options; --seed replays a
shuffle, and without it the seed used is printed.

Each quiz you answer at least one question of is recorded in your progress
(see tokenlab progress); a quiz from another --bank is not, and --no-record
leaves progress alone (for an instructor grading a learner's list).`,
		Example: `  tokenlab quiz
  tokenlab quiz --answers B,C,A,D,C
  tokenlab quiz --difficulty medium --difficulty hard
  tokenlab quiz --question 2 --question 4
  tokenlab quiz --shuffle --seed 7
  tokenlab quiz --answers A,,B,D,A --format json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o.answersSet = c.Flags().Changed("answers")
			o.seedSet = c.Flags().Changed("seed")
			if o.seedSet {
				o.shuffle = true // --seed alone asks for that shuffle
			}
			if o.format == formatJSON && !o.answersSet {
				return usageErrorf("--format json needs --answers; the interactive quiz prints text")
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runQuiz(c.Context(), o)
		},
	}
	f := c.Flags()
	diff := &listValue{values: &o.difficulties, allowed: quiz.Difficulties}
	f.Var(diff, "difficulty", "only questions of this difficulty: easy, medium or hard (repeatable)")
	_ = c.RegisterFlagCompletionFunc("difficulty", diff.complete)
	f.Var(numberListValue{&o.questions}, "question", "only question N of the bank (repeatable)")
	_ = c.RegisterFlagCompletionFunc("question", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, q := range quiz.Default().Questions {
			out = append(out, cobra.CompletionWithDesc(strconv.Itoa(q.Number), q.Difficulty+": "+report.Clip(q.Stem, 50)))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	f.StringVar(&o.answers, "answers", "", "grade these answers without asking, e.g. B,C,A,D,C (empty entry = unanswered)")
	f.BoolVar(&o.shuffle, "shuffle", false, "shuffle the questions and each question's options")
	f.BoolVar(&o.noRecord, "no-record", false, "do not record this quiz in your progress")
	f.Var(newNumber(&o.seed, 0, 0, math.MaxUint64), "seed", "replay the shuffle with this seed (implies --shuffle)")
	addFormatFlag(c, &o.format, "json needs --answers", formatText, formatJSON)
	c.PersistentFlags().StringVar(&o.bank, "bank", "", "use this question bank (YAML) instead of the exercise's")
	_ = c.MarkPersistentFlagFilename("bank", "yaml", "yml")

	c.AddCommand(newQuizGradeCmd(g, &o.bank, gradeF))
	return c
}

// arrange is questions as asked: in bank order, or shuffled by *seed,
// drawn afresh (and kept in *seed, to print) unless seedSet.
func arrange(questions []quiz.Question, shuffle, seedSet bool, seed *uint64) []quiz.Item {
	if !shuffle {
		return quiz.InOrder(questions)
	}
	if !seedSet {
		*seed = rand.Uint64()
	}
	return quiz.Shuffle(questions, *seed)
}

// loadBank returns the bank named by --bank, or the exercise's.
func loadBank(path string) (*quiz.Bank, error) {
	if path == "" {
		return quiz.Default(), nil
	}
	data, err := safefile.ReadFile(path, quiz.MaxBankBytes, "a bank")
	if err != nil {
		return nil, usageErrorf("cannot read the bank: %v; a bank is a YAML file", fserr.Pathless(err))
	}
	b, err := quiz.Load(path, data)
	return b, asUsage(err)
}

func runQuiz(ctx context.Context, o *quizOptions) error {
	bank, err := loadBank(o.bank)
	if err != nil {
		return err
	}
	questions, err := quiz.Select(bank, o.questions, o.difficulties)
	if err != nil {
		return asUsage(err)
	}
	items := arrange(questions, o.shuffle, o.seedSet, &o.seed)
	if o.answersSet {
		res, err := gradeList(o.answers, items, "the quiz")
		if err != nil {
			return err
		}
		return gradeAnswers(o, res)
	}

	// Ctrl-C ends the quiz with the partial score and exit 130.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	keys, done := newKeyReader(o.g.ios)
	defer done()
	res, err := askQuiz(ctx, o, items, keys)
	recordAttempt(o, res)
	return err
}

// recordAttempt adds an attempt at the lesson's quiz to the learner's
// progress. A quiz from another bank is not the lesson's, and a quiz ended
// before any answer is not an attempt.
func recordAttempt(o *quizOptions, res quiz.Result) {
	if o.bank != "" || o.noRecord || res.Answered() == 0 {
		return
	}
	o.g.recordProgress(func(p *progress.Progress) bool {
		p.AddAttempt(progress.AttemptOf(res), quizTotal())
		return true
	})
}

// seedIfShuffled is the seed that shuffled the quiz, or nil.
func (o *quizOptions) seedIfShuffled() *uint64 {
	if !o.shuffle {
		return nil
	}
	return &o.seed
}

// gradeList grades an --answers list for items, which what names in a
// message ("the quiz"); a list that does not fit is bad input.
func gradeList(answers string, items []quiz.Item, what string) (quiz.Result, error) {
	choices, err := quiz.ParseAnswers(answers, items, what)
	if err != nil {
		return quiz.Result{}, asUsage(err)
	}
	return quiz.AnswerAll(items, choices)
}

// answeredText is each question of res as --answers shows it: the
// question, the answer given and its feedback.
func answeredText(res quiz.Result, th report.Theme, width int) string {
	var b strings.Builder
	for i, r := range res.Responses {
		b.WriteString(report.Question(r.Item, i, res.Total, th, width))
		b.WriteString("Your answer: " + report.AnswerOrBlank(r.ChosenLetter()) + "\n\n")
		b.WriteString(report.Feedback(r, th, width) + "\n")
	}
	return b.String()
}

// gradeAnswers is --answers: every question with its feedback, then the score.
func gradeAnswers(o *quizOptions, res quiz.Result) error {
	recordAttempt(o, res)
	if o.format == formatJSON {
		return report.QuizJSON(o.g.ios.Out, res, o.seedIfShuffled())
	}
	th := report.NewTheme()
	width := o.g.ios.PageWidth()
	text := report.ShuffleNote(o.seedIfShuffled(), th) + answeredText(res, th, width) + report.QuizScore(o.bank, res, th)
	_, err := io.WriteString(o.g.out(), text)
	return err
}
