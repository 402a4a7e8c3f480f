package lesson

import (
	"embed"
	"fmt"
)

//go:embed solutions/python/*.py solutions/go/*/main.go
var solutionFiles embed.FS

// Lesson is the exercise's prose: what the overview and the steps show.
type Lesson struct {
	Title     string   `yaml:"title"`
	Summary   string   `yaml:"summary"`
	Scenario  string   `yaml:"scenario"`
	Goal      string   `yaml:"goal"`
	Learn     []string `yaml:"learn"`
	RealWorld string   `yaml:"real_world"`
	ToRealAPI []string `yaml:"to_real_api"` // paragraphs, shown once step 4 is done
	Career    string   `yaml:"career"`
	Steps     []Step   `yaml:"steps"`
}

// Step is one build step. Number counts from 1.
type Step struct {
	Number int    `yaml:"-"`
	Title  string `yaml:"title"`
	Task   string `yaml:"task"`
	TaskGo string `yaml:"task_go"` // the task with the Go solution's names
	// Hints go from a nudge to nearly the answer: the first never gives the
	// code away, so a learner can ask for as little help as they need.
	Hints []string `yaml:"hints"`
}

// TaskIn is the step's task with the names a solution in lang uses:
// tokens[user]['expiry'] in Python, tokens[user].Expiry in Go.
func (s Step) TaskIn(lang Language) string {
	if lang == Go {
		return s.TaskGo
	}
	return s.Task
}

// Content returns the lesson: content/lesson.yaml, checked and written
// out as Go (content_gen.go) by `go test ./lesson -update`, which fails
// while the two differ. Decoding the YAML at run time cost the commands
// that show the lesson ~2 ms of a ~21 ms start (`tokenlab step 1`, here).
func Content() Lesson { return lessonContent }

// MaxHints is the most hints a step has (the content's test holds every
// step to it): hint's --level goes up to it.
const MaxHints = 3

// Hint is hint level (1 to len(Hints)) of the step.
func (s Step) Hint(level int) (string, error) {
	if level < 1 || level > len(s.Hints) {
		return "", fmt.Errorf("step %d has hints 1 to %d, not %d", s.Number, len(s.Hints), level)
	}
	return s.Hints[level-1], nil
}

// StepByNumber returns step n (1 to StepCount).
func StepByNumber(n int) (Step, error) {
	if n < 1 || n > StepCount {
		return Step{}, fmt.Errorf("no step %d; steps are 1 to %d", n, StepCount)
	}
	return Content().Steps[n-1], nil
}

// Language is a language a reference solution is written in.
type Language string

// The languages of the reference solutions.
const (
	Python Language = "python"
	Go     Language = "go"
)

// Languages lists the languages of the reference solutions, the exercise's first.
func Languages() []Language { return []Language{Python, Go} }

// Solution returns the reference solution for steps 1..step in lang: a whole
// program that does everything up to and including that step.
func Solution(step int, lang Language) (string, error) {
	if step < 1 || step > StepCount {
		return "", fmt.Errorf("no step %d; steps are 1 to %d", step, StepCount)
	}
	var name string
	switch lang {
	case Python:
		name = fmt.Sprintf("solutions/python/step%d.py", step)
	case Go:
		name = fmt.Sprintf("solutions/go/step%d/main.go", step)
	default:
		return "", fmt.Errorf("unknown language %q; languages are python, go", lang)
	}
	b, err := solutionFiles.ReadFile(name)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
