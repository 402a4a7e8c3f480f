package quiz

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tokenlab/tokenlab/lesson"
)

// The test is the five practice questions, unchanged and first, then five
// of ours, across every difficulty.
func TestTestBankIsPracticeThenOurs(t *testing.T) {
	b := TestBank()
	if len(b.Questions) != TestSize {
		t.Fatalf("the test has %d questions, want %d", len(b.Questions), TestSize)
	}
	practice := Default().Questions
	if diff := cmp.Diff(practice, b.Questions[:len(practice)]); diff != "" {
		t.Errorf("the test's first questions are not the practice questions (-practice +test):\n%s", diff)
	}
	var got []string
	for i, q := range b.Questions {
		if q.Number != i+1 {
			t.Errorf("question %q is number %d, want %d", q.ID, q.Number, i+1)
		}
		got = append(got, q.Difficulty+" "+Letter(q.Answer())+" "+q.ID)
	}
	want := []string{
		"easy A refresh-purpose", "easy C refresh-http-method", "medium B invalid-refresh-response",
		"medium D assignment-in-condition", "hard A expiry-and-revocation",
		"easy A boundary-equal-expiry", "medium B carol-after-step-4", "medium C invalid-grant-status",
		"hard D rotation-reuse", "hard B concurrent-refresh",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the test's questions (-want +got):\n%s", diff)
	}
}

// The two questions about the exercise's own program have the answers the
// lesson's model of it gives, so the content cannot drift from the rule.
func TestTestBankAgreesWithTheLesson(t *testing.T) {
	answer := func(id string) string {
		for _, q := range TestBank().Questions {
			if q.ID == id {
				return q.Options[q.Answer()].Text
			}
		}
		t.Fatalf("no question %q", id)
		return ""
	}
	entry := func(e lesson.Entry) string {
		return fmt.Sprintf("{'token': '%s', 'expiry': %d}", e.Token, e.Expiry)
	}

	alice, _ := lesson.InitialTokens().Lookup("alice")
	after, refreshed := lesson.RefreshToken(alice, alice.Expiry)
	if refreshed || answer("boundary-equal-expiry") != entry(after) {
		t.Errorf("boundary-equal-expiry: answer %q, but the lesson leaves %s (refreshed %v)", answer("boundary-equal-expiry"), entry(after), refreshed)
	}

	tr, err := lesson.Simulate(lesson.StepCount, lesson.DefaultTime, nil)
	if err != nil {
		t.Fatal(err)
	}
	carol, _ := tr.After.Lookup("carol")
	if answer("carol-after-step-4") != entry(carol) {
		t.Errorf("carol-after-step-4: answer %q, but after step 4 carol is %s", answer("carol-after-step-4"), entry(carol))
	}
}

// tokenlab's own banks must explain every question; an instructor's bank
// (Load) may leave the explanations out.
func TestLoadCompleteRejectsAQuestionMissingAnyPart(t *testing.T) {
	const complete = `questions:
  - id: one
    difficulty: easy
    stem: Pick one.
    options:
      - text: right
        correct: true
      - text: wrong
        why_wrong: because
    hint: Look closely.
    reasoning:
      - It is right.
    quick_check: Right is right.
    mistakes:
      - Picking wrong
`
	tests := []struct{ name, from, to, want string }{
		{"no hint", "    hint: Look closely.\n", "", "bank.yaml:2: question 1: needs a hint: one line that points the way without giving the answer"},
		{"blank hint", "Look closely.", "' '", "bank.yaml:2: question 1: needs a hint"},
		{"no reasoning", "    reasoning:\n      - It is right.\n", "", "bank.yaml:2: question 1: needs reasoning: a list of the steps to the answer, none blank"},
		{"a blank reasoning step", "      - It is right.\n", "      - It is right.\n      - ''\n", "bank.yaml:2: question 1: needs reasoning"},
		{"no quick check", "    quick_check: Right is right.\n", "", "bank.yaml:2: question 1: needs a quick_check: one line to remember"},
		{"no mistakes", "    mistakes:\n      - Picking wrong\n", "", "bank.yaml:2: question 1: needs mistakes: a list of the common mistakes, none blank"},
		{"wrong option without reason", "        why_wrong: because\n", "", "bank.yaml:8: question 1: option B is wrong and needs a why_wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bank := strings.Replace(complete, tt.from, tt.to, 1)
			if bank == complete {
				t.Fatalf("%q is not in the bank", tt.from)
			}
			_, err := LoadComplete("bank.yaml", []byte(bank))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("LoadComplete error = %v, want %q", err, tt.want)
			}
			if tt.name != "wrong option without reason" {
				if _, err := Load("bank.yaml", []byte(bank)); err != nil {
					t.Errorf("Load rejected an instructor's bank without explanations: %v", err)
				}
			}
		})
	}
	if _, err := LoadComplete("bank.yaml", []byte(complete)); err != nil {
		t.Errorf("LoadComplete(complete) = %v", err)
	}
}

// In the test's own five questions, the length of an option does not
// point at the key: the one longest option is the key at most once.
// (Always picking the longest option scored 8/10 when 9 and 10 gave
// themselves away so.)
func TestLongestOptionIsRarelyTheKey(t *testing.T) {
	b := TestBank()
	own := b.Questions[len(Default().Questions):]
	keyLongest := 0
	for _, q := range own {
		longest, unique := -1, true
		for i, o := range q.Options {
			switch {
			case longest < 0 || len([]rune(o.Text)) > len([]rune(q.Options[longest].Text)):
				longest, unique = i, true
			case len([]rune(o.Text)) == len([]rune(q.Options[longest].Text)):
				unique = false
			}
		}
		if unique && longest == q.Answer() {
			keyLongest++
			t.Logf("%s: the key is the longest option", q.ID)
		}
	}
	if keyLongest > 1 {
		t.Errorf("in %d of the test's own questions the key is the one longest option; at most 1", keyLongest)
	}
}
