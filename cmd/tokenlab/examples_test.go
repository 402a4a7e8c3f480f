package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/sandbox/sandboxtest"
)

// The Gradescope example runs as Gradescope would run it: run_autograder in
// a directory laid out like /autograder, the submission in submission/,
// results.json written to results/.
func TestGradescopeRunAutograder(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash runs run_autograder")
	}
	script, err := filepath.Abs("../../examples/gradescope/run_autograder")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		files  map[string]string // submission files: name -> solution to copy
		score  float64
		output string
		// noUserns runs it in a container that refuses user namespaces
		// (Docker's default profile; most autograder images): unchanged,
		// with process limits instead of bubblewrap.
		noUserns bool
	}{
		{"a passing solution.py", map[string]string{"solution.py": "../../testdata/solutions/pass_reference_style.py"}, 100, "all 4 steps pass", false},
		{"one .py under another name", map[string]string{"mine.py": "../../testdata/solutions/fail_step3_boundary.py"}, 96.43, "step 3 fails", false},
		{"two .py files and no solution.py", map[string]string{"a.py": "../../testdata/solutions/pass_reference_style.py", "b.py": "../../testdata/solutions/pass_reference_style.py"}, 0, "Submit one Python file, solution.py; found 2 .py files.", false},
		{"a syntax error", map[string]string{"solution.py": "../../testdata/solutions/error_syntax.py"}, 0, "syntax error at line 3", false},
		{"a passing solution.py, without user namespaces", map[string]string{"solution.py": "../../testdata/solutions/pass_reference_style.py"}, 100, "all 4 steps pass", true},
		{"a failing one, without user namespaces", map[string]string{"mine.py": "../../testdata/solutions/fail_step3_boundary.py"}, 96.43, "step 3 fails", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.noUserns && testing.Short() {
				t.Skip("-short: the kit in a container without user namespaces is the full suite's")
			}
			t.Parallel()
			root := t.TempDir()
			sub := filepath.Join(root, "submission")
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			writeCourseKey(t, root)
			for name, from := range tt.files {
				data, err := os.ReadFile(from)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(sub, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			autograder := func() *exec.Cmd {
				cmd := exec.Command("bash", script)
				if tt.noUserns {
					cmd = sandboxtest.NoUserns(sandboxtest.Bwrap(t), "bash", script)
				}
				cmd.Env = append(os.Environ(), "AUTOGRADER_ROOT="+root, "TOKENLAB="+tokenlabBinary(t))
				return cmd
			}
			out, err := autograder().CombinedOutput()
			if err != nil {
				t.Fatalf("run_autograder: %v\n%s", err, out)
			}
			if tt.noUserns && !strings.Contains(string(out), "tokenlab: bubblewrap cannot run here (bwrap: ") {
				t.Errorf("the autograder's stdout does not say why bubblewrap was not used:\n%s", out)
			}
			data, err := os.ReadFile(filepath.Join(root, "results", "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				Score  *float64 `json:"score"`
				Output string   `json:"output"`
				Tests  []struct {
					Score, MaxScore float64
					Status, Name    string
				} `json:"tests"`
			}
			if err := json.Unmarshal(data, &res); err != nil || res.Score == nil {
				t.Fatalf("results.json is not Gradescope's: %v\n%s", err, data)
			}
			if math.Abs(*res.Score-tt.score) > 1e-9 || !strings.Contains(res.Output, tt.output) {
				t.Errorf("score %v, output %q; want %v and %q", *res.Score, res.Output, tt.score, tt.output)
			}
			if tt.score > 0 && len(res.Tests) != 14 {
				t.Errorf("%d tests, want one per check (14)", len(res.Tests))
			}
			if _, err := os.Stat(filepath.Join(root, "results", "results.json.tmp")); !os.IsNotExist(err) {
				t.Error("a temporary file is left in results/")
			}
			if tt.score > 0 && !strings.Contains(res.Output, "--seed") {
				t.Errorf("the output does not say how to repeat the checks: %q", res.Output)
			}
			// Submitted again, the same file gets the same report: the
			// course key, not the run's fresh home, draws the probes.
			if out, err := autograder().CombinedOutput(); err != nil {
				t.Fatalf("run_autograder again: %v\n%s", err, out)
			}
			again, err := os.ReadFile(filepath.Join(root, "results", "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, data) {
				t.Errorf("the same submission, checked again, got another report:\n%s\nthen\n%s", data, again)
			}
		})
	}
}

// writeCourseKey puts a course key where make_zip.sh puts it, in source/.
func writeCourseKey(t *testing.T, root string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, "source"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "source", "course.key"), []byte("00112233445566778899aabbccddeeff\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Without the course key make_zip.sh bakes in, the autograder scores 0
// and says how to fix it, rather than draw probes no one can repeat.
func TestGradescopeWithoutACourseKey(t *testing.T) {
	t.Parallel()
	script, err := filepath.Abs("../../examples/gradescope/run_autograder")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "submission"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../testdata/solutions/pass_reference_style.py")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "submission", "solution.py"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "AUTOGRADER_ROOT="+root, "TOKENLAB="+tokenlabBinary(t))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("run_autograder: %v\n%s", err, out)
	}
	res, err := os.ReadFile(filepath.Join(root, "results", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res), `"score": 0`) || !strings.Contains(string(res), "no course key") {
		t.Errorf("results.json without a key: %s", res)
	}
}

// Installed under /usr/local, as the Gradescope kit installs it, tokenlab
// holds the reference solutions; a submission that looks for them there,
// to run them, finds nothing to read. (Here it is installed in a directory
// of its own under /usr/local/lib, so as not to touch a tokenlab in
// /usr/local/bin; the sandbox's tests show /usr/local/bin out of view.)
func TestGradescopeSubmissionCannotReadTokenlab(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("installs tokenlab under /usr/local, which takes root (CI runs this as root)")
	}
	script, err := filepath.Abs("../../examples/gradescope/run_autograder")
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(tokenlabBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir, err := os.MkdirTemp("/usr/local/lib", "tokenlab-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	installed := filepath.Join(dir, "tokenlab")
	if err := os.WriteFile(installed, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "submission")
	attack, err := os.ReadFile("../../testdata/hostile/reference_from_binary.py")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "solution.py"), attack, 0o644); err != nil {
		t.Fatal(err)
	}
	writeCourseKey(t, root)
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "AUTOGRADER_ROOT="+root, "TOKENLAB="+installed)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("run_autograder: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(root, "results", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "step 3 fails") {
		t.Errorf("the submission found the reference solution in %s: %s", installed, data)
	}
}

// The Exercism runner follows Exercism's test-runner interface: run.sh
// SLUG INPUT_DIR OUTPUT_DIR writes results.json, version 3, and exits 0
// whatever the verdict.
func TestExercismRunner(t *testing.T) {
	t.Parallel()
	script, err := filepath.Abs("../../examples/exercism/bin/run.sh")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		files  map[string]string
		status string
		tests  int
	}{
		{"the slug's file, passing", map[string]string{"token_refresh.py": "../../testdata/solutions/pass_reference_style.py"}, "pass", 14},
		{"one .py under another name, failing", map[string]string{"mine.py": "../../testdata/solutions/fail_step3_boundary.py"}, "fail", 14},
		{"a Go solution", map[string]string{"main.go": "../../lesson/solutions/go/step4/main.go"}, "pass", 14},
		{"a syntax error", map[string]string{"token_refresh.py": "../../testdata/solutions/error_syntax.py"}, "error", 0},
		{"nothing to check", map[string]string{"notes.txt": "../../testdata/solutions/pass_reference_style.py"}, "error", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
			for name, from := range tt.files {
				data, err := os.ReadFile(from)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command("bash", script, "token-refresh", in+"/", out+"/")
			cmd.Env = append(os.Environ(), "TOKENLAB="+tokenlabBinary(t))
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("run.sh: %v\n%s", err, msg)
			}
			data, err := os.ReadFile(filepath.Join(out, "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				Version int     `json:"version"`
				Status  string  `json:"status"`
				Message *string `json:"message"`
				Tests   []struct {
					TestCode string `json:"test_code"`
				} `json:"tests"`
			}
			if err := json.Unmarshal(data, &res); err != nil {
				t.Fatalf("results.json is not JSON: %v\n%s", err, data)
			}
			if res.Version != 3 || res.Status != tt.status || len(res.Tests) != tt.tests {
				t.Errorf("version %d, status %q, %d tests; want 3, %q, %d\n%s", res.Version, res.Status, len(res.Tests), tt.status, tt.tests, data)
			}
			if tt.status == "error" && (res.Message == nil || *res.Message == "") {
				t.Errorf("an error without a message: %s", data)
			}
			for _, test := range res.Tests {
				if test.TestCode == "" {
					t.Errorf("a test without test_code: %s", data)
					break
				}
			}
		})
	}
}
