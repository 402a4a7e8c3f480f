package grade

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Sandbox modes, as --sandbox takes them.
const (
	SandboxAuto  = "auto"  // bubblewrap when it is installed, else process limits
	SandboxBwrap = "bwrap" // bubblewrap, or refuse to run
	SandboxOff   = "off"   // process limits only
)

// SandboxModes lists the --sandbox values.
var SandboxModes = []string{SandboxAuto, SandboxBwrap, SandboxOff}

// RunnerConfig says how solutions are to be run.
type RunnerConfig struct {
	Sandbox string // one of SandboxModes; "" is auto
	Python  string // the interpreter for .py files, a name or a path; "" when none is needed
}

// A Runner runs learners' programs contained, the same way for every
// language: the limits are applied from Go, around the interpreter, not by
// the harness inside it.
type Runner struct {
	containment Containment
	bwrap       string // bwrap's path, when it contains the runs
	self        string // this executable, which applies the limits (see contain_unix.go)
	python      interpreter
	// ownUsers: each run has a user of its own (tokenlab runs as root
	// without bubblewrap).
	ownUsers bool
	// cgroups: each run gets a control group that limits its memory and
	// processes as a whole. Runs reuse them: making one costs more than a
	// run of a small solution.
	cgroups    bool
	cgroupPool chan *cgroup
}

// interpreter is a program that runs solutions, and the directories it
// needs to read besides /usr.
type interpreter struct {
	path  string
	binds []string
}

// ErrNoBubblewrap is --sandbox bwrap on a system without it.
var ErrNoBubblewrap = errors.New("--sandbox bwrap: bubblewrap (bwrap) is not installed; install it (Debian and Ubuntu: apt-get install bubblewrap) or use --sandbox auto")

// NoPythonError says the --python interpreter cannot be used.
type NoPythonError struct {
	Name   string
	Reason string
}

func (e *NoPythonError) Error() string {
	return fmt.Sprintf("no Python interpreter: %s %s", e.Name, e.Reason)
}

// NewRunner finds what cfg asks for: bubblewrap and the interpreter.
func NewRunner(cfg RunnerConfig) (*Runner, error) {
	if !Supported {
		return nil, errors.New("check runs learners' code contained, which needs a Unix-like system (Linux or macOS)")
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find tokenlab's own program, which contains each run: %v", err)
	}
	r := &Runner{containment: ProcessLimits, self: self}
	switch cfg.Sandbox {
	case "", SandboxAuto, SandboxBwrap:
		if path, ok := findBwrap(); ok {
			r.containment, r.bwrap = Bubblewrap, path
		} else if cfg.Sandbox == SandboxBwrap {
			return nil, ErrNoBubblewrap
		}
	case SandboxOff:
	default:
		return nil, fmt.Errorf("invalid --sandbox %q: use auto, bwrap or off", cfg.Sandbox)
	}
	r.ownUsers = r.bwrap == "" && os.Geteuid() == 0
	if r.cgroups = cgroupsAvailable(); r.cgroups {
		sweepCgroups()
		r.cgroupPool = make(chan *cgroup, 64)
	}
	if cfg.Python != "" {
		if r.python, err = findPython(cfg.Python); err != nil {
			return nil, err
		}
		if r.ownUsers && !othersCanRun(r.python.path) {
			return nil, &NoPythonError{Name: cfg.Python, Reason: fmt.Sprintf(
				"(%s) cannot be run by the unprivileged user solutions run as, because a directory on its path is private; install bubblewrap, or name an interpreter outside a private home with --python",
				r.python.path)}
		}
	}
	return r, nil
}

// Containment says how r contains a run.
func (r *Runner) Containment() Containment { return r.containment }

// findPython resolves name to the interpreter itself (not a wrapper such as
// pyenv's shim) and the directories it reads. It runs the interpreter once,
// with no learner's code.
func findPython(name string) (interpreter, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return interpreter{}, &NoPythonError{Name: name, Reason: "was not found; install Python 3 or name one with --python"}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const query = "import os, sys\nfor p in (os.path.realpath(sys.executable), sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix): print(p)\nprint(sys.version_info[0])"
	out, err := exec.CommandContext(ctx, path, "-I", "-c", query).Output()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || len(lines) != 6 || !filepath.IsAbs(lines[0]) {
		return interpreter{}, &NoPythonError{Name: name, Reason: "does not run as Python; name a Python 3 interpreter with --python"}
	}
	if lines[5] != "3" {
		return interpreter{}, &NoPythonError{Name: name, Reason: "is Python " + lines[5] + ", not Python 3; name a Python 3 interpreter with --python"}
	}
	return interpreter{path: lines[0], binds: bindsFor(append(lines[1:5], filepath.Dir(filepath.Dir(lines[0]))))}, nil
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
	return interpreter{path: path, binds: bindsFor([]string{filepath.Dir(filepath.Dir(path))})}, nil
}

// bindsFor keeps the directories a sandbox must show besides /usr: each
// once, none inside another, none that is / or the caller's whole home.
func bindsFor(dirs []string) []string {
	var out []string
	home, _ := os.UserHomeDir()
	for _, d := range dirs {
		d = filepath.Clean(d)
		if !filepath.IsAbs(d) || d == "/" || d == home || under(d, "/usr") {
			continue
		}
		if real, err := filepath.EvalSymlinks(d); err == nil {
			d = real
		}
		dup := false
		for i, o := range out {
			switch {
			case under(d, o):
				dup = true
			case under(o, d):
				out[i], dup = d, true
			}
		}
		if !dup {
			out = append(out, d)
		}
	}
	return out
}

// under reports whether path is dir or inside it.
func under(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, strings.TrimSuffix(dir, "/")+"/")
}

// othersCanRun reports whether a user other than the owner may run path:
// every directory on the way must be searchable and the file executable by
// others.
func othersCanRun(path string) bool {
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o001 == 0 {
		return false
	}
	for d := filepath.Dir(path); ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil || st.Mode().Perm()&0o001 == 0 {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

// Effective is l as r enforces it: what holds for the whole run, and
// nothing claimed that is not enforced.
func (r *Runner) Effective(l Limits) Limits {
	switch {
	case r.cgroups:
		l.Scope = "memory and processes for the whole run (cgroup)"
	case r.bwrap != "" && os.Geteuid() != 0 || r.ownUsers:
		// RLIMIT_NPROC counts a user's processes: in bubblewrap's user
		// namespace, or of a user of the run's own, those are the run's.
		l.Scope = "memory for each process, processes for the whole run"
	default:
		l.Scope = "memory for each process; processes not limited"
		l.Processes = 0
	}
	if r.bwrap == "" {
		l.DiskBytes = 0 // only bubblewrap's tmpfs caps all it writes
	}
	return l
}

// cgroup is a cgroup for one run with limits l, or nil where there are none.
func (r *Runner) cgroup(l Limits) *cgroup {
	if !r.cgroups {
		return nil
	}
	select {
	case cg := <-r.cgroupPool:
		if cg.setLimits(l) {
			return cg
		}
		cg.remove()
	default:
	}
	return newCgroup(l)
}

// release ends whatever is left in a run's cgroup and keeps it for the
// next run.
func (r *Runner) release(cg *cgroup) {
	if cg == nil {
		return
	}
	cg.killAll()
	if cg.empty() {
		select {
		case r.cgroupPool <- cg:
			return
		default:
		}
	}
	cg.remove()
}

// Close removes what r keeps between runs. Call it when done checking.
func (r *Runner) Close() {
	if r == nil || r.cgroupPool == nil {
		return
	}
	for {
		select {
		case cg := <-r.cgroupPool:
			cg.remove()
		default:
			return
		}
	}
}
