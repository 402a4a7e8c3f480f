package grade

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tokenlab/tokenlab/internal/sandbox"
)

// RunnerConfig says how solutions are to be run.
type RunnerConfig struct {
	Sandbox string // one of sandbox.Modes; "" is auto
	Python  string // the interpreter for .py files, a name or a path; "" when none is needed
	// GoCache is where the standard library is compiled for Go solutions;
	// "" is tokenlab's directory in the user's cache.
	GoCache string
}

// A Runner runs learners' programs: the sandbox that contains each run,
// and the interpreter Python solutions run with.
type Runner struct {
	box     *sandbox.Runner
	python  interpreter
	goCache string
}

// interpreter is a program that runs solutions, and the directories it
// needs to read besides /usr.
type interpreter struct {
	path    string
	binds   []string
	version string // "3.13", for an interpreter of a language that has versions
	// harness is what `python -c` runs to start the check harness: its
	// code compiled once, by this interpreter, when it was found.
	harness string
}

// MinPython is the oldest Python the harness supports, as (major, minor).
var MinPython = [2]int{3, 8}

// NoPythonError says the interpreter asked for cannot be used: why, and
// what to do, ending in the interpreter to name (the command that reads
// the message says how it is named).
type NoPythonError struct {
	Name   string
	Reason string
	Remedy string // "name a Python 3 interpreter"
}

func (e *NoPythonError) Error() string {
	return fmt.Sprintf("no Python interpreter: %s %s; %s", e.Name, e.Reason, e.Remedy)
}

// NewRunner finds what cfg asks for: the sandbox and the interpreter, at
// once (each runs a program, and neither needs the other).
func NewRunner(cfg RunnerConfig) (*Runner, error) {
	type found struct {
		python interpreter
		err    error
	}
	py := make(chan found, 1)
	if cfg.Python != "" {
		go func() {
			p, err := findPython(cfg.Python)
			py <- found{p, err}
		}()
	}
	box, err := sandbox.New(cfg.Sandbox)
	if err != nil {
		return nil, err
	}
	r := &Runner{box: box, goCache: cfg.GoCache}
	if r.goCache == "" {
		r.goCache = defaultGoCache()
	}
	if cfg.Python != "" {
		f := <-py
		if r.python, err = f.python, f.err; err != nil {
			box.Close()
			return nil, err
		}
		if !box.CanRun(r.python.path) {
			box.Close()
			return nil, &NoPythonError{Name: cfg.Python, Reason: fmt.Sprintf(
				"(%s) cannot be run by the unprivileged user solutions run as, because a directory on its path is private",
				r.python.path), Remedy: "install bubblewrap, or name an interpreter outside a private home"}
		}
	}
	return r, nil
}

// Containment says how r contains a run.
func (r *Runner) Containment() sandbox.Containment { return r.box.Containment() }

// Unavailable is why bubblewrap does not contain the runs though it is
// installed, or "" (see sandbox.Runner.Unavailable).
func (r *Runner) Unavailable() string { return r.box.Unavailable() }

// Effective is l as r enforces it.
func (r *Runner) Effective(l sandbox.Limits) sandbox.Limits { return r.box.Effective(l) }

// Close removes what r keeps between runs. Call it when done checking.
func (r *Runner) Close() {
	if r != nil {
		r.box.Close()
	}
}

// findPython resolves name to the interpreter itself (not a wrapper such as
// pyenv's shim), the directories it reads, and checks that it is a Python
// the harness supports. It runs the interpreter once, with no learner's
// code, in a way every Python (2 included) can answer, and without the
// site module (-S): the paths it asks for are set before site runs, and
// site's .pth files can take longer than the rest of the start. A
// supported Python also compiles the harness (which does not run it), so
// that no run compiles it again (about 2 ms of each, measured here).
func findPython(name string) (interpreter, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return interpreter{}, &NoPythonError{Name: name, Reason: "was not found", Remedy: "install Python 3 or name one"}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const query = "import os, sys\nfor p in (os.path.realpath(sys.executable), sys.prefix, sys.base_prefix if hasattr(sys, 'base_prefix') else sys.prefix, sys.exec_prefix, getattr(sys, 'base_exec_prefix', sys.exec_prefix)): print(p)\nprint('%d.%d' % sys.version_info[:2])\n" +
		"if sys.version_info >= (3, 8):\n    try:\n        import marshal\n        print(marshal.dumps(compile(sys.stdin.buffer.read(), '<string>', 'exec')).hex())\n    except Exception:\n        pass"
	cmd := exec.CommandContext(ctx, path, "-E", "-s", "-S", "-c", query)
	cmd.Stdin = strings.NewReader(harnessSource)
	out, err := cmd.Output()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || len(lines) < 6 || len(lines) > 7 || !filepath.IsAbs(lines[0]) {
		return interpreter{}, &NoPythonError{Name: name, Reason: "does not run as Python", Remedy: "name a Python 3 interpreter"}
	}
	version := lines[5]
	major, minor, _ := strings.Cut(version, ".")
	maj, err1 := strconv.Atoi(major)
	mnr, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil {
		return interpreter{}, &NoPythonError{Name: name, Reason: "does not run as Python", Remedy: "name a Python 3 interpreter"}
	}
	if maj != MinPython[0] || mnr < MinPython[1] {
		return interpreter{}, &NoPythonError{Name: name, Reason: fmt.Sprintf(
			"is Python %s; tokenlab checks solutions with Python %d.%d or later", version, MinPython[0], MinPython[1]), Remedy: "name one"}
	}
	harness := harnessSource // compiled by each run, if the query did not
	if len(lines) == 7 && isHex(lines[6]) {
		harness = "import marshal\nexec(marshal.loads(bytes.fromhex('" + lines[6] + "')))"
	}
	return interpreter{path: lines[0], binds: sandbox.Binds(append(lines[1:5], filepath.Dir(filepath.Dir(lines[0])))), version: version, harness: harness}, nil
}

// isHex reports whether s is a non-empty string of hexadecimal pairs.
func isHex(s string) bool {
	if s == "" || len(s)%2 != 0 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// findProgram resolves a language's tool on PATH the same way.
func findProgram(name string) (interpreter, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return interpreter{}, err
	}
	if path, err = filepath.EvalSymlinks(path); err != nil {
		return interpreter{}, err
	}
	if path, err = filepath.Abs(path); err != nil {
		return interpreter{}, err
	}
	return interpreter{path: path, binds: sandbox.Binds([]string{filepath.Dir(filepath.Dir(path))})}, nil
}
