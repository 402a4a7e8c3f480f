package cmd

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tokenlab/tokenlab/internal/golden"
	_ "github.com/tokenlab/tokenlab/internal/pythontest" // python3 is the interpreter, not a wrapper
)

// One submission in each of Gradescope's and Exercism's formats: a pass, a
// failure and a program that does not run, each pinned by a golden and
// held to the format's own rules.
func TestCheckAutograderFormats(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"pass":  class + "/ann.py",
		"fail":  class + "/cy.py",
		"error": "../testdata/solutions/error_syntax.py",
	}
	for _, format := range []string{"gradescope", "exercism"} {
		for outcome, file := range files {
			t.Run(format+"_"+outcome, func(t *testing.T) {
				t.Parallel()
				r := run(t, "check", file, "--no-record", "--format", format, "--sandbox", sandboxForGoldens(t))
				if want := map[string]int{"pass": ExitOK}[outcome]; outcome == "pass" && r.code != want || outcome != "pass" && r.code != ExitFailed {
					t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
				}
				golden.Assert(t, []byte(r.stdout))
				if format == "gradescope" {
					assertGradescope(t, r.stdout, outcome)
				} else {
					assertExercism(t, r.stdout, outcome)
				}
			})
		}
	}
}

func TestCheckOneSubmissionFormatsRefuseABatch(t *testing.T) {
	t.Parallel()
	assertUsageLine(t, run(t, "check", class, "--format", "gradescope"),
		"tokenlab: --format gradescope reports on one submission, as Gradescope runs once per submission; got 9 files, name one")
	assertUsageLine(t, run(t, "check", class+"/ann.py", class+"/ben.py", "--format", "exercism"),
		"tokenlab: --format exercism reports on one submission, as Exercism runs once per submission; got 2 files, name one")
}

// assertGradescope holds results.json to Gradescope's autograder
// specification: a score, plain-text output, and tests with name, score,
// max_score, status (passed or failed) and output; the max_scores add up
// to 100 and the scores to the score.
func assertGradescope(t *testing.T, data, outcome string) {
	t.Helper()
	var res struct {
		Score            *float64 `json:"score"`
		Output           string   `json:"output"`
		OutputFormat     string   `json:"output_format"`
		TestOutputFormat string   `json:"test_output_format"`
		Tests            []struct {
			Name     string   `json:"name"`
			Number   string   `json:"number"`
			Score    *float64 `json:"score"`
			MaxScore *float64 `json:"max_score"`
			Status   string   `json:"status"`
			Output   *string  `json:"output"`
		} `json:"tests"`
	}
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil || res.Score == nil || len(res.Tests) == 0 {
		t.Fatalf("not a Gradescope results.json: %v", err)
	}
	if res.OutputFormat != "text" || res.TestOutputFormat != "text" {
		t.Errorf("output_format %q, test_output_format %q: want text, so that what a program printed is not read as HTML", res.OutputFormat, res.TestOutputFormat)
	}
	var sum, max float64
	for _, tt := range res.Tests {
		if tt.Name == "" || tt.Score == nil || tt.MaxScore == nil || tt.Output == nil || (tt.Status != "passed" && tt.Status != "failed") {
			t.Errorf("test %+v lacks a field or has status %q", tt, tt.Status)
			continue
		}
		sum += *tt.Score
		max += *tt.MaxScore
	}
	if math.Abs(max-100) > 1e-9 || math.Abs(sum-*res.Score) > 1e-9 {
		t.Errorf("max_scores add up to %v (want 100), scores to %v (score %v)", max, sum, *res.Score)
	}
	if wantFull := outcome == "pass"; wantFull != (*res.Score == 100) {
		t.Errorf("%s scored %v", outcome, *res.Score)
	}
}

// assertExercism holds results.json to the test runner interface,
// version 3.
func assertExercism(t *testing.T, data, outcome string) {
	t.Helper()
	var res struct {
		Version int     `json:"version"`
		Status  string  `json:"status"`
		Message *string `json:"message"`
		Tests   []struct {
			Name     string  `json:"name"`
			TestCode *string `json:"test_code"`
			Status   string  `json:"status"`
			Message  *string `json:"message"`
			Output   *string `json:"output"`
			TaskID   *int    `json:"task_id"`
		} `json:"tests"`
	}
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("not an Exercism results.json: %v", err)
	}
	if res.Version != 3 || res.Status != outcome {
		t.Errorf("version %d, status %q; want 3, %q", res.Version, res.Status, outcome)
	}
	if outcome == "error" {
		if res.Message == nil || *res.Message == "" || len(res.Tests) != 0 {
			t.Errorf("an error needs its message and no tests: %+v", res)
		}
		return
	}
	failed := false
	for _, tt := range res.Tests {
		switch {
		case tt.Name == "" || tt.TaskID == nil || *tt.TaskID < 1 || *tt.TaskID > 4:
			t.Errorf("test %+v lacks a name or a task_id of 1 to 4", tt)
		case tt.TestCode == nil || *tt.TestCode == "":
			t.Errorf("test %q has no test_code, the code Exercism shows for it", tt.Name)
		case tt.Status != "pass" && tt.Status != "fail" && tt.Status != "error":
			t.Errorf("test %q has status %q", tt.Name, tt.Status)
		case tt.Status != "pass" && (tt.Message == nil || *tt.Message == ""):
			t.Errorf("failed test %q has no message", tt.Name)
		case tt.Output != nil && len([]rune(*tt.Output)) > 500:
			t.Errorf("test %q has %d characters of output; at most 500", tt.Name, len([]rune(*tt.Output)))
		}
		failed = failed || tt.Status != "pass"
	}
	if failed != (outcome == "fail") {
		t.Errorf("overall %q, but a test failed: %v", outcome, failed)
	}
}

// junitPython finds a Python with junitparser, the JUnit reader CI tools
// use (Debian: python3-junitparser); required where TOKENLAB_E2E=require.
func junitPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import junitparser").Run() == nil {
			return py
		}
	}
	if os.Getenv("TOKENLAB_E2E") == "require" {
		t.Fatal("junitparser is needed to read the JUnit report: apt-get install python3-junitparser")
	}
	t.Skip("junitparser is not installed (apt-get install python3-junitparser): the JUnit report is only pinned by its golden")
	return ""
}

// assertJUnitReads has junitparser read the report and count what it holds.
func assertJUnitReads(t *testing.T, data string, suites int) {
	t.Helper()
	py := junitPython(t)
	path := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	const read = `import sys
from junitparser import JUnitXml, Failure, Error
xml = JUnitXml.fromfile(sys.argv[1])
suites = list(xml)
cases = [c for s in suites for c in s]
bad = sum(1 for c in cases if any(isinstance(r, (Failure, Error)) for r in c.result))
print(len(suites), len(cases), bad, xml.tests, xml.failures + xml.errors)`
	out, err := exec.Command(py, "-c", read, path).CombinedOutput()
	if err != nil {
		t.Fatalf("junitparser cannot read the report: %v\n%s", err, out)
	}
	f := strings.Fields(string(out))
	if len(f) != 5 || f[0] != strconv.Itoa(suites) || f[1] != f[3] || f[2] != f[4] || f[2] == "0" {
		t.Errorf("junitparser read suites, cases, failed cases, tests, failures+errors = %s; want %d suites, counts that agree", out, suites)
	}
}

// assertJUnitValid has xmllint validate the report against the rules
// Jenkins reads JUnit with (testdata/junit/jenkins.xsd); it needs xmllint
// (Debian: libxml2-utils), required where TOKENLAB_E2E=require.
func assertJUnitValid(t *testing.T, data string) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("TOKENLAB_E2E") == "require" {
			t.Fatal("xmllint is needed to validate the JUnit report: apt-get install libxml2-utils")
		}
		t.Skip("xmllint is not installed (apt-get install libxml2-utils): the JUnit report is only pinned by its golden")
	}
	path := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--schema", "../testdata/junit/jenkins.xsd", path).CombinedOutput()
	if err != nil {
		t.Errorf("the JUnit report is not valid for Jenkins: %v\n%s", err, out)
	}
}

// assertGradebook reads the CSV back: a header and a row per submission,
// each with points from 0 to 100.
func assertGradebook(t *testing.T, data string, rows int) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil || len(recs) != rows+1 {
		t.Fatalf("%d records (%v), want a header and %d rows", len(recs), err, rows)
	}
	if got := strings.Join(recs[0], ","); got != "path,status,step1,step2,step3,step4,points,message,seed" {
		t.Errorf("header %q", got)
	}
	for _, rec := range recs[1:] {
		if p, err := strconv.ParseFloat(rec[6], 64); err != nil || p < 0 || p > 100 || rec[1] == "pass" && p != 100 {
			t.Errorf("row %q: points %q", rec, rec[6])
		}
	}
}

// On a terminal, a batch shows its progress on stderr, redrawn in place,
// and removes it before the report; stdout is the same as without it.
func TestCheckShowsProgressOnATerminal(t *testing.T) {
	t.Parallel()
	ios, _, out, errOut := testStreams(t)
	ios.ErrTTY, ios.StatusDelay = true, 0 // from the first file on
	// Three quick files, one failing: a class without one that runs to
	// its timeout, which would make this test take seconds.
	dir := batchDir(t)
	src, err := os.ReadFile(boundarySolution)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "c.py"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runOn(t, ios, out, errOut, "check", dir, "--format", "json", "--sandbox", sandboxForGoldens(t))
	if r.code != ExitFailed {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "\r\x1b[2Kchecked ") || !strings.Contains(r.stderr, "/3 · ") || !strings.HasSuffix(r.stderr, "\r\x1b[2K") {
		t.Errorf("stderr %q: want progress lines, redrawn in place, and the line cleared at the end", r.stderr)
	}
	plain := run(t, "check", dir, "--format", "json", "--sandbox", sandboxForGoldens(t))
	if plain.stderr != "" || plain.stdout != r.stdout {
		t.Errorf("without a terminal: stderr %q, and stdout differs (-terminal +plain):\n%s", plain.stderr, cmp.Diff(r.stdout, plain.stdout))
	}
}
