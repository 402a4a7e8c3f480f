package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/quiz"
)

// Learners' names, whatever they hold, come back from the JSON as they
// went in.
func TestGradeJSONRoundTripsNames(t *testing.T) {
	names := []string{"plain", `quo"te`, `back\slash`, "new\nline\r\t", "\x01ctl", "ünïcødé ☃", "</script>"}
	rep := &quiz.ClassReport{Questions: quiz.Default().Questions}
	for _, n := range names {
		rep.Learners = append(rep.Learners, quiz.LearnerResult{Learner: n, Score: 1})
	}
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	if err := GradeJSON(w, "class.csv", rep); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	var got struct {
		Learners []struct {
			Learner string
			Score   int
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out.String())
	}
	if len(got.Learners) != len(names) {
		t.Fatalf("%d learners back of %d", len(got.Learners), len(names))
	}
	for i, l := range got.Learners {
		if l.Learner != names[i] || l.Score != 1 {
			t.Errorf("learner %d came back as %+v, want %q", i, l, names[i])
		}
	}
	if lines := strings.Count(out.String(), "\n    {"); lines != len(names) {
		t.Errorf("%d learners on lines of their own, want %d", lines, len(names))
	}
}
