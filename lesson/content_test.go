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
	step := "  - {title: a, task: b, task_go: c, hint: d}\n"
	tests := map[string]struct{ doc, wantErr string }{
		"unknown field":     {"title: x\ncolour: red\n", "colour"},
		"too few steps":     {bridge + "steps:\n" + step, "1 steps, want 4"},
		"step lacks hint":   {bridge + "steps:\n" + strings.Repeat("  - {title: a, task: b, task_go: c}\n", 4), "step 1 needs"},
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
