package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/quiz"
)

// askQuiz is the interactive quiz: one question at a time over lr. It
// returns what was answered, also when the quiz ended early.
func askQuiz(ctx context.Context, o *quizOptions, items []quiz.Item, lr keyReader) (quiz.Result, error) {
	th := report.NewTheme()
	width := o.g.ios.PageWidth()
	out := o.g.out()
	s := quiz.NewSession(items)
	say := func(text string) error { _, err := io.WriteString(out, text); return err }

	if err := say(report.ShuffleNote(o.seedIfShuffled(), th)); err != nil {
		return s.Result(), err
	}
	for {
		it, idx, ok := s.Current()
		if !ok {
			break
		}
		if err := say(report.Question(it, idx, len(items), th, width)); err != nil {
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
				_ = say("\n\n" + report.QuizScore(o.bank, s.Result(), th))
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
			return s.Result(), say("\n" + report.QuizScore(o.bank, s.Result(), th))
		}
		r, err := s.Answer(chosen.Choice)
		if err != nil {
			return s.Result(), err
		}
		if err := say("\n" + report.Feedback(r, th, width) + "\n"); err != nil {
			return s.Result(), err
		}
	}
	return s.Result(), say(report.QuizScore(o.bank, s.Result(), th))
}
