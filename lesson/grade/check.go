// Package grade checks a learner's solution by what it does: it runs the
// solution contained (see sandbox.go), lets the embedded Python harness
// observe it, and decides each step's verdict here, in Go, from those
// observations, never from what the solution printed about itself.
package grade

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/tokenlab/tokenlab/internal/safefile"
	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/lesson"
)

//go:embed harness.py
var harnessSource string

// Status is a verdict.
type Status string

// The verdicts. A test is skipped when the language cannot show it. A note
// is advice that changes no verdict: something the lesson teaches (What You'll
// Learn) that the program does not do yet.
const (
	Pass  Status = "pass"
	Fail  Status = "fail"
	Error Status = "error"
	Skip  Status = "skip"
	Note  Status = "note"
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

// PassedSteps are the steps whose every test passed, in order.
func (s Submission) PassedSteps() []int {
	state := s.StepStates()
	var steps []int
	for step := 1; step <= lesson.StepCount; step++ {
		if state[step] == Pass {
			steps = append(steps, step)
		}
	}
	return steps
}

// StepStates is each step's overall result: Fail if any of its tests
// failed, Pass if all passed, Skip if it was not checked.
func (s Submission) StepStates() map[int]Status {
	state := map[int]Status{}
	for _, t := range s.Tests {
		switch {
		case t.Status == Note, state[t.Step] == Fail:
		case t.Status == Fail || t.Status == Error:
			state[t.Step] = Fail
		case state[t.Step] == "" || t.Status == Skip:
			state[t.Step] = t.Status
		}
	}
	return state
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
	// Containment is how every run was contained.
	Containment sandbox.Containment `json:"containment"`
	// Unavailable is why bubblewrap, though installed, could not contain
	// the runs (then Containment is process limits).
	Unavailable string         `json:"bubblewrap_unavailable,omitempty"`
	Limits      sandbox.Limits `json:"limits"`
	// Seed is the seed every file was probed with when --seed gave one;
	// otherwise each file's seed is a keyed hash of its content.
	Seed *uint64 `json:"seed"`
}

// Options say how to check.
type Options struct {
	Runner  *Runner // how programs run; see NewRunner
	Limits  sandbox.Limits
	Jobs    int     // files checked at once
	Step    int     // only this step's tests; 0 for all
	Seed    *uint64 // probe seed for every file; nil for a keyed hash of each file's content
	SeedKey []byte  // the key of that hash (see LoadSeedKey)
	// Refused are files not to be read, with the reason (a link out of
	// the directory being checked).
	Refused map[string]string
	// Listed are the files found by listing a directory: each is read
	// relative to that directory, never through a link out of it, and,
	// unless it was listed as a link, not through a link at all.
	Listed map[string]Listed
	// Progress, when set, is called after each file is checked, one call
	// at a time, with how many are done and the file's verdict.
	Progress func(done int, s Submission)
}

// Check checks files in parallel and reports on them in the order given.
func Check(ctx context.Context, files []string, opts Options) Report {
	rep := Report{Submissions: make([]Submission, len(files)), Containment: opts.Runner.Containment(),
		Unavailable: opts.Runner.Unavailable(), Limits: opts.Runner.Effective(opts.Limits), Seed: opts.Seed}
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex // Progress is called one call at a time
	done := 0
	for range max(1, min(opts.Jobs, len(files))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rep.Submissions[i] = CheckFile(ctx, files[i], opts)
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, rep.Submissions[i])
					mu.Unlock()
				}
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
	if reason, ok := opts.Refused[path]; ok {
		return errored(sub, reason)
	}
	var src []byte
	var err error
	if in, ok := opts.Listed[path]; ok {
		src, err = readListed(in, path)
	} else {
		src, err = ReadSolution(path)
	}
	if err != nil {
		return errored(sub, err.Error())
	}
	sub.Seed = seedFor(src, opts.SeedKey, opts.Seed)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".py":
		return checkPython(ctx, sub, src, opts)
	case ".go":
		return checkGo(ctx, sub, src, opts)
	case ".js":
		return checkOutputOnly(ctx, sub, ext, src, opts)
	default:
		return errored(sub, fmt.Sprintf("cannot check %q files: %s", ext, Checkable()))
	}
}

// Listed is where a file was found: the directory listed, and whether
// the entry was a link (to a file inside it) then.
type Listed struct {
	Dir  string
	Link bool
}

// Language is a language check can check solutions in.
type Language struct {
	Name       string      // as messages name it
	Ext        string      // a solution's file extension, lower case
	Checks     []CheckInfo // the checks its solutions get, in report order
	OutputOnly bool        // only the program's output is checked (step 4)
}

// Languages are the languages check can check, the one list every message,
// completion and file filter takes them from.
var Languages = []Language{
	{Name: "Python", Ext: ".py", Checks: pythonChecks},
	{Name: "Go", Ext: ".go", Checks: goChecks},
	{Name: "JavaScript", Ext: ".js", Checks: outputOnlyChecks, OutputOnly: true},
}

// LanguageOf is the language of a solution file, by its extension in any
// case; false when check cannot check it.
func LanguageOf(path string) (Language, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, l := range Languages {
		if l.Ext == ext {
			return l, true
		}
	}
	return Language{}, false
}

// Extensions are the extensions of Languages without their dot, as shell
// completion filters files by.
func Extensions() []string {
	exts := make([]string, len(Languages))
	for i, l := range Languages {
		exts[i] = strings.TrimPrefix(l.Ext, ".")
	}
	return exts
}

// Checkable says which solutions check can check, for messages: "tokenlab
// checks Python (.py) and Go (.go) solutions, and the output of JavaScript
// (.js) ones". It is made when first asked for, not as every command starts.
var Checkable = sync.OnceValue(checkable)

func checkable() string {
	var full, output []string
	for _, l := range Languages {
		named := fmt.Sprintf("%s (%s)", l.Name, l.Ext)
		if l.OutputOnly {
			output = append(output, named)
		} else {
			full = append(full, named)
		}
	}
	s := "tokenlab checks " + andList(full) + " solutions"
	if len(output) > 0 {
		s += ", and the output of " + andList(output) + " ones"
	}
	return s
}

// andList joins words as prose does: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// MaxSolutionBytes is the largest solution file check reads.
const MaxSolutionBytes = 1 << 20

// ReadSolution reads a solution file, which must be a regular file of at
// most MaxSolutionBytes. It opens without blocking and decides from the
// open file (safefile), so a FIFO, a device or a link to one is refused,
// never read.
func ReadSolution(path string) ([]byte, error) {
	return solutionError(safefile.ReadFile(path, MaxSolutionBytes, "a solution"))
}

// solutionError puts what reading a solution gave in a verdict's words.
func solutionError(src []byte, err error) ([]byte, error) {
	var notRegular *safefile.NotRegularError
	var tooLarge *safefile.TooLargeError
	switch {
	case errors.As(err, &notRegular):
		return nil, NotRegularError(notRegular.Mode)
	case errors.As(err, &tooLarge):
		return nil, fmt.Errorf("it is larger than %d KiB, the most a solution may be", MaxSolutionBytes>>10)
	case err != nil:
		return nil, fmt.Errorf("cannot read it: %v", unwrapPath(err))
	}
	return src, nil
}

// readListed reads a solution found by listing a directory (see Listed).
func readListed(in Listed, path string) ([]byte, error) {
	rel, err := filepath.Rel(in.Dir, path)
	if err != nil {
		return nil, err
	}
	src, err := safefile.ReadFileIn(in.Dir, rel, !in.Link, MaxSolutionBytes, "a solution")
	var hardLinked *safefile.HardLinkedError
	switch {
	case errors.As(err, &hardLinked):
		return nil, fmt.Errorf("it has %d hard links, so it may be a file from elsewhere linked into the directory; it is not read", hardLinked.Links)
	case errors.Is(err, safefile.ErrLink) && in.Link:
		return nil, fmt.Errorf("it is a link that leads out of %s; links are not followed out of the directory being checked", in.Dir)
	case errors.Is(err, safefile.ErrLink):
		return nil, errors.New("it became a link after the directory was listed; links are not followed there")
	}
	return solutionError(src, err)
}

// NotRegularError says what a path is instead of a regular file.
func NotRegularError(m os.FileMode) error {
	what := (&safefile.NotRegularError{Mode: m}).What()
	return fmt.Errorf("it is %s, not a regular file; only regular files are checked", what)
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func errored(sub Submission, msg string) Submission {
	sub.Status, sub.Message, sub.Tests = Error, msg, []Test{}
	return sub
}

// interfered is the verdict on a report that is not the harness's.
const interfered = "the solution interfered with the checker: its report is not the one the checker writes"

func checkPython(ctx context.Context, sub Submission, src []byte, opts Options) Submission {
	r := opts.Runner
	p := makePlan(sub.Seed, src)
	o, err := r.box.Run(ctx, sandbox.Spec{
		Argv:     []string{r.python.path, "-I", "-c", r.python.harness, "solution.py"},
		Files:    map[string][]byte{"solution.py": src},
		Binds:    r.python.binds,
		Limits:   opts.Limits,
		Converse: converse(p),
	})
	if err != nil {
		return errored(sub, fmt.Sprintf("cannot run %s: %v", r.python.path, err))
	}
	return judge(sub, o, p, opts, python)
}

// judge turns a run of a harness into the submission's verdict, in the
// words of the solution's language.
func judge(sub Submission, o sandbox.Outcome, p plan, opts Options, lang language) Submission {
	sub = judgeRun(sub, o, p, opts, lang)
	return lang.translate(sub)
}

func judgeRun(sub Submission, o sandbox.Outcome, p plan, opts Options, lang language) Submission {
	rep, err := decodeReport(o.Report, p, lang.written)
	problem := runProblem(o, opts.Limits)
	if problem != "" && (err != nil || !rep.complete) {
		// Stopped inside its first call of refresh_token (an endless
		// loop there): steps 1 and 2 were built, and the fault is step 3's.
		if err == nil && o.TimedOut && rep.main == nil && rep.calling != nil && rep.calling.FirstCall.Tokens != nil {
			sub.Tests = selectStep(neverReturnedTests(rep.calling, rep.written, problem), opts.Step)
			return decide(sub)
		}
		return errored(sub, problem)
	}
	if err != nil {
		return errored(sub, interfered)
	}
	if e := rep.failure; e != nil {
		msg := e.Message
		switch {
		case e.Kind == "syntax" && e.Line != nil:
			msg = fmt.Sprintf("syntax error at line %d: %s", *e.Line, e.Message)
		case e.Kind == "raised":
			msg = raisedText(e.Message, e.Line)
		case e.Kind == "memory":
			msg = fmt.Sprintf("it ran out of memory (limit %d MiB)", opts.Limits.MemoryBytes>>20)
		case e.Kind == "harness":
			msg = "the check could not finish: " + e.Message
		}
		return errored(sub, msg)
	}
	if !rep.complete {
		return errored(sub, lang.endedEarly(o, opts.Limits, rep.main != nil))
	}
	if r := rep.main.Raised; r != nil && rep.main.built().Tokens == nil {
		// It stopped before making tokens: nothing is there to check.
		return errored(sub, raisedText(r.Message, r.Line))
	}
	rerunsEnd := ""
	if rep.reruns == nil {
		rerunsEnd = rerunsEnded(o, opts.Limits, problem)
	}
	tests := pythonTests(rep.main, rep.written, rep.results, p.probes, string(o.Stdout))
	step3Fails := (Submission{Tests: tests}).StepStates()[3] == Fail
	tests = append(tests, rerunTest(rep.reruns, p.reruns, rerunsEnd, step3Fails), noteTest(rep.reruns, p.reruns, rerunsEnd))
	sub.Tests = selectStep(tests, opts.Step)
	return decide(sub)
}

// raisedText is a submission's message when an exception stopped it
// before anything could be checked.
func raisedText(message string, line *int) string {
	msg := "it raised an exception: " + message
	if line != nil {
		msg = fmt.Sprintf("it raised an exception at line %d: %s", *line, message)
	}
	if strings.HasPrefix(message, "EOFError") {
		msg += "; input() reads what is typed, and a check types nothing: the exercise needs no input"
	}
	return msg
}

// rerunsEnded says why the reruns did not end: the probes had their
// answers by then.
func rerunsEnded(o sandbox.Outcome, l sandbox.Limits, problem string) string {
	switch {
	case problem != "":
		return problem
	case o.Signal == "CPU time limit exceeded":
		return fmt.Sprintf("it used more than %ds of CPU time and was stopped", l.CPUSeconds)
	case o.Signal != "":
		return fmt.Sprintf("it was killed (%s)", o.Signal)
	}
	return fmt.Sprintf("the interpreter exited (code %d) before it ended", o.ExitCode)
}

func firstLine(b []byte) string {
	line, _, _ := strings.Cut(string(b), "\n")
	return line
}

// runProblem says why a run must be reported as an error, or "".
func runProblem(o sandbox.Outcome, l sandbox.Limits) string {
	switch {
	case o.TimedOut:
		return fmt.Sprintf("it ran longer than %s and was stopped (an endless loop?)", l.TimeoutText)
	case o.Flooded == "stdout":
		return fmt.Sprintf("it printed more than %d KiB and was stopped", l.OutputBytes>>10)
	case o.Flooded != "":
		return fmt.Sprintf("it wrote more than %d KiB to %s and was stopped", l.OutputBytes>>10, o.Flooded)
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

// checkOutputOnly runs a JavaScript solution and checks step 4's output;
// the other steps need a harness, which JavaScript does not have yet.
func checkOutputOnly(ctx context.Context, sub Submission, ext string, src []byte, opts Options) Submission {
	node, err := findProgram("node")
	if err != nil {
		return errored(sub, "cannot check .js files: no JavaScript interpreter (node) on PATH")
	}
	o, err := opts.Runner.box.Run(ctx, sandbox.Spec{
		Argv:      []string{node.path, "solution.js"},
		Files:     map[string][]byte{"solution.js": src},
		Binds:     node.binds,
		Limits:    opts.Limits,
		LimitData: true, // V8 reserves far more address space than it uses
	})
	if err != nil {
		return errored(sub, fmt.Sprintf("cannot run it: %v", err))
	}
	if msg := runProblem(o, opts.Limits); msg != "" {
		return errored(sub, msg)
	}
	if o.ExitCode != 0 {
		if msg := python.endedEarly(o, opts.Limits, false); o.ExitCode >= 126 || o.Signal != "" {
			return errored(sub, msg)
		}
		return errored(sub, fmt.Sprintf("it exited with code %d", o.ExitCode))
	}
	var tests []Test
	for step := 1; step < lesson.StepCount; step++ {
		tests = append(tests, Test{ID: fmt.Sprintf("step%d", step), Step: step, Status: Skip,
			Message: "checking this step needs a Python or Go solution; for " + ext + " files only step 4's output is checked"})
	}
	tests = append(tests, outputTest(string(o.Stdout), lesson.NewToken))
	sub.Tests = selectStep(tests, opts.Step)
	return decide(sub)
}
