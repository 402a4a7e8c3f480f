package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tokenlab/tokenlab/quiz"
)

// ShuffleNote says which seed shuffled the quiz, so it can be replayed.
func ShuffleNote(seed *uint64, th Theme) string {
	if seed == nil {
		return ""
	}
	return th.Muted.Render(fmt.Sprintf("Shuffled with seed %d; replay this quiz with --seed %d.", *seed, *seed)) + "\n\n"
}

// Question shows an item: where it is, the stem, code, prompt and options.
func Question(it quiz.Item, idx, total int, th Theme, width int) string {
	noun := "Question"
	if it.Noun != "" {
		noun = it.Noun
	}
	return th.Title.Render(fmt.Sprintf("[%d/%d] %s %d (%s)", idx+1, total, noun, it.Number, it.Difficulty)) + "\n" +
		questionBody(it, th, width)
}

// questionBody is an item's stem, code, prompt and options.
func questionBody(it quiz.Item, th Theme, width int) string {
	var b strings.Builder
	b.WriteString(Wrap(it.Stem, width, "") + "\n")
	if it.Code != "" {
		b.WriteString("\n")
		for _, line := range strings.Split(strings.TrimRight(it.Code, "\n"), "\n") {
			b.WriteString(strings.TrimRight("    "+th.Code.Render(line), " ") + "\n")
		}
	}
	if it.Prompt != "" {
		b.WriteString("\n" + Wrap(it.Prompt, width, "") + "\n")
	}
	b.WriteString("\n")
	for i, opt := range it.Options {
		letter := quiz.Letter(i) + ". "
		b.WriteString(Indent + letter + strings.TrimPrefix(Wrap(opt.Text, width, Indent+"   "), Indent+"   ") + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

// Feedback grades one response: right or wrong, the answer, why the
// chosen option is wrong, the reasoning, the quick check and the mistakes.
func Feedback(r quiz.Response, th Theme, width int) string {
	it := r.Item
	answer := it.AnswerIndex()
	option := func(i int) string { return quiz.Letter(i) + ". " + it.Options[i].Text }
	var b strings.Builder
	switch {
	case r.Correct:
		b.WriteString(Wrap(th.Good.Render("Correct!")+" "+option(answer), width, "") + "\n")
	case r.Chosen < 0:
		b.WriteString(th.Bad.Render("Not answered.") + "\n")
		b.WriteString(Wrap("The answer is "+option(answer), width, "") + "\n")
	default:
		b.WriteString(Wrap(th.Bad.Render("Not quite.")+" You chose "+option(r.Chosen), width, "") + "\n")
		b.WriteString(Wrap("Why not: "+it.Options[r.Chosen].WhyWrong, width, Indent) + "\n")
		b.WriteString(Wrap("The answer is "+option(answer), width, "") + "\n")
	}
	b.WriteString(th.Heading.Render("Why") + "\n")
	for i, step := range it.Reasoning {
		num := fmt.Sprintf("%d. ", i+1)
		b.WriteString(Indent + num + strings.TrimPrefix(Wrap(step, width, Indent+"   "), Indent+"   ") + "\n")
	}
	if it.QuickCheck != "" {
		b.WriteString(Wrap(th.Heading.Render("Quick check:")+" "+it.QuickCheck, width, "") + "\n")
	}
	if len(it.Mistakes) > 0 {
		b.WriteString(th.Heading.Render("Common mistakes") + "\n")
	}
	for _, m := range it.Mistakes {
		b.WriteString(Indent + "- " + strings.TrimPrefix(Wrap(m, width, Indent+"  "), Indent+"  ") + "\n")
	}
	return b.String()
}

// QuizScore is the end of a quiz: the score, by difficulty, and what to retry.
func QuizScore(bank string, res quiz.Result, th Theme) string {
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
		if bank != "" {
			cmd += " --bank " + shellQuote(bank)
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
		b.WriteString(Indent + th.Command.Render(cmd) + "\n")
	case answered > 0 && res.Finished():
		b.WriteString(th.Good.Render("Nothing missed. Well done!") + "\n")
	}
	if !res.Finished() {
		b.WriteString("Run " + th.Command.Render("tokenlab quiz") + " to take the whole quiz.\n")
	}
	return b.String()
}

// AnswerOrBlank is a chosen letter, or (none).
func AnswerOrBlank(letter string) string {
	if letter == "" {
		return "(none)"
	}
	return letter
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

// Clip shortens s to n runes for a completion description.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
