package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Modes, as --sandbox takes them.
const (
	Auto  = "auto"  // bubblewrap when it can run here, else process limits
	Bwrap = "bwrap" // bubblewrap, or refuse to run
	Off   = "off"   // process limits only
)

// Modes lists the --sandbox values.
var Modes = []string{Auto, Bwrap, Off}

// A Runner runs programs contained, the same way for every language: the
// limits are applied from Go, around the program, not by anything inside
// it.
type Runner struct {
	containment Containment
	bwrap       string // bwrap's path, when it contains the runs
	// unavailable is why bubblewrap does not contain the runs under
	// --sandbox auto, in bubblewrap's words; "" when it does, or was not
	// asked for.
	unavailable string
	self        string // this executable, which applies the limits (see contain_unix.go)
	// hidden is the program a run must not read, tokenlab's own, with the
	// reference solutions in it: self, but for a test.
	hidden string
	// ownUsers: each run has a user of its own (tokenlab runs as root).
	// With bubblewrap, the sandbox is set up as root and the program
	// entered as that user, so nothing inside is host root.
	ownUsers bool
	// setpriv is util-linux's setpriv, which enters the run's user inside
	// bubblewrap in a quarter of the time tokenlab's own program takes;
	// "" where it is missing, and tokenlab's program does it (see
	// bwrapCommand).
	setpriv string
	// isolate: without bubblewrap, as root, runs get namespaces of their
	// own (see isolate).
	isolate bool
	// subreaper: tokenlab adopts what runs leave behind, and kills it
	// (runs are tokenlab's own user: not root, and no bubblewrap).
	subreaper bool
	// cgroups: each run gets a control group that limits its memory and
	// processes as a whole. Runs reuse them: making one costs more than a
	// run of a small solution.
	cgroups    bool
	cgroupPool chan *cgroup
}

// ErrNoBubblewrap is --sandbox bwrap on a system without it.
var ErrNoBubblewrap = errors.New("--sandbox bwrap: bubblewrap (bwrap) is not installed; install it (Debian and Ubuntu: apt-get install bubblewrap) or use --sandbox auto")

// UnavailableError is --sandbox bwrap where bubblewrap is installed but
// cannot run.
type UnavailableError struct{ Reason string }

func (e *UnavailableError) Error() string {
	return "--sandbox bwrap: bubblewrap cannot run here (" + e.Reason + "); " + unavailableMeaning +
		"; use --sandbox auto to contain runs with process limits instead"
}

// unavailableMeaning is what a bubblewrap that cannot start usually means.
const unavailableMeaning = "this system or container refuses the namespaces it needs (Docker's default profile does)"

// New finds what mode asks for. Under auto and bwrap it tries bubblewrap
// once, with a trivial run, so that a bubblewrap that is installed but
// cannot start here is found before any real run.
func New(mode string) (*Runner, error) {
	if !Supported {
		return nil, errors.New("check runs learners' code contained, which needs a Unix-like system (Linux or macOS)")
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find tokenlab's own program, which contains each run: %v", err)
	}
	// As root, each run gets a user of its own, where this user namespace
	// has such users: root in a rootless container maps only a few.
	r := &Runner{containment: ProcessLimits, self: self, hidden: self, ownUsers: os.Geteuid() == 0 && freshUIDsMapped()}
	if r.cgroups = cgroupsAvailable(); r.cgroups {
		sweepCgroups()
		r.cgroupPool = make(chan *cgroup, 64)
	}
	sweepWorkDirs()
	switch mode {
	case "", Auto, Bwrap:
		path, ok := findBwrap()
		if !ok {
			if mode == Bwrap {
				return nil, ErrNoBubblewrap
			}
			break
		}
		if reason := r.tryBwrap(path); reason != "" {
			if mode == Bwrap {
				r.Close()
				return nil, &UnavailableError{Reason: reason}
			}
			r.unavailable = reason
			break
		}
		r.containment, r.bwrap = Bubblewrap, path
		if r.ownUsers {
			r.setpriv = findSetpriv()
		}
	case Off:
	default:
		return nil, fmt.Errorf("invalid --sandbox %q: use auto, bwrap or off", mode)
	}
	if r.bwrap == "" && !r.ownUsers {
		r.subreaper = becomeSubreaper() == nil
	}
	if r.bwrap == "" && r.ownUsers {
		r.isolate = r.tryIsolate()
	}
	return r, nil
}

var (
	isolateOnce sync.Once
	isolateOK   bool
)

// tryIsolate reports whether runs can have namespaces of their own without
// bubblewrap: root can make them, unless a container's profile refuses
// (Docker's, without CAP_SYS_ADMIN). It is asked once a process.
func (r *Runner) tryIsolate() bool {
	isolateOnce.Do(func() {
		try := *r
		try.isolate = true
		l := DefaultLimits()
		l.Timeout = 10 * time.Second
		o, err := try.Run(context.Background(), Spec{Argv: []string{"/bin/sh", "-c", ":"}, Limits: l})
		isolateOK = err == nil && o.ExitCode == 0
	})
	return isolateOK
}

// Isolated reports whether, without bubblewrap, each run has mount,
// network and IPC namespaces of its own.
func (r *Runner) Isolated() bool { return r.isolate }

// bwrapTried caches tryBwrap's answer for each bubblewrap: it is asked once
// a process.
var bwrapTried sync.Map // path -> reason ("" when it runs)

// tryBwrap runs a trivial program in bubblewrap, exactly as a real run
// would be set up, and returns why it could not, or "".
func (r *Runner) tryBwrap(path string) string {
	if reason, ok := bwrapTried.Load(path); ok {
		return reason.(string)
	}
	try := *r
	try.containment, try.bwrap = Bubblewrap, path
	l := DefaultLimits()
	l.Timeout = 10 * time.Second
	o, err := try.Run(context.Background(), Spec{Argv: []string{"true"}, Limits: l})
	reason := ""
	switch {
	case err != nil:
		reason = bwrapReason(o.Stderr, err.Error())
	case o.ExitCode != 0:
		reason = bwrapReason(o.Stderr, fmt.Sprintf("a trivial run exited with code %d", o.ExitCode))
	}
	bwrapTried.Store(path, reason)
	return reason
}

// bwrapReason is bubblewrap's own first line of complaint, else fallback.
func bwrapReason(stderr []byte, fallback string) string {
	for _, line := range strings.Split(string(stderr), "\n") {
		if strings.HasPrefix(line, "bwrap: ") {
			return strings.TrimSpace(line)
		}
	}
	return fallback
}

// Containment says how r contains a run.
func (r *Runner) Containment() Containment { return r.containment }

// Unavailable is why bubblewrap, though installed, does not contain the
// runs (in its own words), with what that means; "" when it does, or when
// it was not asked for.
func (r *Runner) Unavailable() string {
	if r.unavailable == "" {
		return ""
	}
	return "bubblewrap cannot run here (" + r.unavailable + "): " + unavailableMeaning
}

// CanRun reports whether a program at path can be run contained: where
// runs have a user of their own and no sandbox of their own, every
// directory on the way to it must be open to other users.
func (r *Runner) CanRun(path string) bool {
	return r.bwrap != "" || !r.ownUsers || othersCanRun(path)
}

// Binds keeps the directories a sandbox must show besides /usr: each
// once, none inside another, none that is / or the caller's whole home.
func Binds(dirs []string) []string {
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
	case r.bwrap != "" || r.ownUsers:
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
	if cg.empty() && cg.reusable() {
		select {
		case r.cgroupPool <- cg:
			return
		default:
		}
	}
	cg.remove()
}

// Close removes what r keeps between runs. Call it when done.
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
