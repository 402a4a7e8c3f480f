package lesson

import (
	"os"
	"strings"
	"testing"
)

func TestContentHasTheExercisesSteps(t *testing.T) {
	l := Content()
	wantTitles := []string{
		"Create the initial tokens dictionary",
		"Set the current time",
		"Write the token refresh function",
		"Print the refreshed token",
	}
	for i, s := range l.Steps {
		if s.Number != i+1 || s.Title != wantTitles[i] {
			t.Errorf("step %d = %d %q, want %d %q", i+1, s.Number, s.Title, i+1, wantTitles[i])
		}
	}
	// The tasks are the exercise's spec; these fragments must survive edits.
	for step, fragment := range map[int]string{
		1: "'alice': {'token': 'abc123', 'expiry': 100}, 'bob': {'token': 'def456', 'expiry': 200}, and 'carol': {'token': 'ghi789', 'expiry': 50}.",
		2: "Create a variable called current_time and set it to 120",
		3: "tokens[user]['expiry'] to current_time + 100. Otherwise, do nothing.",
		4: `print the string "Refreshed token for alice: " followed by tokens['alice']['token'].`,
	} {
		if got := l.Steps[step-1].Task; !strings.Contains(got, fragment) {
			t.Errorf("step %d task %q lacks %q", step, got, fragment)
		}
	}
}

func TestParseLessonRejectsBadContent(t *testing.T) {
	const bridge = "to_real_api: [p]\n"
	step := "  - {title: a, task: b, task_go: c, hints: [d, e]}\n"
	tests := map[string]struct{ doc, wantErr string }{
		"unknown field":     {"title: x\ncolour: red\n", "colour"},
		"too few steps":     {bridge + "steps:\n" + step, "1 steps, want 4"},
		"step lacks hints":  {bridge + "steps:\n" + strings.Repeat("  - {title: a, task: b, task_go: c}\n", 4), "step 1 needs"},
		"one hint":          {bridge + "steps:\n" + strings.Repeat("  - {title: a, task: b, task_go: c, hints: [d]}\n", 4), "two to 3 hints"},
		"four hints":        {bridge + "steps:\n" + strings.Repeat("  - {title: a, task: b, task_go: c, hints: [d, e, f, g]}\n", 4), "two to 3 hints"},
		"an empty hint":     {bridge + "steps:\n" + strings.Repeat("  - {title: a, task: b, task_go: c, hints: [d, '']}\n", 4), "two to 3 hints"},
		"no to_real_api":    {"steps:\n" + strings.Repeat(step, 4), "to_real_api"},
		"empty to_real_api": {"to_real_api: []\nsteps:\n" + strings.Repeat(step, 4), "to_real_api"},
	}
	for name, tt := range tests {
		_, err := parseLesson([]byte(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: parseLesson(%q) = %v, want an error about %q", name, tt.doc, err, tt.wantErr)
		}
	}
	if _, err := parseLesson([]byte(bridge + "steps:\n" + strings.Repeat(step, 4))); err != nil {
		t.Errorf("parseLesson rejected complete content: %v", err)
	}
}

func TestStepByNumber(t *testing.T) {
	if s, err := StepByNumber(3); err != nil || s.Title != "Write the token refresh function" {
		t.Errorf("StepByNumber(3) = %q, %v", s.Title, err)
	}
	for _, n := range []int{0, 5, -1} {
		if _, err := StepByNumber(n); err == nil {
			t.Errorf("StepByNumber(%d) did not fail", n)
		}
	}
}

// The Go task names what the Go reference solution uses, and the Python
// task what the Python one does.
func TestTasksNameTheSolutionsIdentifiers(t *testing.T) {
	names := map[Language][]string{
		Go:     {"tokens", "currentTime", "refreshToken", "Expiry", "Token"},
		Python: {"tokens", "current_time", "refresh_token", "'expiry'", "'token'"},
	}
	for lang, words := range names {
		code, err := Solution(StepCount, lang)
		if err != nil {
			t.Fatal(err)
		}
		var tasks strings.Builder
		for _, s := range Content().Steps {
			tasks.WriteString(s.TaskIn(lang) + "\n")
		}
		for _, w := range words {
			if !strings.Contains(tasks.String(), w) || !strings.Contains(code, w) {
				t.Errorf("%s: %q is not in both the tasks and the solution", lang, w)
			}
		}
	}
	if strings.Contains(Content().Steps[2].TaskIn(Go), "current_time") {
		t.Error("the Go task names Python's current_time")
	}
}

// The README shows "From the exercise to a real API" as step 4 does; an edit
// to one must reach the other.
func TestREADMEHasTheRealAPISection(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(readme)), " ")
	if !strings.Contains(flat, "## From the exercise to a real API") {
		t.Error(`README lacks the heading "## From the exercise to a real API"`)
	}
	for i, p := range Content().ToRealAPI {
		if !strings.Contains(flat, strings.Join(strings.Fields(p), " ")) {
			t.Errorf("README lacks to_real_api paragraph %d: %q", i+1, p)
		}
	}
}

// The exercise's own words stand as the source has them: the title, the
// scenario, the goal, what you'll learn and the tasks.
func TestSourceWordsStandAsWritten(t *testing.T) {
	l := Content()
	exact := map[string][2]string{
		"title":    {l.Title, "Token refresh mechanism in Rest API"},
		"scenario": {l.Scenario, "You are building a simple REST API that uses tokens to allow users to access protected resources. Tokens expire after some time, so you need a way to refresh them without asking the user to log in again."},
		"goal":     {l.Goal, "Create a token refresh mechanism that checks if the current token is expired and issues a new token if needed."},
		"learn 4":  {l.Learn[3], "Print the refreshed token or a message if the token is still valid"},
		"task 1":   {l.Steps[0].Task, "Create a dictionary called tokens with these exact entries: 'alice': {'token': 'abc123', 'expiry': 100}, 'bob': {'token': 'def456', 'expiry': 200}, and 'carol': {'token': 'ghi789', 'expiry': 50}."},
		"task 2":   {l.Steps[1].Task, "Create a variable called current_time and set it to 120 to represent the current time."},
		"task 3":   {l.Steps[2].Task, "Write a function called refresh_token that takes a parameter user. Inside the function, check if tokens[user]['expiry'] is less than current_time. If yes, update tokens[user]['token'] to 'newtoken123' and tokens[user]['expiry'] to current_time + 100. Otherwise, do nothing."},
		"task 4":   {l.Steps[3].Task, `Call refresh_token for the user 'alice'. Then print the string "Refreshed token for alice: " followed by tokens['alice']['token'].`},
	}
	for name, pair := range exact {
		if pair[0] != pair[1] {
			t.Errorf("%s = %q, want the source's %q", name, pair[0], pair[1])
		}
	}
}

// Hints go from a nudge to the answer: the first names no value, operator
// or line of the solution, and none is the source's hint reworded.
func TestHintsStartWithANudge(t *testing.T) {
	source := []string{
		"Use a dictionary with usernames as keys and another dictionary as values holding 'token' and 'expiry'.",
		"Just assign the number 120 to the variable current_time.",
		"Use an if statement to compare expiry with current_time and update the token and expiry if expired.",
		"Call the function with 'alice' and print the message with the updated token.",
	}
	for i, s := range Content().Steps {
		first, _ := s.Hint(1)
		for _, code := range []string{"=", "<", "120", "abc123", "newtoken123", "Refreshed token", "print(", "'token'", "+ 100"} {
			if strings.Contains(first, code) {
				t.Errorf("step %d's first hint gives away %q: %s", s.Number, code, first)
			}
		}
		for level, h := range s.Hints {
			if r := wordOverlap(h, source[i]); r > 0.6 {
				t.Errorf("step %d hint %d shares %.2f of its words with the source's hint: %s", s.Number, level+1, r, h)
			}
		}
	}
	if _, err := Content().Steps[0].Hint(0); err == nil {
		t.Error("Hint(0) gave no error")
	}
	if _, err := Content().Steps[0].Hint(len(Content().Steps[0].Hints) + 1); err == nil {
		t.Error("a hint past the last gave no error")
	}
}

// wordOverlap is the share of b's words, other than the commonest, that a
// also has.
func wordOverlap(a, b string) float64 {
	common := map[string]bool{"the": true, "a": true, "and": true, "with": true, "to": true, "of": true, "if": true, "is": true, "as": true}
	words := func(s string) []string {
		var out []string
		for _, w := range strings.Fields(strings.ToLower(s)) {
			if w = strings.Trim(w, ".,:;'\"()"); !common[w] {
				out = append(out, w)
			}
		}
		return out
	}
	have := map[string]bool{}
	for _, w := range words(a) {
		have[w] = true
	}
	n := 0
	for _, w := range words(b) {
		if have[w] {
			n++
		}
	}
	return float64(n) / float64(len(words(b)))
}

// MaxHints, hint's highest --level, is the most any step has: no level it
// accepts is out of every step's reach.
func TestMaxHintsIsTheMostAStepHas(t *testing.T) {
	most := 0
	for _, s := range Content().Steps {
		most = max(most, len(s.Hints))
	}
	if most != MaxHints {
		t.Errorf("the most hints a step has is %d; MaxHints is %d", most, MaxHints)
	}
}
