package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/tokenlab/tokenlab/lesson/drill"
	"github.com/tokenlab/tokenlab/quiz"
)

// PredictIntro says what predict's drills are, before the first one.
func PredictIntro(count int, width int) string {
	th := NewTheme()
	return th.Title.Render("Predict the result") + "\n" + Wrap(fmt.Sprintf("%d drills: each shows tokens, current_time and calls of "+
		"refresh_token; say what an entry holds afterwards. The rule: a token has expired when its expiry is less than current_time; "+
		"refresh_token renews only an expired token, to newtoken123 expiring at current_time + 100. Type a letter, or q to stop.", count), width, "") + "\n\n"
}

// PredictScore is the end of a set of drills: the score, by kind, and how
// to replay the same set.
func PredictScore(res quiz.Result, seed uint64, th Theme, width int) string {
	var b strings.Builder
	b.WriteString(th.Heading.Render(fmt.Sprintf("Score: %d/%d", res.Score(), res.Total)))
	if !res.Finished() {
		b.WriteString(fmt.Sprintf(" answered (%d of %d not reached)", res.Total-len(res.Responses), res.Total))
	}
	b.WriteString("\n")
	var kinds []string
	for _, k := range drill.Kinds {
		right, asked := 0, 0
		for _, r := range res.Responses {
			if r.Item.Difficulty == k {
				asked++
				if r.Correct {
					right++
				}
			}
		}
		if asked > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d/%d", k, right, asked))
		}
	}
	if len(kinds) > 0 {
		b.WriteString(Wrap("By kind: "+strings.Join(kinds, ", "), width, "") + "\n")
	}
	again := fmt.Sprintf("tokenlab predict --seed %d", seed)
	if res.Total != drill.DefaultCount {
		again += fmt.Sprintf(" --count %d", res.Total)
	}
	b.WriteString(Next(th, width, "Again:", again, "(the same drills)"))
	b.WriteString(Next(th, width, "Or:", "tokenlab predict", "(new ones)"))
	return b.String()
}

type predictJSON struct {
	Score  int         `json:"score"`
	Total  int         `json:"total"`
	Seed   uint64      `json:"seed"`
	Drills []drillJSON `json:"drills"`
}

type drillJSON struct {
	Number  int    `json:"number"`
	Kind    string `json:"kind"`
	Chosen  string `json:"chosen"` // "" when not answered
	Answer  string `json:"answer"`
	Correct bool   `json:"correct"`
}

// PredictJSON is a set of drills for scripts: the score and each drill.
func PredictJSON(w io.Writer, res quiz.Result, seed uint64) error {
	out := predictJSON{Score: res.Score(), Total: res.Total, Seed: seed, Drills: []drillJSON{}}
	for _, q := range questionsJSON(res) {
		out.Drills = append(out.Drills, drillJSON{Number: q.Number, Kind: q.Difficulty, Chosen: q.Chosen, Answer: q.Answer, Correct: q.Correct})
	}
	return writeJSON(w, out)
}
