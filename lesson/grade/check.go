// Package grade checks a learner's solution by what it does: it runs the
// solution contained (see sandbox.go), lets the embedded Python harness
// observe it, and decides each step's verdict here, in Go, from those
// observations, never from what the solution printed about itself.
package grade

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/tokenlab/tokenlab/lesson"
)

//go:embed harness.py
var harnessSource string

// Status is a verdict.
type Status string

// The verdicts. A test is skipped when the language cannot show it.
const (
	Pass  Status = "pass"
	Fail  Status = "fail"
	Error Status = "error"
	Skip  Status = "skip"
)

// Test is one check of one step.
type Test struct {
	ID       string `json:"id"`
	Step     int    `json:"step"`
	Status   Status `json:"status"`
	Message  string `json:"message"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
	Diff     string `json:"diff,omitempty"`
}

// Submission is the verdict on one file.
type Submission struct {
	Path    string `json:"path"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	Seed    uint64 `json:"seed"`
	Tests   []Test `json:"tests"`
}

// Summary counts submissions by status.
type Summary struct {
	Total int `json:"total"`
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Error int `json:"error"`
}

// Report is the verdict on a batch, in the order the files were given.
type Report struct {
	Submissions []Submission `json:"submissions"`
	Summary     Summary      `json:"summary"`
	Limits      Limits       `json:"limits"`
	// Seed is the seed every file was probed with when --seed gave one;
	// otherwise each file's seed comes from its content.
	Seed *uint64 `json:"seed"`
}

// Options say how to check.
type Options struct {
	Python string // interpreter for .py files
	Limits Limits
	Jobs   int     // files checked at once
	Step   int     // only this step's tests; 0 for all
	Seed   *uint64 // probe seed for every file; nil for one from each file's content
}

// Check checks files in parallel and reports on them in the order given.
func Check(ctx context.Context, files []string, opts Options) Report {
	rep := Report{Submissions: make([]Submission, len(files)), Limits: opts.Limits, Seed: opts.Seed}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(opts.Jobs, len(files))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rep.Submissions[i] = CheckFile(ctx, files[i], opts)
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, s := range rep.Submissions {
		rep.Summary.Total++
		switch s.Status {
		case Pass:
			rep.Summary.Pass++
		case Fail:
			rep.Summary.Fail++
		default:
			rep.Summary.Error++
		}
	}
	return rep
}

// CheckFile checks one solution file.
func CheckFile(ctx context.Context, path string, opts Options) Submission {
	sub := Submission{Path: path}
	src, err := os.ReadFile(path)
	if err != nil {
		return errored(sub, fmt.Sprintf("cannot read it: %v", err))
	}
	sub.Seed = seedFor(src, opts.Seed)
	dir, err := os.MkdirTemp("", "tokenlab-check-")
	if err != nil {
		return errored(sub, err.Error())
	}
	defer os.RemoveAll(dir)

	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".py":
		return checkPython(ctx, sub, src, dir, opts)
	case ".go", ".js":
		return checkOutputOnly(ctx, sub, ext, src, dir, opts)
	default:
		return errored(sub, fmt.Sprintf("cannot check %q files: tokenlab checks Python (.py) solutions, and the output of Go (.go) and JavaScript (.js) ones", ext))
	}
}

func errored(sub Submission, msg string) Submission {
	sub.Status, sub.Message, sub.Tests = Error, msg, []Test{}
	return sub
}

// seedFor is the probe seed: the one given, else one from the file's
// content, so the same file always gets the same report. It keeps to 48
// bits so that JSON readers hold it exactly.
func seedFor(src []byte, given *uint64) uint64 {
	if given != nil {
		return *given
	}
	h := fnv.New64a()
	h.Write(src)
	return h.Sum64() & (1<<48 - 1)
}

func checkPython(ctx context.Context, sub Submission, src []byte, dir string, opts Options) Submission {
	if err := os.WriteFile(filepath.Join(dir, "solution.py"), src, 0o644); err != nil {
		return errored(sub, err.Error())
	}
	limits, _ := json.Marshal(map[string]any{
		"output_bytes": opts.Limits.OutputBytes, "memory_bytes": opts.Limits.MemoryBytes,
		"cpu_seconds": opts.Limits.CPUSeconds, "file_bytes": opts.Limits.FileBytes,
	})
	o, err := run(ctx, spec{
		argv:   []string{opts.Python, "-I", "-c", harnessSource, "solution.py", strconv.FormatUint(sub.Seed, 10), "3", string(limits)},
		dir:    dir,
		limits: opts.Limits,
		report: true,
	})
	if err != nil {
		return errored(sub, fmt.Sprintf("cannot run %s: %v", opts.Python, err))
	}
	if msg := runProblem(o, opts.Limits); msg != "" {
		return errored(sub, msg)
	}
	var obs observation
	dec := json.NewDecoder(bytes.NewReader(o.report))
	dec.UseNumber()
	if len(o.report) == 0 || dec.Decode(&obs) != nil {
		switch o.signal {
		case "":
		case "CPU time limit exceeded":
			return errored(sub, fmt.Sprintf("it used more than %ds of CPU time and was stopped", opts.Limits.CPUSeconds))
		default:
			return errored(sub, fmt.Sprintf("it was killed (%s) before the checks could finish; a memory or CPU limit?", o.signal))
		}
		return errored(sub, fmt.Sprintf("the interpreter exited (code %d) before the checks could finish; does the solution call os._exit?", o.exitCode))
	}
	if e := obs.Error; e != nil {
		msg := e.Message
		switch {
		case e.Kind == "syntax" && e.Line > 0:
			msg = fmt.Sprintf("syntax error at line %d: %s", e.Line, e.Message)
		case e.Kind == "raised" && e.Line > 0:
			msg = fmt.Sprintf("it raised an exception at line %d: %s", e.Line, e.Message)
		case e.Kind == "raised":
			msg = "it raised an exception: " + e.Message
		case e.Kind == "harness":
			msg = "the check could not finish: " + e.Message
		}
		return errored(sub, msg)
	}
	sub.Tests = selectStep(pythonTests(&obs), opts.Step)
	return decide(sub)
}

// runProblem says why a run must be reported as an error, or "".
func runProblem(o outcome, l Limits) string {
	switch {
	case o.timedOut:
		return fmt.Sprintf("it ran longer than %s and was stopped (an endless loop?)", l.TimeoutText)
	case o.flooded != "":
		return fmt.Sprintf("it wrote more than %d KiB to %s and was stopped", l.OutputBytes>>10, o.flooded)
	}
	return ""
}

// decide sets a submission's status and message from its tests.
func decide(sub Submission) Submission {
	sub.Status = Pass
	for _, t := range sub.Tests {
		if t.Status == Fail {
			sub.Status = Fail
			sub.Message = fmt.Sprintf("step %d fails: %s", t.Step, t.Message)
			return sub
		}
	}
	steps := map[int]bool{}
	for _, t := range sub.Tests {
		if t.Status == Pass {
			steps[t.Step] = true
		}
	}
	switch len(steps) {
	case 0: // every test was skipped: nothing could be checked
		sub.Status = Error
		if len(sub.Tests) > 0 {
			sub.Message = sub.Tests[0].Message
		}
	case 1:
		for s := range steps {
			sub.Message = fmt.Sprintf("step %d passes", s)
		}
	default:
		sub.Message = fmt.Sprintf("all %d steps pass", len(steps))
	}
	return sub
}

func selectStep(tests []Test, step int) []Test {
	if step == 0 {
		return tests
	}
	var out []Test
	for _, t := range tests {
		if t.Step == step {
			out = append(out, t)
		}
	}
	return out
}

// checkOutputOnly runs a Go or JavaScript solution and checks step 4's
// output; the other steps need the Python harness.
func checkOutputOnly(ctx context.Context, sub Submission, ext string, src []byte, dir string, opts Options) Submission {
	var argv []string
	switch ext {
	case ".go":
		goTool, err := exec.LookPath("go")
		if err != nil {
			return errored(sub, "cannot check .go files: no Go toolchain (go) on PATH")
		}
		if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
			return errored(sub, err.Error())
		}
		// Building runs none of the learner's code; only the program is contained.
		build := exec.CommandContext(ctx, goTool, "build", "-o", "solution", "main.go")
		build.Dir = dir
		build.Env = append(os.Environ(), "CGO_ENABLED=0", "GO111MODULE=off")
		if out, err := build.CombinedOutput(); err != nil {
			first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
			return errored(sub, "it does not build: "+strings.TrimPrefix(first, "./"))
		}
		argv = []string{filepath.Join(dir, "solution")}
	case ".js":
		node, err := exec.LookPath("node")
		if err != nil {
			return errored(sub, "cannot check .js files: no JavaScript interpreter (node) on PATH")
		}
		if err := os.WriteFile(filepath.Join(dir, "solution.js"), src, 0o644); err != nil {
			return errored(sub, err.Error())
		}
		argv = []string{node, "solution.js"}
	}
	o, err := run(ctx, spec{argv: argv, dir: dir, limits: opts.Limits})
	if err != nil {
		return errored(sub, fmt.Sprintf("cannot run it: %v", err))
	}
	if msg := runProblem(o, opts.Limits); msg != "" {
		return errored(sub, msg)
	}
	if o.exitCode != 0 {
		return errored(sub, fmt.Sprintf("it exited with code %d", o.exitCode))
	}
	var tests []Test
	for step := 1; step < lesson.StepCount; step++ {
		tests = append(tests, Test{ID: fmt.Sprintf("step%d", step), Step: step, Status: Skip,
			Message: "checking this step needs a Python solution; for " + ext + " files only step 4's output is checked"})
	}
	tests = append(tests, outputTest(string(o.stdout)))
	sub.Tests = selectStep(tests, opts.Step)
	return decide(sub)
}
