package quiz

import "fmt"

// PassScore is the least score of a strong test.
const PassScore = 8

// VerdictRule is the rule Strong applies, as `tokenlab test --help` states it.
var VerdictRule = fmt.Sprintf("strong means at least %d of the %d questions right, every hard question among them; a test stopped early is not judged strong", PassScore, TestSize)

// Strong is the test's verdict: a finished test with at least PassScore
// right and no hard question missed. A hard question tests the pattern in
// a real server, so a score made of easy ones alone is not enough.
func Strong(res Result) bool {
	if !res.Finished() || res.Score() < PassScore {
		return false
	}
	for _, r := range res.Responses {
		if r.Item.Difficulty == "hard" && !r.Correct {
			return false
		}
	}
	return true
}
