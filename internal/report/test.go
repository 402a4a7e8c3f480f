package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tokenlab/tokenlab/quiz"
)

// TestResult is the end of `tokenlab test`: the score by difficulty, the
// verdict with its rule, then each missed question with its explanation,
// the feedback the test held back until now.
func TestResult(res quiz.Result, th Theme, width int) string {
	var b strings.Builder
	strong := quiz.Strong(res)
	b.WriteString(th.Title.Render(fmt.Sprintf("Test score: %d/%d", res.Score(), res.Total)))
	if !res.Finished() {
		b.WriteString(fmt.Sprintf(" (stopped early: %d of %d not reached)", res.Total-len(res.Responses), res.Total))
	}
	b.WriteString("\n")
	var parts []string
	for _, t := range res.ByDifficulty() {
		parts = append(parts, fmt.Sprintf("%s %d/%d", t.Difficulty, t.Correct, t.Total))
	}
	if len(parts) > 0 {
		b.WriteString("By difficulty: " + strings.Join(parts, ", ") + "\n")
	}
	if strong {
		b.WriteString(th.Good.Render("Verdict: strong.") + " You know this pattern.\n")
	} else {
		b.WriteString(th.Bad.Render("Verdict: not yet strong.") + "\n")
	}
	b.WriteString(Wrap(th.Muted.Render("The rule: "+quiz.VerdictRule+"."), width, "") + "\n")

	missed := slices.DeleteFunc(slices.Clone(res.Responses), func(r quiz.Response) bool { return r.Correct })
	slices.SortFunc(missed, func(a, b quiz.Response) int { return a.Item.Number - b.Item.Number })
	for _, r := range missed {
		b.WriteString("\n" + th.Title.Render(fmt.Sprintf("Question %d (%s), missed", r.Item.Number, r.Item.Difficulty)) + "\n")
		b.WriteString(questionBody(r.Item, th, width) + Feedback(r, th, width))
	}
	if !res.Finished() {
		b.WriteString("\nRun " + th.Command.Render("tokenlab test") + " to take the whole test.\n")
	} else if !strong {
		b.WriteString("\nPractise with " + th.Command.Render("tokenlab quiz") + ", then take " + th.Command.Render("tokenlab test") + " again.\n")
	}
	return b.String()
}

// testJSON is `test --answers … --format json`.
type testJSON struct {
	Score        int            `json:"score"`
	Total        int            `json:"total"`
	Verdict      string         `json:"verdict"`
	Rule         string         `json:"rule"`
	Difficulties []tallyJSON    `json:"difficulties"`
	Seed         *uint64        `json:"seed,omitempty"`
	Questions    []questionJSON `json:"questions"`
}

type tallyJSON struct {
	Difficulty string `json:"difficulty"`
	Correct    int    `json:"correct"`
	Total      int    `json:"total"`
}

// Verdicts of the test as JSON gives them.
const (
	VerdictStrong    = "strong"
	VerdictNotStrong = "not_yet_strong"
)

// TestJSON is `test --answers ... --format json`: score, verdict, the
// difficulties and each question in bank order; seed is the shuffle's, or nil.
func TestJSON(w io.Writer, res quiz.Result, seed *uint64) error {
	out := testJSON{Score: res.Score(), Total: res.Total, Verdict: VerdictNotStrong, Rule: quiz.VerdictRule,
		Difficulties: []tallyJSON{}, Seed: seed, Questions: questionsJSON(res)}
	if quiz.Strong(res) {
		out.Verdict = VerdictStrong
	}
	for _, t := range res.ByDifficulty() {
		out.Difficulties = append(out.Difficulties, tallyJSON{t.Difficulty, t.Correct, t.Total})
	}
	return writeJSON(w, out)
}

// TestIntro says what the test is and how it is scored, before its first
// question.
func TestIntro(width int) string {
	th := NewTheme()
	return th.Title.Render("Test this pattern") + "\n" + Wrap(fmt.Sprintf("%d questions across easy, medium and hard, "+
		"with no feedback until the end; then your score, each question you missed with why, and a verdict: %s.",
		quiz.TestSize, quiz.VerdictRule), width, "") + "\n\n"
}
