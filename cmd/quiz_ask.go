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

// askStyle is what differs between asking the practice quiz and the test.
type askStyle struct {
	seed  *uint64 // the shuffle's seed, or nil
	hints bool    // h shows the question's hint; without, h says there are none
	// feedback shows each answer's feedback at once; without, nothing is
	// said about an answer until the end.
	feedback bool
	end      func(quiz.Result) string // the closing screen, also after an early end
	// noHint is the answer to h without hints; the test's when empty.
	noHint string
}

// askQuiz is the interactive practice quiz: one question at a time over lr,
// each answer's feedback at once. It returns what was answered, also when
// the quiz ended early.
func askQuiz(ctx context.Context, o *quizOptions, items []quiz.Item, lr keyReader) (quiz.Result, error) {
	th := report.NewTheme()
	return askItems(ctx, o.g, items, lr, askStyle{
		seed: o.seedIfShuffled(), hints: true, feedback: true,
		end: func(res quiz.Result) string { return report.QuizScore(o.bank, res, th) },
	})
}

// fits reports whether texts, one after another, fit a terminal of height
// lines with the answer's prompt below them; any height fits an unknown one.
func fits(height int, texts ...string) bool {
	if height <= 0 {
		return true
	}
	lines := 1 // the prompt
	for _, t := range texts {
		lines += strings.Count(t, "\n")
	}
	return lines <= height
}

// askItems asks items one at a time over lr, as style says.
func askItems(ctx context.Context, g *globalOptions, items []quiz.Item, lr keyReader, style askStyle) (quiz.Result, error) {
	th := report.NewTheme()
	width := g.ios.PageWidth()
	out := g.out()
	s := quiz.NewSession(items)
	say := func(text string) error { _, err := io.WriteString(out, text); return err }
	parse, prompt := quiz.ParseLine, "Your answer (A-%s, h for a hint, q to stop): "
	if !style.hints {
		parse, prompt = quiz.ParseTestLine, "Your answer (A-%s, q to stop): "
	}

	if err := say(report.ShuffleNote(style.seed, th)); err != nil {
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
		var chosen quiz.Line
		for {
			if err := say(th.Command.Render(fmt.Sprintf(prompt, quiz.Letter(len(it.Options)-1)))); err != nil {
				return s.Result(), err
			}
			line, err := lr.ReadLine(ctx)
			if err != nil {
				// End of input or Ctrl-C: end early with the partial score.
				_ = say("\n\n" + style.end(s.Result()))
				if errors.Is(err, io.EOF) {
					return s.Result(), nil
				}
				return s.Result(), err
			}
			if !g.ios.InTTY {
				// Piped input is not echoed; show it so the transcript reads
				// right. A terminal has already echoed the line and its Enter.
				_ = say(strings.TrimSpace(line) + "\n")
			}
			chosen = parse(line, len(it.Options))
			switch {
			case chosen.Action == quiz.ShowHint && style.hints:
				_ = say(report.Wrap(th.Heading.Render("Hint:")+" "+it.Hint, width, "") + "\n")
				continue
			case chosen.Action == quiz.ShowHint:
				noHint := style.noHint
				if noHint == "" {
					noHint = "No hints in the test: it shows what you know. (tokenlab quiz has hints.)"
				}
				_ = say(report.Wrap(noHint, width, "") + "\n")
				continue
			case chosen.Action == quiz.Invalid:
				_ = say(report.StyleLines(th.Bad, report.Wrap(chosen.Problem, width, "")) + "\n")
				continue
			}
			break
		}
		if chosen.Action == quiz.Quit {
			return s.Result(), say("\n" + style.end(s.Result()))
		}
		r, err := s.Answer(chosen.Choice)
		if err != nil {
			return s.Result(), err
		}
		next := "\n"
		if style.feedback {
			next = "\n" + report.Feedback(r, th, width) + "\n"
		}
		if err := say(next); err != nil {
			return s.Result(), err
		}
		if following, idx, ok := s.Current(); ok && style.feedback && g.ios.InTTY &&
			!fits(g.ios.PageHeight(), next, report.Question(following, idx, len(items), th, width)) {
			// The next question would scroll the feedback away: it waits
			// until the learner has read it.
			if err := say(th.Muted.Render("[Enter] next question, [q] stop: ")); err != nil {
				return s.Result(), err
			}
			line, err := lr.ReadLine(ctx)
			if err == nil && strings.EqualFold(strings.TrimSpace(line), "q") {
				return s.Result(), say("\n" + style.end(s.Result()))
			}
			if err != nil {
				_ = say("\n\n" + style.end(s.Result()))
				if errors.Is(err, io.EOF) {
					return s.Result(), nil
				}
				return s.Result(), err
			}
			_ = say("\n")
		}
	}
	return s.Result(), say(style.end(s.Result()))
}
