package grade

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

// sandboxUID is the user inside bubblewrap.
const sandboxUID = "65534"

// bwrapCommand runs the program in bubblewrap: no network, its own process
// tree, a read-only view of what the interpreter needs, a small private
// tmpfs holding its files, an empty environment, no capabilities, no
// terminal. Its files reach it through pipes, so nothing of the run is
// ever on the host's disk. Bubblewrap waits (--block-fd) until tokenlab
// has set the limits on the process that will start the program, and put
// it in the run's cgroup, so the limits hold from the program's first
// instruction. held are tokenlab's ends of the pipes, to close when done.
func (r *Runner) bwrapCommand(s spec, cg *cgroup) (cmd *exec.Cmd, afterStart func(context.Context) error, held []*os.File, err error) {
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
	type file struct {
		w    *os.File
		data []byte
	}
	var files []file
	extra := []*os.File{infoW, blockR}
	var fileArgs []string
	for name, data := range s.files {
		fr, fw := pipe()
		files = append(files, file{fw, data})
		fileArgs = append(fileArgs, "--perms", "0444", "--ro-bind-data", strconv.Itoa(3+len(extra)+2), filepath.Join(home, name))
		extra = append(extra, fr)
	}
	if err != nil {
		return nil, nil, held, err
	}
	args := []string{
		"--unshare-all", "--unshare-user", "--disable-userns",
		"--die-with-parent", "--new-session",
		"--uid", sandboxUID, "--gid", sandboxUID,
		"--hostname", "tokenlab",
		"--info-fd", "5", "--block-fd", "6",
		"--ro-bind", "/usr", "/usr",
	}
	if os.Geteuid() == 0 {
		args = append(args, "--cap-drop", "ALL")
	}
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
	args = append(args,
		"--proc", "/proc", "--dev", "/dev",
		"--size", strconv.FormatInt(s.limits.DiskBytes, 10), "--tmpfs", home,
		"--chdir", home,
		"--clearenv",
	)
	// After the tmpfs, so that one under /tmp is not hidden by it.
	for _, b := range s.binds {
		args = append(args, "--ro-bind", b, b)
	}
	for _, kv := range scrubbedEnv(home) {
		k, v, _ := strings.Cut(kv, "=")
		args = append(args, "--setenv", k, v)
	}
	args = append(args, fileArgs...)
	args = append(args, "--")
	args = append(args, s.argv...)

	cmd = exec.Command(r.bwrap, args...)
	cmd.Env = []string{}
	cmd.Dir = "/"
	cmd.ExtraFiles = extra
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)

	limits := rlimits(s.limits, true)
	afterStart = func(ctx context.Context) error {
		for _, f := range extra {
			f.Close() // bubblewrap has its own copies
		}
		for _, f := range files {
			go func() {
				_, _ = f.w.Write(f.data)
				f.w.Close()
			}()
		}
		defer infoR.Close()
		defer blockW.Close()
		var info struct {
			ChildPid int `json:"child-pid"`
		}
		decoded := make(chan error, 1)
		go func() { decoded <- json.NewDecoder(infoR).Decode(&info) }()
		select {
		case err := <-decoded:
			if err != nil || info.ChildPid <= 0 {
				return fmt.Errorf("bubblewrap did not start the sandbox (%v)", err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
		for _, l := range limits {
			if err := unix.Prlimit(info.ChildPid, l.Resource, &unix.Rlimit{Cur: l.Soft, Max: l.Hard}, nil); err != nil {
				return fmt.Errorf("cannot limit the sandbox: %v", err)
			}
		}
		if err := cg.join(cmd.Process.Pid, info.ChildPid); err != nil {
			return fmt.Errorf("cannot put the sandbox in its cgroup: %v", err)
		}
		_, err := blockW.Write([]byte{1})
		return err
	}
	return cmd, afterStart, held, nil
}
