package quiz

import (
	"fmt"
	"testing"
)

func TestStrong(t *testing.T) {
	items := InOrder(TestBank().Questions) // hard: questions 5, 9 and 10
	answerKey := make([]int, len(items))
	for i, it := range items {
		answerKey[i] = it.AnswerIndex()
	}
	wrong := func(i int) int { return (answerKey[i] + 1) % len(items[i].Options) }
	run := func(choices []int) Result {
		s := NewSession(items)
		for _, c := range choices {
			if _, err := s.Answer(c); err != nil {
				t.Fatal(err)
			}
		}
		return s.Result()
	}
	with := func(change map[int]int) []int {
		c := append([]int(nil), answerKey...)
		for i, v := range change {
			c[i] = v
		}
		return c
	}
	tests := []struct {
		name    string
		choices []int
		want    bool
	}{
		{"all right", answerKey, true},
		{"8 right, two easy missed", with(map[int]int{0: wrong(0), 5: wrong(5)}), true},
		{"8 right, one left unanswered", with(map[int]int{1: -1, 6: wrong(6)}), true},
		{"7 right", with(map[int]int{0: wrong(0), 1: wrong(1), 2: wrong(2)}), false},
		{"9 right but a hard one missed", with(map[int]int{9: wrong(9)}), false},
		{"stopped early after 9 right", answerKey[:9], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Strong(run(tt.choices)); got != tt.want {
				t.Errorf("Strong = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAnswerAll(t *testing.T) {
	items := InOrder(Default().Questions)
	res, err := AnswerAll(items, []int{0, 2, 1, -1, 3})
	if err != nil || res.Score() != 3 || !res.Finished() {
		t.Errorf("AnswerAll = score %d, finished %v, %v; want 3, true, nil", res.Score(), res.Finished(), err)
	}
	if _, err := AnswerAll(items, []int{0, 9}); err == nil {
		t.Error("AnswerAll accepted option 9 of a four-option question")
	}
}

// The rule, written out, states the score and the test's size the verdict
// uses.
func TestVerdictRuleStatesTheNumbers(t *testing.T) {
	want := fmt.Sprintf("strong means at least %d of the %d questions right, every hard question among them; a test stopped early is not judged strong", PassScore, TestSize)
	if VerdictRule != want {
		t.Errorf("VerdictRule = %q, want %q", VerdictRule, want)
	}
}
