//go:build unix

package grade

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/internal/sandbox/sandboxtest"
	"github.com/tokenlab/tokenlab/lesson"
)

const goSolutions = solutions + "go/"

// goOptions are sandboxOptions with time for a build: 10 s, but for the
// samples that are about time.
func goOptions(t *testing.T, mode string, timeout time.Duration) Options {
	t.Helper()
	opts := sandboxOptions(t, mode)
	opts.Limits.Timeout, opts.Limits.TimeoutText = timeout, timeout.String()
	return opts
}

// goVerdict is a Go sample's verdict: its status, words of its message, and
// the steps it passes.
type goVerdict struct {
	file, status, message string
	passed                []int
}

// Each Go sample gets its verdict on the right step, in Go's words, in
// every mode: built and run in the sandbox, step by step by behaviour.
// Under -short, the quick loop, only a pass, a fail, a build error and
// the files refused before building: each other sample is a build.
func TestGoVerdicts(t *testing.T) {
	t.Parallel()
	tests := []goVerdict{
		{"pass_value_map.go", "pass", "all 4 steps pass", []int{1, 2, 3, 4}},
		{"fail_step1_only.go", "fail", "step 2 fails: there is no variable called currentTime", []int{1}},
		{"fail_step1_wrong_expiry.go", "fail", "step 1 fails: tokens does not hold exactly the exercise's three entries", []int{2, 3, 4}},
		{"fail_step2_time.go", "fail", "step 2 fails: currentTime is not 120", []int{1, 3}},
		{"fail_step3_boundary.go", "fail", `with expiry 120 should leave it alone (the expiry equals the time, and "less than" is strict)`, []int{1, 2, 4}},
		{"fail_step3_literal_time.go", "fail", "does it read the global currentTime? (A package-level variable", []int{1, 2}},
		{"fail_step3_updates_copy.go", "fail", "not a copy of it (a map of structs holds copies: store pointers, or assign the entry back)", []int{1, 2}},
		{"fail_step3_panics.go", "fail", "panicked: runtime error: index out of range", []int{1, 2}},
		{"fail_step4_output.go", "fail", "step 4 fails: it prints the right words with other spacing: fmt.Println(a, b) puts a space", []int{1, 2, 3}},
		{"fail_step4_literal.go", "fail", "(still valid), it should print the token unchanged, or a message that it is still valid", []int{1, 2, 3}},
		{"fail_step4_no_call.go", "fail", `step 4 fails: the program does not call refreshToken("alice")`, []int{1, 2, 3}},
		{"error_compile.go", "error", "it does not build:\nsolution.go:6:14: undefined: token", nil},
		{"error_package.go", "error", "the file is package solution; a Go program is package main", nil},
		{"error_relative_import.go", "error", `line 3: it imports "../../../etc", a relative import`, nil},
		{"error_not_std.go", "error", `line 3: it imports "github.com/example/tokens", which is not in Go's standard library`, nil},
		{"error_cgo.go", "error", `line 4: it imports "C" (cgo), which checks do not build`, nil},
		{"error_os_exit.go", "error", "the program exited (code 0) before the checks could finish; does the solution call os.Exit or log.Fatal?", nil},
		// Without a cgroup to measure it, a Go program held to its memory
		// can die of SIGSEGV, and the message says what that can mean.
		{"error_memory.go", "error", "out of memory (limit 512 MiB)", nil},
	}
	if testing.Short() {
		quick := []string{"pass_value_map.go", "fail_step3_boundary.go", "error_compile.go", "error_package.go", "error_relative_import.go", "error_not_std.go", "error_cgo.go"}
		tests = slices.DeleteFunc(tests, func(tt goVerdict) bool { return !slices.Contains(quick, tt.file) })
	}
	for _, mode := range sandboxtest.Modes(t) {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			opts := goOptions(t, mode, 10*time.Second)
			var files []string
			for _, tt := range tests {
				files = append(files, goSolutions+tt.file)
			}
			rep := Check(context.Background(), files, opts)
			for i, tt := range tests {
				s := rep.Submissions[i]
				if string(s.Status) != tt.status || !strings.Contains(s.Message, tt.message) {
					t.Errorf("%s: %s %q, want %s containing %q", tt.file, s.Status, s.Message, tt.status, tt.message)
				}
				if got := fmt.Sprint(s.PassedSteps()); got != fmt.Sprint(tt.passed) {
					t.Errorf("%s: steps passed %s, want %v", tt.file, got, tt.passed)
				}
				assertGoWords(t, s)
			}
		})
	}
}

// pythonWords are Python's words for what Go calls otherwise.
var pythonWords = regexp.MustCompile(`refresh_token|current_time|\bdict|\bstr\b|\['|\bprint\(|raised|interpreter|os\._exit`)

// assertGoWords fails when a Go solution's report speaks Python.
func assertGoWords(t *testing.T, s Submission) {
	t.Helper()
	texts := []string{s.Message}
	for _, test := range s.Tests {
		texts = append(texts, test.Message, test.Expected)
	}
	for _, text := range texts {
		if python := pythonWords.FindString(text); python != "" {
			t.Errorf("%s: a Go report says %q: %q", s.Path, python, text)
		}
	}
}

// The lesson's Go reference solutions pass the steps they solve: the
// finished program all four, and its step 4 note finds the message.
func TestGoReferenceSolutions(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test builds every step's Go solution")
	}
	t.Parallel()
	opts := goOptions(t, "auto", 10*time.Second)
	dir := t.TempDir()
	for step := 1; step <= lesson.StepCount; step++ {
		src, err := lesson.Solution(step, lesson.Go)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("step%d.go", step))
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		s := CheckFile(context.Background(), path, opts)
		passed := s.PassedSteps()
		if len(passed) < step || passed[step-1] != step {
			t.Errorf("step %d's solution: %s %q, steps passed %v", step, s.Status, s.Message, passed)
		}
		if step == lesson.StepCount {
			if s.Status != Pass || len(s.Tests) != 14 {
				t.Errorf("the finished program: %s %q with %d tests", s.Status, s.Message, len(s.Tests))
			}
			for _, test := range s.Tests {
				if test.Status != Pass {
					t.Errorf("%s: %s %s", test.ID, test.Status, test.Message)
				}
			}
		}
	}
}

// A syntax error is found before anything runs, with its line.
func TestGoSyntaxError(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "solution.go")
	if err := os.WriteFile(path, []byte("package main\n\nfunc main() {\n\tif true {\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := CheckFile(context.Background(), path, goOptions(t, "auto", 10*time.Second))
	if s.Status != Error || s.Message != "syntax error at line 5: expected '}', found 'EOF'" {
		t.Errorf("%s %q", s.Status, s.Message)
	}
}

// The build runs in the sandbox under the run's limits: a file that makes
// the compiler work for a long time is stopped at the timeout, which
// covers build and run; one that makes it write a huge object is stopped
// by a limit; and nothing of either is left on the host's disk (TMPDIR is
// the test's own, so nothing else writes there).
func TestGoBuildIsContained(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test builds Go solutions")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, mode := range sandboxtest.Modes(t) {
		t.Run(mode, func(t *testing.T) {
			opts := goOptions(t, mode, 3*time.Second)
			// The standard library is compiled once, outside the run's time:
			// done first, so that what is timed is the build alone.
			CheckFile(context.Background(), goSolutions+"pass_value_map.go", goOptions(t, mode, 10*time.Second))
			start := time.Now()
			s := CheckFile(context.Background(), goSolutions+"error_build_explodes.go", opts)
			if d := time.Since(start); d > 8*time.Second {
				t.Errorf("the build held check for %v with --timeout 3s", d)
			}
			if s.Status != Error || s.Message != "building and running it took longer than 3s, and it was stopped" {
				t.Errorf("error_build_explodes.go: %s %q", s.Status, s.Message)
			}
			s = CheckFile(context.Background(), goSolutions+"error_build_huge.go", opts)
			if s.Status != Error || !strings.HasPrefix(s.Message, "building") {
				t.Errorf("error_build_huge.go: %s %q", s.Status, s.Message)
			}
			opts.Runner.Close()
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("left on the host, in TMPDIR: %v", left)
			}
		})
	}
}

// The program's run never sees what its build saw: the compiled standard
// library, in the build cache.
func TestGoRunDoesNotSeeTheBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test builds Go solutions")
	}
	t.Parallel()
	cache := defaultGoCache()
	src := `package main

import (
	"fmt"
	"os"
)

func seen(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func main() {
	fmt.Printf("cache:%v\n", seen(` + strconv.Quote(cache) + `))
}
`
	path := filepath.Join(t.TempDir(), "peek.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range sandboxtest.Modes(t) {
		t.Run(mode, func(t *testing.T) {
			s := CheckFile(context.Background(), path, goOptions(t, mode, 10*time.Second))
			var printed string
			for _, test := range s.Tests {
				if test.ID == "output" {
					printed = test.Actual
				}
			}
			if printed != "cache:false\n" && !(mode == sandbox.Off && os.Geteuid() != 0) {
				t.Errorf("%s %q: it printed %q, want cache:false", s.Status, s.Message, printed)
			}
		})
	}
}
