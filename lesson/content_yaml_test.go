package lesson

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/internal/golit"
	"go.yaml.in/yaml/v3"
)

//go:embed content/lesson.yaml
var lessonYAML []byte

// contentFile is where the lesson is written out as Go.
const contentFile = "content_gen.go"

// The lesson tokenlab shows is content/lesson.yaml as parseLesson reads
// and checks it: `go test ./lesson -update` writes it to content_gen.go,
// and this fails while the file and the YAML differ.
func TestContentIsTheYAML(t *testing.T) {
	l, err := parseLesson(lessonYAML)
	if err != nil {
		t.Fatal(err)
	}
	src, err := golit.File("go test ./lesson -update from content/lesson.yaml", "lesson",
		golit.Var{Name: "lessonContent", Doc: "lessonContent is content/lesson.yaml.", Value: l})
	if err != nil {
		t.Fatal(err)
	}
	golden.AssertFile(t, contentFile, src)
	if golden.Updating() {
		return // what is compiled in is the file as it was
	}
	if diff := cmp.Diff(l, Content()); diff != "" {
		t.Errorf("Content() against the YAML (-YAML +built in):\n%s", diff)
	}
}

// parseLesson decodes the lesson strictly and checks what every screen
// relies on: a bridge to a real API, four steps, each with a title, both
// tasks and two to MaxHints hints.
func parseLesson(data []byte) (Lesson, error) {
	var l Lesson
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil {
		return Lesson{}, fmt.Errorf("lesson content: %w", err)
	}
	if len(l.ToRealAPI) == 0 {
		return Lesson{}, fmt.Errorf("lesson content: to_real_api needs at least one paragraph")
	}
	if len(l.Steps) != StepCount {
		return Lesson{}, fmt.Errorf("lesson content: %d steps, want %d", len(l.Steps), StepCount)
	}
	for i := range l.Steps {
		l.Steps[i].Number = i + 1
		s := l.Steps[i]
		if s.Title == "" || s.Task == "" || s.TaskGo == "" || len(s.Hints) < 2 || len(s.Hints) > MaxHints || slices.Contains(s.Hints, "") {
			return Lesson{}, fmt.Errorf("lesson content: step %d needs a title, a task, a task_go and two to %d hints", i+1, MaxHints)
		}
	}
	return l, nil
}
