package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/lesson/progress"
	"github.com/tokenlab/tokenlab/quiz"
)

// quizOptions are the flags of `tokenlab quiz`.
type quizOptions struct {
	g            *globalOptions // the persistent flags and streams
	difficulties []string
	questions    []int
	answers      string
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
common mistakes. At the end: your score, by difficulty, and a command that
retries exactly the questions you missed.

Input may be piped, one line per question:
  printf 'A\nC\nB\nD\nA\n' | tokenlab quiz
End of input or q ends early with a partial score.

--answers grades a whole list without asking: one entry per question shown,
comma-separated, empty for unanswered. --difficulty and --question choose
questions (each repeatable; a question must match both flags when both are
given). --shuffle shuffles the questions and their options; --seed replays a
shuffle, and without it the seed used is printed.

Each quiz you answer at least one question of is recorded in your progress
(see tokenlab progress); a quiz from another --bank is not.`,
		Example: `  tokenlab quiz
  tokenlab quiz --answers A,C,B,D,A
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
	f.IntSliceVar(&o.questions, "question", nil, "only question N of the bank (repeatable)")
	_ = c.RegisterFlagCompletionFunc("question", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, q := range quiz.Default().Questions {
			out = append(out, cobra.CompletionWithDesc(strconv.Itoa(q.Number), q.Difficulty+": "+clip(q.Stem, 50)))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	f.StringVar(&o.answers, "answers", "", "grade these answers without asking, e.g. A,C,B,D,A (empty entry = unanswered)")
	f.BoolVar(&o.shuffle, "shuffle", false, "shuffle the questions and each question's options")
	f.Uint64Var(&o.seed, "seed", 0, "replay the shuffle with this seed (implies --shuffle)")
	format := newEnum(&o.format, formatText, formatText, formatJSON)
	f.Var(format, "format", "output format: text or json (json needs --answers)")
	_ = c.RegisterFlagCompletionFunc("format", format.complete)
	c.PersistentFlags().StringVar(&o.bank, "bank", "", "use this question bank (YAML) instead of the exercise's")
	_ = c.MarkPersistentFlagFilename("bank", "yaml", "yml")

	c.AddCommand(newQuizGradeCmd(g, &o.bank, gradeF))
	return c
}

// loadBank returns the bank named by --bank, or the exercise's.
func loadBank(path string) (*quiz.Bank, error) {
	if path == "" {
		return quiz.Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("cannot read the bank: %v", unwrapPathError(err))
	}
	b, err := quiz.Load(path, data)
	return b, asUsage(err)
}

// unwrapPathError says "FILE: no such file or directory" rather than
// "open FILE: no such file or directory".
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
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
	items := quiz.InOrder(questions)
	if o.shuffle {
		if !o.seedSet {
			o.seed = rand.Uint64()
		}
		items = quiz.Shuffle(questions, o.seed)
	}
	if o.answersSet {
		choices, err := quiz.ParseAnswers(o.answers, items)
		if err != nil {
			return asUsage(err)
		}
		return gradeAnswers(o, items, choices)
	}

	// Ctrl-C ends the quiz with the partial score and exit 130.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	res, err := askQuiz(ctx, o, items, newLineReader(o.g.ios.In))
	recordAttempt(o, res)
	return err
}

// recordAttempt adds an attempt at the lesson's quiz to the learner's
// progress. A quiz from another bank is not the lesson's, and a quiz ended
// before any answer is not an attempt.
func recordAttempt(o *quizOptions, res quiz.Result) {
	if o.bank != "" || len(res.Responses) == 0 {
		return
	}
	o.g.recordProgress(func(p *progress.Progress) bool {
		p.AddAttempt(progress.AttemptOf(res), quizTotal())
		return true
	})
}

// gradeAnswers is --answers: every question with its feedback, then the score.
func gradeAnswers(o *quizOptions, items []quiz.Item, choices []int) error {
	s := quiz.NewSession(items)
	for _, c := range choices {
		if _, err := s.Answer(c); err != nil {
			return err
		}
	}
	res := s.Result()
	recordAttempt(o, res)
	if o.format == formatJSON {
		return writeQuizJSON(o.g.ios.Out, o, res)
	}
	th := report.NewTheme()
	width := o.g.ios.PageWidth()
	var b strings.Builder
	b.WriteString(shuffleNote(o, th))
	for i, r := range res.Responses {
		b.WriteString(renderQuestion(r.Item, i, len(items), th, width))
		b.WriteString("Your answer: " + answerOrBlank(r.ChosenLetter()) + "\n\n")
		b.WriteString(renderFeedback(r, th, width) + "\n")
	}
	b.WriteString(renderScore(o, res, th))
	_, err := io.WriteString(o.g.out(), b.String())
	return err
}

func answerOrBlank(letter string) string {
	if letter == "" {
		return "(none)"
	}
	return letter
}

// askQuiz is the interactive quiz: one question at a time over lr. It
// returns what was answered, also when the quiz ended early.
func askQuiz(ctx context.Context, o *quizOptions, items []quiz.Item, lr *lineReader) (quiz.Result, error) {
	th := report.NewTheme()
	width := o.g.ios.PageWidth()
	out := o.g.out()
	s := quiz.NewSession(items)
	say := func(text string) error { _, err := io.WriteString(out, text); return err }

	if err := say(shuffleNote(o, th)); err != nil {
		return s.Result(), err
	}
	for {
		it, idx, ok := s.Current()
		if !ok {
			break
		}
		if err := say(renderQuestion(it, idx, len(items), th, width)); err != nil {
			return s.Result(), err
		}
		prompt := fmt.Sprintf("Your answer (A-%s, h for a hint, q to stop): ", quiz.Letter(len(it.Options)-1))
		var chosen quiz.Line
		for {
			if err := say(th.Command.Render(prompt)); err != nil {
				return s.Result(), err
			}
			line, err := lr.ReadLine(ctx)
			if err != nil {
				// End of input or Ctrl-C: end early with the partial score.
				_ = say("\n\n" + renderScore(o, s.Result(), th))
				if errors.Is(err, io.EOF) {
					return s.Result(), nil
				}
				return s.Result(), err
			}
			if !o.g.ios.InTTY {
				// Piped input is not echoed; show it so the transcript reads
				// right. A terminal has already echoed the line and its Enter.
				_ = say(strings.TrimSpace(line) + "\n")
			}
			chosen = quiz.ParseLine(line, len(it.Options))
			switch chosen.Action {
			case quiz.ShowHint:
				_ = say(report.Wrap(th.Heading.Render("Hint:")+" "+it.Hint, width, "") + "\n")
				continue
			case quiz.Invalid:
				_ = say(report.StyleLines(th.Bad, report.Wrap(chosen.Problem, width, "")) + "\n")
				continue
			}
			break
		}
		if chosen.Action == quiz.Quit {
			return s.Result(), say("\n" + renderScore(o, s.Result(), th))
		}
		r, err := s.Answer(chosen.Choice)
		if err != nil {
			return s.Result(), err
		}
		if err := say("\n" + renderFeedback(r, th, width) + "\n"); err != nil {
			return s.Result(), err
		}
	}
	return s.Result(), say(renderScore(o, s.Result(), th))
}

// shuffleNote says which seed shuffled the quiz, so it can be replayed.
func shuffleNote(o *quizOptions, th report.Theme) string {
	if !o.shuffle {
		return ""
	}
	return th.Muted.Render(fmt.Sprintf("Shuffled with seed %d; replay this quiz with --seed %d.", o.seed, o.seed)) + "\n\n"
}

// renderQuestion shows an item: where it is, the stem, code, prompt and options.
func renderQuestion(it quiz.Item, idx, total int, th report.Theme, width int) string {
	var b strings.Builder
	b.WriteString(th.Title.Render(fmt.Sprintf("[%d/%d] Question %d (%s)", idx+1, total, it.Number, it.Difficulty)) + "\n")
	b.WriteString(report.Wrap(it.Stem, width, "") + "\n")
	if it.Code != "" {
		b.WriteString("\n")
		for _, line := range strings.Split(strings.TrimRight(it.Code, "\n"), "\n") {
			b.WriteString(strings.TrimRight("    "+th.Code.Render(line), " ") + "\n")
		}
	}
	if it.Prompt != "" {
		b.WriteString("\n" + report.Wrap(it.Prompt, width, "") + "\n")
	}
	b.WriteString("\n")
	for i, opt := range it.Options {
		letter := quiz.Letter(i) + ". "
		b.WriteString(report.Indent + letter + strings.TrimPrefix(report.Wrap(opt.Text, width, report.Indent+"   "), report.Indent+"   ") + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

// renderFeedback grades one response: right or wrong, the answer, why the
// chosen option is wrong, the reasoning, the quick check and the mistakes.
func renderFeedback(r quiz.Response, th report.Theme, width int) string {
	it := r.Item
	answer := it.AnswerIndex()
	option := func(i int) string { return quiz.Letter(i) + ". " + it.Options[i].Text }
	var b strings.Builder
	switch {
	case r.Correct:
		b.WriteString(report.Wrap(th.Good.Render("Correct!")+" "+option(answer), width, "") + "\n")
	case r.Chosen < 0:
		b.WriteString(th.Bad.Render("Not answered.") + "\n")
		b.WriteString(report.Wrap("The answer is "+option(answer), width, "") + "\n")
	default:
		b.WriteString(report.Wrap(th.Bad.Render("Not quite.")+" You chose "+option(r.Chosen), width, "") + "\n")
		b.WriteString(report.Wrap("Why not: "+it.Options[r.Chosen].WhyWrong, width, report.Indent) + "\n")
		b.WriteString(report.Wrap("The answer is "+option(answer), width, "") + "\n")
	}
	b.WriteString(th.Heading.Render("Why") + "\n")
	for i, step := range it.Reasoning {
		num := fmt.Sprintf("%d. ", i+1)
		b.WriteString(report.Indent + num + strings.TrimPrefix(report.Wrap(step, width, report.Indent+"   "), report.Indent+"   ") + "\n")
	}
	b.WriteString(report.Wrap(th.Heading.Render("Quick check:")+" "+it.QuickCheck, width, "") + "\n")
	b.WriteString(th.Heading.Render("Common mistakes") + "\n")
	for _, m := range it.Mistakes {
		b.WriteString(report.Indent + "- " + strings.TrimPrefix(report.Wrap(m, width, report.Indent+"  "), report.Indent+"  ") + "\n")
	}
	return b.String()
}

// renderScore is the end of a quiz: the score, by difficulty, and what to retry.
func renderScore(o *quizOptions, res quiz.Result, th report.Theme) string {
	var b strings.Builder
	answered := len(res.Responses)
	if res.Finished() {
		b.WriteString(th.Title.Render(fmt.Sprintf("Score: %d/%d", res.Score(), res.Total)) + "\n")
	} else {
		b.WriteString(th.Title.Render(fmt.Sprintf("Score: %d/%d answered", res.Score(), answered)) +
			fmt.Sprintf(" (%d of %d not reached)\n", res.Total-answered, res.Total))
	}
	if tallies := res.ByDifficulty(); len(tallies) > 0 {
		var parts []string
		for _, t := range tallies {
			parts = append(parts, fmt.Sprintf("%s %d/%d", t.Difficulty, t.Correct, t.Total))
		}
		b.WriteString("By difficulty: " + strings.Join(parts, ", ") + "\n")
	}
	missed := res.Missed()
	switch {
	case len(missed) > 0:
		cmd := "tokenlab quiz"
		if o.bank != "" {
			cmd += " --bank " + shellQuote(o.bank)
		}
		nums := make([]string, len(missed))
		for i, n := range missed {
			nums[i] = strconv.Itoa(n)
		}
		cmd += " --question " + strings.Join(nums, ",")
		noun, them := "question", "it"
		if len(missed) > 1 {
			noun, them = "questions", "them"
		}
		b.WriteString(fmt.Sprintf("Missed %s %s. Retry %s with:\n", noun, strings.Join(nums, ", "), them))
		b.WriteString(report.Indent + th.Command.Render(cmd) + "\n")
	case answered > 0 && res.Finished():
		b.WriteString(th.Good.Render("Nothing missed. Well done!") + "\n")
	}
	if !res.Finished() {
		b.WriteString("Run " + th.Command.Render("tokenlab quiz") + " to take the whole quiz.\n")
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// clip shortens s to n runes for a completion description.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// quizJSON is `quiz --answers … --format json`.
type quizJSON struct {
	Score     int            `json:"score"`
	Total     int            `json:"total"`
	Seed      *uint64        `json:"seed,omitempty"`
	Questions []questionJSON `json:"questions"`
}

type questionJSON struct {
	Number     int    `json:"number"`
	ID         string `json:"id"`
	Difficulty string `json:"difficulty"`
	Chosen     string `json:"chosen"`
	Answer     string `json:"answer"`
	Correct    bool   `json:"correct"`
}

func writeQuizJSON(w io.Writer, o *quizOptions, res quiz.Result) error {
	report := quizJSON{Score: res.Score(), Total: res.Total, Questions: []questionJSON{}}
	if o.shuffle {
		report.Seed = &o.seed
	}
	// Questions in bank order, whatever order they were asked in.
	responses := slices.Clone(res.Responses)
	slices.SortFunc(responses, func(a, b quiz.Response) int { return a.Item.Number - b.Item.Number })
	for _, r := range responses {
		report.Questions = append(report.Questions, questionJSON{
			Number: r.Item.Number, ID: r.Item.ID, Difficulty: r.Item.Difficulty,
			Chosen: r.ChosenLetter(), Answer: quiz.Letter(r.Item.AnswerIndex()), Correct: r.Correct,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}
