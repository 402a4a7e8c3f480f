//go:build unix

package sandbox

import (
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Supported reports whether solutions can be checked on this system.
const Supported = true

// containEnv switches this executable into its containing role: started
// with it, tokenlab applies the limits it names to itself and then
// executes the program in its arguments. It stands between tokenlab and
// every learner's program, so the limits hold before the first line of the
// learner's code runs, in any language, in or out of bubblewrap.
const containEnv = "TOKENLAB_INTERNAL_CONTAIN"

// trampoline is what the containing role is told to do.
type trampoline struct {
	Rlimits []rlimit `json:"rlimits,omitempty"`
	Env     []string `json:"env,omitempty"`
	Cgroup  []string `json:"cgroup,omitempty"` // cgroup.procs files to join
	UID     int      `json:"uid,omitempty"`    // user to become; 0 keeps the current one
	Reap    bool     `json:"reap,omitempty"`   // kill every process of UID, then exit
	// KeepFDs passes every open fd on (bubblewrap's, inside it); else only
	// 0 to 4 go on.
	KeepFDs bool `json:"keep_fds,omitempty"`
	// Isolate, as root without bubblewrap, gives the run new mount,
	// network and IPC namespaces: no network, a /tmp and a /dev/shm of its
	// own of TmpBytes each, gone when it ends, and Hide (tokenlab's own
	// program) an empty file. Of Show, the directories the program needs
	// (an interpreter's), those under a place the run gets its own of are
	// shown there still, read-only.
	Isolate  bool     `json:"isolate,omitempty"`
	TmpBytes int64    `json:"tmp_bytes,omitempty"`
	Hide     string   `json:"hide,omitempty"`
	Show     []string `json:"show,omitempty"`
}

type rlimit struct {
	Resource int    `json:"r"`
	Soft     uint64 `json:"soft"`
	Hard     uint64 `json:"hard"`
}

func init() {
	if spec, ok := os.LookupEnv(containEnv); ok {
		os.Exit(contain(spec, os.Args[1:]))
	}
}

// contain is the containing role. It returns only on failure.
func contain(spec string, argv []string) int {
	var t trampoline
	if err := json.Unmarshal([]byte(spec), &t); err != nil {
		fmt.Fprintln(os.Stderr, "tokenlab: bad containment spec:", err)
		return 126
	}
	for _, procs := range t.Cgroup {
		if err := os.WriteFile(procs, []byte("0"), 0); err != nil {
			fmt.Fprintln(os.Stderr, "tokenlab: cannot join the run's cgroup:", err)
			return 126
		}
	}
	if t.Isolate {
		// A namespace is the thread's until exec: stay on this one.
		runtime.LockOSThread()
		if err := isolate(t.TmpBytes, t.Hide, t.Show); err != nil {
			fmt.Fprintln(os.Stderr, "tokenlab: cannot isolate the run:", err)
			return 126
		}
	}
	if t.Reap && t.UID < minFreshUID {
		// Killing every process one may signal is only ever done as a
		// user that has nothing but the run's processes.
		fmt.Fprintln(os.Stderr, "tokenlab: refusing to reap without a user of the run's own")
		return 126
	}
	if t.UID != 0 {
		if err := becomeUser(t.UID); err != nil {
			fmt.Fprintln(os.Stderr, "tokenlab: cannot drop to an unprivileged user:", err)
			return 126
		}
		keepDyingWithParent()
		// No setuid program or file capability gives anything back.
		if err := noNewPrivileges(); err != nil {
			fmt.Fprintln(os.Stderr, "tokenlab: cannot drop privileges for good:", err)
			return 126
		}
	}
	if t.Reap {
		// Every process this user may signal is a process of the run.
		for range 100 {
			if err := syscall.Kill(-1, syscall.SIGKILL); err == syscall.ESRCH {
				return 0
			}
		}
		return 1
	}
	if len(argv) == 0 {
		fmt.Fprintln(os.Stderr, "tokenlab: nothing to run")
		return 126
	}
	// Everything exec needs is made now: once the address space is
	// limited, this Go program may not be able to allocate at all.
	path, err := syscall.BytePtrFromString(lookPath(argv[0], t.Env))
	if err != nil {
		return 126
	}
	argvp, err := syscall.SlicePtrFromStrings(argv)
	if err != nil {
		return 126
	}
	envp, err := syscall.SlicePtrFromStrings(t.Env)
	if err != nil {
		return 126
	}
	// Only stdin, stdout, stderr, the report (3) and the probes (4) go on.
	for fd := 5; fd < 1024 && !t.KeepFDs; fd++ {
		syscall.CloseOnExec(fd)
	}
	limits := make([]syscall.Rlimit, len(t.Rlimits))
	resources := make([]uintptr, len(t.Rlimits))
	for i, l := range t.Rlimits {
		limits[i] = syscall.Rlimit{Cur: l.Soft, Max: l.Hard}
		resources[i] = uintptr(l.Resource)
	}
	if errno := installSyscallFilter(); errno != 0 {
		fmt.Fprintf(os.Stderr, "tokenlab: cannot filter system calls: %v\n", errno)
		return 126
	}
	failed, errno := limitAndExec(resources, limits, path, &argvp[0], &envp[0])
	if failed >= 0 {
		fmt.Fprintf(os.Stderr, "tokenlab: cannot set limit %d: %v\n", t.Rlimits[failed].Resource, errno)
		return 126
	}
	fmt.Fprintf(os.Stderr, "tokenlab: cannot run %s: %v\n", argv[0], errno)
	return 127
}

// limitAndExec sets the limits and executes the program, returning only
// on failure: the index of the limit it could not set, or -1 with exec's
// error. Once the address space is limited, neither the Go runtime nor the
// race detector may get another page, so nothing here allocates or is
// instrumented: in a race build, one more trace event at the wrong moment
// makes ThreadSanitizer map memory, fail, and end the run with code 66.
//
//go:norace
func limitAndExec(resources []uintptr, limits []syscall.Rlimit, path *byte, argv, envp **byte) (int, syscall.Errno) {
	for i := range limits {
		if _, _, errno := syscall.RawSyscall(syscall.SYS_SETRLIMIT, resources[i], uintptr(unsafe.Pointer(&limits[i])), 0); errno != 0 {
			return i, errno
		}
	}
	_, _, errno := syscall.RawSyscall(syscall.SYS_EXECVE, uintptr(unsafe.Pointer(path)),
		uintptr(unsafe.Pointer(argv)), uintptr(unsafe.Pointer(envp)))
	return -1, errno
}

// lookPath finds a program named without a slash on the PATH in env, as
// the shell would; execve itself looks nowhere.
func lookPath(name string, env []string) string {
	if strings.Contains(name, "/") {
		return name
	}
	for _, kv := range env {
		if dirs, ok := strings.CutPrefix(kv, "PATH="); ok {
			for _, dir := range filepath.SplitList(dirs) {
				if p := filepath.Join(dir, name); syscall.Access(p, 1 /* X_OK */) == nil {
					return p
				}
			}
		}
	}
	return name
}

func becomeUser(uid int) error {
	if err := syscall.Setgroups(nil); err != nil {
		return err
	}
	// As root, setgid and setuid set the real, effective and saved ids.
	if err := syscall.Setgid(uid); err != nil {
		return err
	}
	return syscall.Setuid(uid)
}

// minFreshUID is the least user id freshUID gives, of freshUIDSpan.
const (
	minFreshUID  = 0x50000000
	freshUIDSpan = 0x10000000
)

// freshUID picks a user id for one run, far above the ids systems give
// people, so the run shares its user with nothing else: its process limit
// is its own, it can signal nothing else, and killing all of that user's
// processes kills only the run.
func freshUID() int {
	var b [4]byte
	randomBytes(b[:])
	return minFreshUID + int(binary.BigEndian.Uint32(b[:])%freshUIDSpan)
}

// rlimits are the limits of one run, as setrlimit takes them: memory as
// address space, or as data for a spec that says so.
func rlimits(s Spec, processes bool) []rlimit {
	l := s.Limits
	out := []rlimit{
		{unix.RLIMIT_CORE, 0, 0},
		{unix.RLIMIT_NOFILE, 256, 256},
	}
	if l.CPUSeconds > 0 {
		// A hard limit one second later lets SIGXCPU, a clear reason,
		// arrive before SIGKILL.
		out = append(out, rlimit{unix.RLIMIT_CPU, uint64(l.CPUSeconds), uint64(l.CPUSeconds) + 1})
	}
	if l.MemoryBytes > 0 {
		resource := unix.RLIMIT_AS
		if s.LimitData {
			resource = unix.RLIMIT_DATA
		}
		out = append(out, rlimit{resource, uint64(l.MemoryBytes), uint64(l.MemoryBytes)})
	}
	if l.FileBytes > 0 {
		out = append(out, rlimit{unix.RLIMIT_FSIZE, uint64(l.FileBytes), uint64(l.FileBytes)})
	}
	if processes && l.Processes > 0 {
		out = append(out, rlimit{unix.RLIMIT_NPROC, uint64(l.Processes), uint64(l.Processes)})
	}
	return out
}

func (t trampoline) env() string {
	b, _ := json.Marshal(t)
	return containEnv + "=" + string(b)
}

// prepare builds the command for s: bubblewrap when r has it, else the
// process limits alone.
func (r *Runner) prepare(s Spec) (*contained, error) {
	cg := r.cgroup(s.Limits)

	c := &contained{}
	var err error
	var dir string      // the run's directory, without bubblewrap
	var held []*os.File // tokenlab's ends of bubblewrap's pipes
	uid := 0
	if r.ownUsers {
		uid = freshUID()
	}
	if r.bwrap != "" {
		c.cmd, c.afterStart, held, err = r.bwrapCommand(s, cg, uid)
		c.signalsAsCodes = true
	} else if dir, err = workDir(); err == nil {
		c.cmd, err = r.plainCommand(s, dir, cg, uid)
	}
	c.kill = func() {
		if c.cmd != nil && c.cmd.Process != nil {
			_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		}
		cg.killAll()
		// Whatever is left of the run's user is killed by a process of
		// that user: unless bubblewrap's PID namespace, which dies with
		// the run, or a cgroup, which its processes cannot leave, shows
		// there is nothing left. (That process is a start of tokenlab,
		// a good part of a short run's cost.)
		if uid != 0 && r.bwrap == "" && (cg == nil || !cg.empty()) {
			r.reap(uid)
		}
		if r.subreaper {
			sweepOrphans()
		}
	}
	c.peak = cg.peak
	c.cleanup = func() {
		for _, f := range held {
			f.Close()
		}
		if uid != 0 && r.bwrap == "" && !r.isolate {
			// Without places of its own, what the run's user left in
			// the shared ones goes before its memory is looked at.
			removeOwnedBy(uid)
		}
		r.release(cg)
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	if err != nil {
		c.cleanup()
		return nil, err
	}
	return c, nil
}

// plainCommand runs the program under process limits alone: a new session,
// rlimits, a private directory and, as root, a user of its own.
func (r *Runner) plainCommand(s Spec, dir string, cg *cgroup, uid int) (*exec.Cmd, error) {
	for name, data := range s.Files {
		perm := os.FileMode(0o644)
		if name == s.Executable {
			perm = 0o755
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, perm); err != nil {
			return nil, err
		}
	}
	if uid != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, err
		}
		paths := []string{dir}
		for name := range s.Files {
			paths = append(paths, filepath.Join(dir, name))
		}
		for _, p := range paths {
			if err := os.Lchown(p, uid, uid); err != nil {
				return nil, err
			}
		}
	}
	t := trampoline{Rlimits: rlimits(s, uid != 0), Env: scrubbedEnv(dir, s.Env), Cgroup: cg.procsFiles(), UID: uid}
	if uid != 0 && r.isolate {
		t.Isolate, t.TmpBytes, t.Hide, t.Show = true, s.Limits.DiskBytes, r.hidden, s.Binds
	}
	cmd := exec.Command(r.self, s.Argv...)
	cmd.Env = []string{t.env()}
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	dieWithParent(cmd.SysProcAttr)
	return cmd, nil
}

// reap kills whatever still runs as the runs' user: a daemon that left the
// session is still that user's.
func (r *Runner) reap(uid int) {
	if uid < minFreshUID {
		return
	}
	cmd := exec.Command(r.self)
	cmd.Env = []string{trampoline{UID: uid, Reap: true}.env()}
	_ = cmd.Run()
}

func exitSignal(ps *os.ProcessState) string {
	if ps == nil {
		return ""
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal().String()
	}
	return ""
}

func signalName(n int) string { return syscall.Signal(n).String() }

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

// randomBytes fills b from the system's random source.
func randomBytes(b []byte) {
	if _, err := crand.Read(b); err != nil {
		panic("tokenlab: no random source: " + err.Error())
	}
}
