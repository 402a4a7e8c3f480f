package quiz

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update
)

// The exercise's spec: stems, options in order, difficulties and answers.
func TestDefaultBankIsTheExercises(t *testing.T) {
	b := Default()
	type spec struct {
		difficulty, answer string
		stem, code, prompt string
		options            []string
	}
	want := []spec{
		{"easy", "A", "What is the main purpose of a refresh token in a token refresh mechanism?", "", "", []string{
			"To obtain a new access token without asking the user to log in again",
			"To log out the user immediately",
			"To store user passwords securely",
			"To encrypt the access token",
		}},
		{"easy", "C", "Which HTTP method is typically used by clients to send a refresh token to the server for a new access token?", "", "", []string{
			"GET", "PUT", "POST", "DELETE",
		}},
		{"medium", "B", "Consider this simplified server response code snippet handling a refresh token request:",
			"if refresh_token == valid_token:\n    access_token = generate_new_token()\n    return {\"access_token\": access_token, \"status\": 200}\nelse:\n    return {\"error\": \"Invalid refresh token\", \"status\": 401}\n",
			"What will be the output if refresh_token is invalid?", []string{
				`{"access_token": "newtoken123", "status": 200}`,
				`{"error": "Invalid refresh token", "status": 401}`,
				"SyntaxError",
				`{"status": 200}`,
			}},
		{"medium", "D", "A developer wrote this code to refresh tokens but it always returns an error:",
			"def refresh_access_token(refresh_token):\n    if refresh_token = valid_token:\n        return generate_new_token()\n    else:\n        return \"Invalid token\"\n",
			"What is the main error in this code?", []string{
				"Function should not take parameters",
				"Missing return statement in else block",
				"generate_new_token() is undefined",
				"Using assignment (=) instead of comparison (==) in the if condition",
			}},
		{"hard", "A", "You want to implement a token refresh endpoint that rejects refresh tokens if they are expired or revoked. Which approach best ensures security and proper token refresh?", "", "", []string{
			"Store refresh tokens with expiration and revocation status; verify both before issuing new access tokens",
			"Accept any refresh token and always issue a new access token",
			"Only check if the refresh token exists in the database, ignore expiration",
			"Issue new access tokens without any refresh token verification",
		}},
	}
	var got []spec
	for _, q := range b.Questions {
		var opts []string
		for _, o := range q.Options {
			opts = append(opts, o.Text)
		}
		got = append(got, spec{q.Difficulty, Letter(q.Answer()), q.Stem, q.Code, q.Prompt, opts})
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(spec{})); diff != "" {
		t.Errorf("embedded bank differs from the exercise (-want +got):\n%s", diff)
	}
}

// Every wrong option has its reason, exactly one is correct, and every
// explanation is there.
func TestDefaultBankExplainsEverything(t *testing.T) {
	for _, q := range Default().Questions {
		correct := 0
		for i, o := range q.Options {
			if o.Correct {
				correct++
				continue
			}
			if strings.TrimSpace(o.WhyWrong) == "" || strings.Contains(o.WhyWrong, "\n") {
				t.Errorf("question %d option %s: why_wrong must be one line, got %q", q.Number, Letter(i), o.WhyWrong)
			}
		}
		if correct != 1 {
			t.Errorf("question %d has %d correct options", q.Number, correct)
		}
		if q.Hint == "" || q.QuickCheck == "" || len(q.Reasoning) < 2 || len(q.Mistakes) < 2 {
			t.Errorf("question %d lacks a hint, quick check, reasoning or mistakes", q.Number)
		}
		// Letters move under --shuffle, so explanations must not name them.
		for _, text := range append(append([]string{q.Hint, q.QuickCheck}, q.Reasoning...), q.Mistakes...) {
			for _, l := range []string{"Option A", "Option B", "Option C", "Option D", "Options A", "option A", "(A)", "(B)", "(C)", "(D)"} {
				if strings.Contains(text, l) {
					t.Errorf("question %d names %q in %q", q.Number, l, text)
				}
			}
		}
	}
}

func TestLoadRejectsBadBanks(t *testing.T) {
	const good = `questions:
  - id: one
    difficulty: easy
    stem: Pick one.
    options:
      - text: right
        correct: true
      - text: wrong
        why_wrong: because
`
	tests := []struct {
		name, bank, want string
	}{
		{"broken YAML", "questions:\n  - id: a\n    stem: b: c\n", "bank.yaml:3: mapping values are not allowed in this context"},
		{"unclosed quote", "questions:\n  - id: a\n    stem: \"abc\n", "bank.yaml:3: found unexpected end of stream"},
		{"tab indent", "questions:\n\t- id: x\n", "bank.yaml:2: found character that cannot start any token"},
		{"unknown field", strings.Replace(good, "    stem:", "    colour: red\n    stem:", 1), "bank.yaml:4: field colour not found in type quiz.Question"},
		{"unknown top-level field", "title: x\n" + good, "bank.yaml:1: field title not found in type quiz.Bank"},
		{"no correct option", strings.Replace(good, "        correct: true\n", "        why_wrong: x\n", 1), "bank.yaml:2: question 1: has 0 correct options; exactly one must be correct: true"},
		{"two correct options", strings.Replace(good, "        why_wrong: because\n", "        correct: true\n", 1), "bank.yaml:2: question 1: has 2 correct options; exactly one must be correct: true"},
		{"one option", strings.Replace(good, "      - text: wrong\n        why_wrong: because\n", "", 1), "bank.yaml:2: question 1: has 1 option(s); a question needs at least 2"},
		{"duplicate id", good + strings.TrimPrefix(good, "questions:\n"), `bank.yaml:10: question 2: duplicate id "one" (question 1 has it too)`},
		{"unknown difficulty", strings.Replace(good, "easy", "tricky", 1), `bank.yaml:2: question 1: unknown difficulty "tricky"; difficulties are easy, medium, hard`},
		{"wrong option without reason", strings.Replace(good, "        why_wrong: because\n", "", 1), "bank.yaml:8: question 1: option B is wrong and needs a why_wrong: one line on why"},
		{"no questions", "questions: []\n", "bank.yaml:1: no questions; a bank needs a questions: list with at least one question"},
		{"empty file", "", "bank.yaml: empty file; a bank needs a questions: list"},
		{"not a mapping", "- a\n- b\n", "bank.yaml:1: cannot unmarshal !!seq into quiz.Bank"},
		{"wrong type", strings.Replace(good, "correct: true", "correct: maybe", 1), "bank.yaml:7: cannot unmarshal !!str `maybe` into bool"},
		{"an alias", "x: &s long text\n" + strings.Replace(good, "stem: Pick one.", "stem: *s", 1), "bank.yaml:5: a YAML alias (*s); a bank may not use anchors and aliases: write each value out"},
		{"too many options", strings.Replace(good, "      - text: wrong\n", strings.Repeat("      - text: w\n        why_wrong: x\n", 7)+"      - text: wrong\n", 1), "bank.yaml:2: question 1: has 9 options; at most 7 (A to G), so h and q stay free for hint and quit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("bank.yaml", []byte(tt.bank))
			if err == nil {
				t.Fatalf("Load accepted:\n%s", tt.bank)
			}
			if err.Error() != tt.want {
				t.Errorf("Load error\n got: %s\nwant: %s", err, tt.want)
			}
		})
	}
	if _, err := Load("bank.yaml", []byte(good)); err != nil {
		t.Errorf("Load(good) = %v", err)
	}
}

// An alias that would stand for a huge document is refused before anything
// expands it: a 100 by 100 "billion laughs" bank is an error at once.
func TestLoadRefusesAliasesBeforeExpandingThem(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 " + strings.Repeat("x", 1000) + "\n")
	for i := 1; i < 100; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := range 100 {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("questions: *a99\n")
	_, err := Load("bomb.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "a YAML alias (*a0); a bank may not use anchors and aliases") {
		t.Errorf("Load(bomb) = %v", err)
	}
	if _, err := Load("big.yaml", make([]byte, MaxBankBytes+1)); err == nil || err.Error() != "big.yaml: larger than 4 MiB, the most a bank may be" {
		t.Errorf("Load(4 MiB + 1) = %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(bankYAML)
	f.Add(testYAML)
	f.Add([]byte("questions:\n  - id: a\n    difficulty: easy\n    stem: s\n    options: [{text: x, correct: true}, {text: y, why_wrong: z}]\n"))
	f.Add([]byte("questions: [{}]"))
	f.Add([]byte("questions:\n  - options:\n    - 1\n"))
	f.Add([]byte("&a [*a]"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Load("f.yaml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			return
		}
		for _, q := range b.Questions {
			if a := q.Answer(); a < 0 || len(q.Options) < 2 || len(q.Options) > MaxOptions {
				t.Errorf("accepted question %d with answer %d and %d options", q.Number, a, len(q.Options))
			}
		}
	})
}

// Found by FuzzLoad: YAML quoted a value that spans lines in its error.
func TestLoadErrorIsOneLineForMultilineValues(t *testing.T) {
	_, err := Load("b.yaml", []byte("0\n\n000"))
	if err == nil || err.Error() != "b.yaml:1: cannot unmarshal !!str `0\\n000` into quiz.Bank" {
		t.Errorf("error = %q", err)
	}
}
