package report

import (
	"io"
	"slices"

	"github.com/tokenlab/tokenlab/quiz"
)

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

// QuizJSON is `quiz --answers ... --format json`: the score and each
// question in bank order; seed is the shuffle's, or nil.
func QuizJSON(w io.Writer, res quiz.Result, seed *uint64) error {
	out := quizJSON{Score: res.Score(), Total: res.Total, Seed: seed, Questions: questionsJSON(res)}
	return writeJSON(w, out)
}

// questionsJSON is each response in bank order, whatever order they were
// asked in.
func questionsJSON(res quiz.Result) []questionJSON {
	responses := slices.Clone(res.Responses)
	slices.SortFunc(responses, func(a, b quiz.Response) int { return a.Item.Number - b.Item.Number })
	out := []questionJSON{}
	for _, r := range responses {
		out = append(out, questionJSON{
			Number: r.Item.Number, ID: r.Item.ID, Difficulty: r.Item.Difficulty,
			Chosen: r.ChosenLetter(), Answer: quiz.Letter(r.Item.AnswerIndex()), Correct: r.Correct,
		})
	}
	return out
}
