package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// sandboxUID is the user inside bubblewrap, for a caller that is not root.
const sandboxUID = "65534"

// containDir is where, as root, the program that enters the run's user
// (setpriv, or tokenlab's own) waits inside the sandbox: a directory only
// root may search, so that once the program runs as that user it cannot
// read tokenlab.
const containDir = "/.tokenlab"

// findSetpriv is util-linux's setpriv (in Debian's essential set), when it
// is a program of the system's own, or "".
func findSetpriv() string {
	for _, p := range []string{"/usr/bin/setpriv", "/bin/setpriv"} {
		if real, err := filepath.EvalSymlinks(p); err == nil && under(real, "/usr") {
			if st, err := os.Stat(real); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 && st.Sys().(*syscall.Stat_t).Uid == 0 {
				return real
			}
		}
	}
	return ""
}

// programDirs are where systems keep programs. With bubblewrap a run sees
// them empty but for the programs it starts: tokenlab, installed there,
// holds the reference solutions, and other programs have no business in a
// check.
var programDirs = []string{"/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/usr/games", "/usr/local/games", "/bin", "/sbin"}

// hidePrograms is bubblewrap's arguments that empty the directories of
// programs, show in them only the programs the run starts (Argv[0] and
// Programs), and put an empty file in place of tokenlab itself wherever
// it is in view.
func (r *Runner) hidePrograms(s Spec) []string {
	var args, hidden []string
	for _, d := range programDirs {
		if st, err := os.Lstat(d); err == nil && st.IsDir() {
			hidden = append(hidden, d)
			args = append(args, "--perms", "0755", "--tmpfs", d)
		}
	}
	inHidden := func(p string) bool {
		for _, d := range hidden {
			if filepath.Dir(p) == d {
				return true
			}
		}
		return false
	}
	shown := map[string]bool{}
	for _, p := range append([]string{s.Argv[0]}, s.Programs...) {
		if !filepath.IsAbs(p) {
			found, err := exec.LookPath(p) // as the sandbox's PATH will find it
			if err != nil || !filepath.IsAbs(found) {
				continue
			}
			p = found
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			continue
		}
		// The program by its real name, and by the name it is run by
		// once the directories on the way are resolved (/bin/sh is
		// /usr/bin/sh where /bin leads to usr/bin).
		named := p
		if dir, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
			named = filepath.Join(dir, filepath.Base(p))
		}
		for _, at := range []string{real, named} {
			if inHidden(at) && !shown[at] {
				shown[at] = true
				args = append(args, "--ro-bind", real, at)
			}
		}
	}
	if self, err := filepath.EvalSymlinks(r.hidden); err == nil && !shown[self] && !inHidden(self) && inView(self, s) {
		args = append(args, "--ro-bind", "/dev/null", self)
	}
	for _, d := range hidden {
		args = append(args, "--remount-ro", d)
	}
	return args
}

// inView reports whether a host path is in the sandbox's view: under /usr,
// a top-level directory bound whole, or one of the run's binds.
func inView(p string, s Spec) bool {
	for _, d := range append([]string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}, s.Binds...) {
		if under(p, d) {
			return true
		}
	}
	return false
}

// bwrapCommand runs the program in bubblewrap: no network, its own process
// tree, a read-only view of what the interpreter needs, a small private
// tmpfs holding its files, an empty environment, no capabilities, no
// terminal. Its files reach it through pipes, so nothing of the run is
// ever on the host's disk. Bubblewrap waits (--block-fd) until tokenlab
// has set the limits on the process that will start the program, and put
// it in the run's cgroup, so the limits hold from the program's first
// instruction. held are tokenlab's ends of the pipes, to close when done.
//
// A caller that is not root gets a user namespace in which the program is
// uid 65534. As root, a user namespace would map that uid to host root, so
// bubblewrap sets the sandbox up as root instead, and setpriv, started
// inside it, enters the run's fresh unprivileged uid before the program
// starts: files only root may read stay unreadable, and RLIMIT_NPROC
// counts the run's processes alone. Where there is no setpriv, tokenlab's
// own program does (see contain).
func (r *Runner) bwrapCommand(s Spec, cg *cgroup, uid int) (cmd *exec.Cmd, afterStart func(context.Context) error, held []*os.File, err error) {
	const home = "/tmp"
	// fds 3 and 4 are the report and the probes (see run); 5 and 6 these,
	// then one for each file.
	pipe := func() (r, w *os.File) {
		if err != nil {
			return nil, nil
		}
		if r, w, err = os.Pipe(); err == nil {
			held = append(held, r, w)
		}
		return r, w
	}
	infoR, infoW := pipe()
	blockR, blockW := pipe()
	var files []bwrapFile
	extra := []*os.File{infoW, blockR}
	var fileArgs []string
	// tokenlab's own program, entering the run's user, sets the limits
	// and the filter itself (see contain); otherwise bubblewrap installs
	// the filter just before the program, or setpriv, and tokenlab sets
	// the limits from outside.
	trampolined := uid != 0 && r.setpriv == ""
	if !trampolined {
		filterR, filterW := pipe()
		files = append(files, bwrapFile{filterW, syscallFilterBytes()})
		fileArgs = append(fileArgs, "--seccomp", strconv.Itoa(3+len(extra)+2))
		extra = append(extra, filterR)
	}
	for name, data := range s.Files {
		fr, fw := pipe()
		files = append(files, bwrapFile{fw, data})
		perms := "0444"
		if name == s.Executable {
			perms = "0555"
		}
		fileArgs = append(fileArgs, "--perms", perms, "--ro-bind-data", strconv.Itoa(3+len(extra)+2), filepath.Join(home, name))
		extra = append(extra, fr)
	}
	if err != nil {
		return nil, nil, held, err
	}
	args := []string{
		"--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
		"--die-with-parent", "--new-session",
		"--hostname", "tokenlab",
		"--info-fd", "5", "--block-fd", "6",
	}
	homePerms := "0755"
	if uid == 0 {
		args = append(args, "--unshare-user", "--disable-userns", "--uid", sandboxUID, "--gid", sandboxUID)
	} else {
		// Only what entering the run's user takes; that drops them too.
		args = append(args, "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID")
		homePerms = "0777" // made by root, written by the run's user
	}
	args = append(args, r.viewArgs(s, home, homePerms)...)
	args = append(args, fileArgs...)
	// Last, nothing but the tmpfs of its files stays writable: not the
	// root bubblewrap made, nor /dev and the /dev/shm in it, which would be
	// memory-backed places without a bound.
	readOnly := []string{"--remount-ro", "/dev", "--remount-ro", "/"}
	if !trampolined {
		for _, kv := range scrubbedEnv(home, s.Env) {
			k, v, _ := strings.Cut(kv, "=")
			args = append(args, "--setenv", k, v)
		}
		if uid != 0 {
			args = append(args, "--perms", "0700", "--dir", containDir,
				"--ro-bind", r.setpriv, containDir+"/setpriv")
		}
		args = append(args, readOnly...)
		args = append(args, "--")
		if uid != 0 {
			// Its groups, then its gid and uid (which clear every
			// capability), and no setuid program or file capability
			// gives anything back.
			id := strconv.Itoa(uid)
			args = append(args, containDir+"/setpriv", "--clear-groups", "--regid="+id, "--reuid="+id, "--inh-caps=-all", "--no-new-privs", "--")
		}
		args = append(args, s.Argv...)
	} else {
		// The limits are set by tokenlab's program itself, as the last
		// thing before the program starts: the Go runtime cannot start
		// within the address-space limit.
		enter := trampoline{UID: uid, Env: scrubbedEnv(home, s.Env), KeepFDs: true, Rlimits: rlimits(s, true)}
		k, v, _ := strings.Cut(enter.env(), "=")
		args = append(args, "--setenv", k, v,
			"--perms", "0700", "--dir", containDir,
			"--ro-bind", r.self, containDir+"/contain")
		args = append(args, readOnly...)
		args = append(args, "--", containDir+"/contain")
		args = append(args, s.Argv...)
	}

	cmd = exec.Command(r.bwrap, args...)
	cmd.Env = []string{}
	cmd.Dir = "/"
	cmd.ExtraFiles = extra
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)

	start := &bwrapStart{cmd: cmd, cg: cg, extra: extra, files: files, info: infoR, block: blockW}
	if !trampolined {
		start.limits = rlimits(s, true) // set from outside: no trampoline sets them
	}
	return cmd, start.afterStart, held, nil
}

// viewArgs are bubblewrap's arguments for the sandbox's view of the files:
// the system's programs and libraries read-only, less the programs that
// hidePrograms hides, /proc, a minimal /dev, the run's tmpfs at home, and
// the spec's extra read-only binds.
func (r *Runner) viewArgs(s Spec, home, homePerms string) []string {
	args := []string{"--ro-bind", "/usr", "/usr"}
	for _, top := range []string{"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"} {
		st, err := os.Lstat(top)
		switch {
		case err != nil:
		case st.Mode()&os.ModeSymlink != 0:
			if target, err := os.Readlink(top); err == nil {
				args = append(args, "--symlink", target, top)
			}
		case st.IsDir():
			args = append(args, "--ro-bind", top, top)
		}
	}
	args = append(args, r.hidePrograms(s)...)
	args = append(args,
		"--proc", "/proc", "--dev", "/dev",
		"--perms", homePerms, "--size", strconv.FormatInt(s.Limits.DiskBytes, 10), "--tmpfs", home,
		"--chdir", home,
		"--clearenv",
	)
	// After the tmpfs, so that one under /tmp is not hidden by it. The
	// directories above each are made first, open to all: bubblewrap makes
	// them 0700, which only root could then search.
	made := map[string]bool{"/": true, "/usr": true, home: true}
	for _, b := range s.Binds {
		var above []string
		for d := filepath.Dir(b); !made[d] && d != filepath.Dir(d); d = filepath.Dir(d) {
			above = append(above, d)
		}
		for i := len(above) - 1; i >= 0; i-- {
			made[above[i]] = true
			args = append(args, "--perms", "0755", "--dir", above[i])
		}
		args = append(args, "--ro-bind", b, b)
	}
	return args
}

// bwrapFile is a file's content and the pipe that gives it to bubblewrap.
type bwrapFile struct {
	w    *os.File
	data []byte
}

// bwrapStart is what is left to do once bubblewrap has started: hand it
// the files, learn the sandbox's pid, limit it and put it in its cgroup,
// then let it go on.
type bwrapStart struct {
	cmd    *exec.Cmd
	cg     *cgroup
	extra  []*os.File // bubblewrap's ends of the pipes
	files  []bwrapFile
	info   *os.File // --info-fd's other end
	block  *os.File // --block-fd's other end
	limits []rlimit // set from outside, when no trampoline sets them
}

func (b *bwrapStart) afterStart(ctx context.Context) error {
	for _, f := range b.extra {
		f.Close() // bubblewrap has its own copies
	}
	for _, f := range b.files {
		go func() {
			_, _ = f.w.Write(f.data)
			f.w.Close()
		}()
	}
	defer b.info.Close()
	defer b.block.Close()
	var info struct {
		ChildPid int `json:"child-pid"`
	}
	decoded := make(chan error, 1)
	go func() { decoded <- json.NewDecoder(b.info).Decode(&info) }()
	select {
	case err := <-decoded:
		if err != nil || info.ChildPid <= 0 {
			return fmt.Errorf("bubblewrap did not start the sandbox (%v)", err)
		}
	case <-ctx.Done():
		return ctx.Err()
	}
	for _, l := range b.limits {
		if err := unix.Prlimit(info.ChildPid, l.Resource, &unix.Rlimit{Cur: l.Soft, Max: l.Hard}, nil); err != nil {
			return fmt.Errorf("cannot limit the sandbox: %v", err)
		}
	}
	if err := b.cg.join(b.cmd.Process.Pid, info.ChildPid); err != nil {
		return fmt.Errorf("cannot put the sandbox in its cgroup: %v", err)
	}
	_, err := b.block.Write([]byte{1})
	return err
}
