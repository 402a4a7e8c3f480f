package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/lesson/grade"
)

// submission is a Python solution's report with every check passing but
// those in status.
func submission(status map[string]grade.Status) grade.Submission {
	s := grade.Submission{Path: "s.py", Status: grade.Pass}
	for _, c := range grade.ChecksFor("s.py") {
		t := grade.Test{ID: c.ID, Step: c.Step, Status: grade.Pass, Message: c.Name}
		if st, ok := status[c.ID]; ok {
			t.Status, t.Message = st, "what it found"
			if st == grade.Fail {
				s.Status = grade.Fail
			}
		}
		s.Tests = append(s.Tests, t)
	}
	return s
}

// Advice is worth nothing, whether it passes or not: the same step 4
// failure scores the same with or without the still-valid message.
func TestAdviceNeverMovesPoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b map[string]grade.Status
		want int
	}{
		{"step 4 fails", map[string]grade.Status{"output": grade.Fail}, map[string]grade.Status{"output": grade.Fail, "still-valid-message": grade.Note}, 9167},
		{"all pass", nil, map[string]grade.Status{"still-valid-message": grade.Note}, 10000},
		{"step 3 boundary", map[string]grade.Status{"refresh-boundary": grade.Fail}, map[string]grade.Status{"refresh-boundary": grade.Fail, "still-valid-message": grade.Note}, 9643},
	}
	for _, tt := range tests {
		scoreA, maxA := totals(scored(submission(tt.a)))
		scoreB, maxB := totals(scored(submission(tt.b)))
		if scoreA != scoreB || maxA != 10000 || maxB != 10000 || scoreA != tt.want {
			t.Errorf("%s: %d/%d with the message, %d/%d without; want both %d/10000", tt.name, scoreA, maxA, scoreB, maxB, tt.want)
		}
	}
	for _, st := range scored(submission(nil)) {
		if grade.IsAdvice(st.ID) && st.Max != 0 {
			t.Errorf("advice %s is worth %d", st.ID, st.Max)
		}
	}
}

// Gradescope shows advice as a passed test that says it is advice; a
// submission that did not run lists no advice at all (JUnit neither).
func TestAdviceInTheFormats(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := CheckGradescope(&buf, submission(map[string]grade.Status{"still-valid-message": grade.Note})); err != nil {
		t.Fatal(err)
	}
	var gs gradescopeResults
	if err := json.Unmarshal(buf.Bytes(), &gs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, test := range gs.Tests {
		if strings.Contains(test.Name, "(advice)") {
			found = true
			if test.Status != "passed" || test.MaxScore != "0" || !strings.HasPrefix(test.Output, "Advice, not a failure: ") {
				t.Errorf("advice as %+v", test)
			}
		} else if test.Status != "passed" {
			t.Errorf("%s: %s", test.Name, test.Status)
		}
	}
	if gs.OutputFormat != "text" || gs.TestOutputFormat != "text" {
		t.Errorf("output formats %q and %q, want text: a learner's output must not render as HTML", gs.OutputFormat, gs.TestOutputFormat)
	}
	if !found || gs.Score != "100" {
		t.Errorf("score %s, advice found %v", gs.Score, found)
	}

	errored := grade.Submission{Path: "s.py", Status: grade.Error, Message: "syntax error at line 3"}
	for _, st := range scored(errored) {
		if grade.IsAdvice(st.ID) {
			t.Errorf("a submission that did not run lists advice %s", st.ID)
		}
	}
	buf.Reset()
	if err := CheckJUnit(&buf, grade.Report{Submissions: []grade.Submission{errored}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "still-valid-message") {
		t.Errorf("JUnit lists advice that never ran:\n%s", buf.String())
	}
}
