package quiz

// PassScore is the least score of a strong test.
const PassScore = 8

// VerdictRule is the rule Strong applies, as `tokenlab test --help` states it.
// It is written out, not formatted as every command starts; a test holds
// it to PassScore and TestSize.
const VerdictRule = "strong means at least 8 of the 10 questions right, every hard question among them; a test stopped early is not judged strong"

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
