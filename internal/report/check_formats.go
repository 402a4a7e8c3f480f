package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

// The formats of check for the tools instructors grade in: Gradescope's
// autograder results.json, Exercism's test runner results.json (version
// 3), JUnit XML and a CSV gradebook.

// TotalPoints is what a solution that passes every step scores.
const TotalPoints = 100

// scoredTest is one check of a submission with its points: the steps
// checked share TotalPoints equally, and a step's checks share its points,
// in hundredths so that they add up exactly. Advice is worth nothing,
// whether it passes or not, so it never moves a score.
type scoredTest struct {
	grade.Test
	Name       string
	Max, Score int // hundredths of a point
}

// scored lists a submission's checks with their points. A submission that
// did not run to the end has every check it would have had, failed with
// its message, but no advice: advice that never ran has nothing to say.
func scored(s grade.Submission) []scoredTest {
	var tests []scoredTest
	if s.Status == grade.Error {
		for _, c := range grade.ChecksFor(s.Path) {
			if grade.IsAdvice(c.ID) {
				continue
			}
			tests = append(tests, scoredTest{Test: grade.Test{ID: c.ID, Step: c.Step, Status: grade.Error,
				Message: "not run: " + s.Message}, Name: c.Name})
		}
	} else {
		for _, t := range s.Tests {
			tests = append(tests, scoredTest{Test: t, Name: grade.CheckName(s.Path, t.ID)})
		}
	}
	// The steps with points: those with a check that is neither skipped
	// nor advice.
	perStep := map[int][]int{}
	var steps []int
	for i, t := range tests {
		if t.Status == grade.Skip || grade.IsAdvice(t.ID) {
			continue
		}
		if perStep[t.Step] == nil {
			steps = append(steps, t.Step)
		}
		perStep[t.Step] = append(perStep[t.Step], i)
	}
	stepShares := split(TotalPoints*100, len(steps))
	for k, step := range steps {
		shares := split(stepShares[k], len(perStep[step]))
		for j, i := range perStep[step] {
			tests[i].Max = shares[j]
			if tests[i].Status == grade.Pass {
				tests[i].Score = shares[j]
			}
		}
	}
	return tests
}

// split divides total into n whole parts that differ by at most one and
// add up to total, larger parts first.
func split(total, n int) []int {
	parts := make([]int, n)
	for i := range parts {
		parts[i] = total / n
		if i < total%n {
			parts[i]++
		}
	}
	return parts
}

// points shows hundredths as a JSON number: 25, 12.5, 3.58.
func points(h int) json.Number {
	return json.Number(strconv.FormatFloat(float64(h)/100, 'f', -1, 64))
}

func totals(tests []scoredTest) (score, max int) {
	for _, t := range tests {
		score += t.Score
		max += t.Max
	}
	return score, max
}

// testOutput is what a failed test shows beyond its message: what was
// wanted and what came.
func testOutput(t grade.Test) string {
	if t.Expected == "" && t.Actual == "" {
		return t.Message
	}
	if t.Diff != "" {
		return t.Message + "\n-want +got\n" + t.Diff
	}
	return fmt.Sprintf("%s\nwant: %s\ngot:  %s", t.Message, t.Expected, t.Actual)
}

type gradescopeTest struct {
	Name     string      `json:"name"`
	Number   string      `json:"number"`
	Score    json.Number `json:"score"`
	MaxScore json.Number `json:"max_score"`
	Status   string      `json:"status"`
	Output   string      `json:"output"`
}

type gradescopeResults struct {
	Score  json.Number `json:"score"`
	Output string      `json:"output"`
	// Plain text, so that nothing a learner's program printed is read as
	// HTML or Markdown.
	OutputFormat     string           `json:"output_format"`
	TestOutputFormat string           `json:"test_output_format"`
	Tests            []gradescopeTest `json:"tests"`
}

// CheckGradescope writes one submission's results.json as Gradescope's
// autograder specification defines it: a test per check, numbered by
// step, whose max_score add up to the total.
func CheckGradescope(w io.Writer, s grade.Submission) error {
	tests := scored(s)
	score, max := totals(tests)
	out := gradescopeResults{Score: points(score), Tests: []gradescopeTest{}, OutputFormat: "text", TestOutputFormat: "text",
		Output: fmt.Sprintf("%s: %s (%s of %s points)%s", s.Path, s.Message, points(score), points(max), rerun(s))}
	n := map[int]int{}
	for _, t := range tests {
		n[t.Step]++
		// Advice shows as passed with its word, never as a red failure.
		status := "failed"
		if t.Status == grade.Pass || grade.IsAdvice(t.ID) {
			status = "passed"
		}
		out.Tests = append(out.Tests, gradescopeTest{Name: fmt.Sprintf("Step %d: %s", t.Step, t.Name),
			Number: fmt.Sprintf("%d.%d", t.Step, n[t.Step]), Score: points(t.Score), MaxScore: points(t.Max),
			Status: status, Output: gradescopeOutput(t.Test)})
	}
	return writeJSON(w, out)
}

// rerun says how to repeat a submission's checks: its seed, which with
// the same file gives the same probes anywhere.
func rerun(s grade.Submission) string {
	if s.Seed == 0 {
		return ""
	}
	return fmt.Sprintf("\nSeed %d: tokenlab check FILE --seed %d repeats these checks.", s.Seed, s.Seed)
}

// gradescopeOutput is a test's text; advice says it is advice.
func gradescopeOutput(t grade.Test) string {
	if t.Status == grade.Note {
		return "Advice, not a failure: " + testOutput(t)
	}
	return testOutput(t)
}

type exercismTest struct {
	Name     string  `json:"name"`
	TestCode string  `json:"test_code"`
	Status   string  `json:"status"`
	Message  *string `json:"message"`
	Output   *string `json:"output,omitempty"`
	TaskID   int     `json:"task_id"`
}

type exercismResults struct {
	Version int            `json:"version"`
	Status  string         `json:"status"`
	Message *string        `json:"message"`
	Tests   []exercismTest `json:"tests,omitempty"`
}

// exercismOutputMax is the most output a test may carry in results.json.
const exercismOutputMax = 500

// CheckExercism writes one submission's results.json as Exercism's test
// runner interface defines it, version 3: the tests in order, each linked
// to its step as task_id; status error, with the message, when the
// program did not run to the end.
func CheckExercism(w io.Writer, s grade.Submission) error {
	out := exercismResults{Version: 3, Status: string(grade.Pass)}
	switch s.Status {
	case grade.Error:
		out.Status = "error"
		msg := s.Message
		out.Message = &msg
	case grade.Fail:
		out.Status = "fail"
	}
	if s.Status != grade.Error {
		for _, t := range s.Tests {
			if t.Status == grade.Skip {
				continue
			}
			et := exercismTest{Name: grade.CheckName(s.Path, t.ID), TestCode: grade.CheckCode(s.Path, t.ID), Status: string(grade.Pass), TaskID: t.Step}
			switch t.Status {
			case grade.Fail, grade.Error:
				et.Status = string(t.Status)
				msg := testOutput(t)
				et.Message = &msg
			case grade.Note:
				msg := "Advice, not a failure: " + t.Message
				et.Message = &msg
			}
			if t.ID == "output" && t.Actual != "" {
				printed := t.Actual
				if r := []rune(printed); len(r) > exercismOutputMax {
					printed = string(r[:exercismOutputMax-40]) + "\n(output cut at 460 characters)"
				}
				et.Output = &printed
			}
			out.Tests = append(out.Tests, et)
		}
	}
	return writeJSON(w, out)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
	// SystemOut says how to repeat the checks (rerun).
	SystemOut string `xml:"system-out,omitempty"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitProblem `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// CheckJUnit writes the batch as JUnit XML, valid for Jenkins (which
// allows no skipped count on <testsuites>): a testsuite per submission,
// named by its path, a testcase per check, named by its step and ID and
// classed by the submission's path so that every submission's checks stay
// apart, with a failure or error element carrying the message. Advice is
// a passing testcase whose system-out holds it.
func CheckJUnit(w io.Writer, rep grade.Report) error {
	out := junitSuites{Name: "tokenlab check"}
	for _, s := range rep.Submissions {
		suite := junitSuite{Name: s.Path, SystemOut: strings.TrimPrefix(rerun(s), "\n")}
		for _, t := range scored(s) {
			c := junitCase{Name: fmt.Sprintf("step %d: %s: %s", t.Step, t.ID, t.Name), ClassName: xmlSafe(s.Path)}
			switch t.Status {
			case grade.Fail:
				c.Failure = &junitProblem{Message: xmlSafe(t.Message), Type: "fail", Text: xmlSafe(testOutput(t.Test))}
				suite.Failures++
			case grade.Error:
				c.Error = &junitProblem{Message: xmlSafe(t.Message), Type: "error", Text: xmlSafe(t.Message)}
				suite.Errors++
			case grade.Skip:
				c.Skipped = &junitProblem{Message: xmlSafe(t.Message)}
				suite.Skipped++
			case grade.Note:
				c.SystemOut = xmlSafe("Advice, not a failure: " + t.Message)
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Errors += suite.Errors
		out.Suites = append(out.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// xmlSafe drops what XML 1.0 cannot hold at all (control characters but
// tab and line breaks), which a learner's program may print; escaping
// cannot carry them.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xfffe || r == 0xffff {
			return -1
		}
		return r
	}, s)
}

// CheckCSV writes a gradebook: a row per submission with its path, status,
// each step's result, points of 100, message and probe seed. Text from a
// submission is made safe for spreadsheets (SafeCell).
func CheckCSV(w io.Writer, rep grade.Report) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	header := []string{"path", "status"}
	for step := 1; step <= lesson.StepCount; step++ {
		header = append(header, fmt.Sprintf("step%d", step))
	}
	header = append(header, "points", "message", "seed")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, s := range rep.Submissions {
		row := []string{SafeCell(s.Path), string(s.Status)}
		states := s.StepStates()
		for step := 1; step <= lesson.StepCount; step++ {
			state := string(states[step])
			if s.Status == grade.Error {
				state = string(grade.Error)
			}
			row = append(row, state)
		}
		score, _ := totals(scored(s))
		row = append(row, string(points(score)), SafeCell(s.Message), strconv.FormatUint(s.Seed, 10))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
