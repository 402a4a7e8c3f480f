package lesson

import (
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
	tests := map[string]string{
		"unknown field":   "title: x\ncolour: red\n",
		"too few steps":   "title: x\nsteps:\n  - {title: a, task: b, hint: c}\n",
		"step lacks hint": "steps:\n" + strings.Repeat("  - {title: a, task: b}\n", 4),
	}
	for name, doc := range tests {
		if _, err := parseLesson([]byte(doc)); err == nil {
			t.Errorf("%s: parseLesson accepted %q", name, doc)
		}
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
