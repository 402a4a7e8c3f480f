package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Without bubblewrap and not as root, a run is tokenlab's own user: no
// PID namespace holds it, and no user of its own can be reaped. A daemon
// it leaves (a new session, its parent gone) would live on. So tokenlab
// becomes a child subreaper: such orphans become tokenlab's children, and
// after each run every child of tokenlab's that is in another session and
// is not a run under way is killed and reaped.

// runs are the runs under way, by the pid tokenlab started; the lock is
// held while one starts, so that a sweep never sees a run before it is
// listed.
var runs = struct {
	sync.Mutex
	pids map[int]bool
}{pids: map[int]bool{}}

// startRun starts cmd and lists it as a run under way.
func startRun(cmd *exec.Cmd) error {
	runs.Lock()
	defer runs.Unlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	runs.pids[cmd.Process.Pid] = true
	return nil
}

// endRun takes a run off the list.
func endRun(pid int) {
	runs.Lock()
	defer runs.Unlock()
	delete(runs.pids, pid)
}

// becomeSubreaper has orphaned descendants reparented to this process.
func becomeSubreaper() error {
	return unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
}

// sweepOrphans kills and reaps what runs left behind: tokenlab's children
// in a session not tokenlab's, that are no run under way. Each pass frees
// the next generation (their children are reparented here), so it goes on
// until a pass finds none.
func sweepOrphans() {
	own, err := unix.Getsid(0)
	if err != nil {
		return
	}
	for range 100 {
		found := 0
		runs.Lock()
		for _, pid := range orphans(own) {
			if runs.pids[pid] {
				continue
			}
			found++
			_ = syscall.Kill(pid, syscall.SIGKILL)
			var ws syscall.WaitStatus
			_, _ = syscall.Wait4(pid, &ws, 0, nil)
		}
		runs.Unlock()
		if found == 0 {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// orphans are this process's children whose session is not sid.
func orphans(sid int) []int {
	self := os.Getpid()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []int
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp session ...; comm may hold anything.
		s := string(data)
		end := strings.LastIndexByte(s, ')')
		if end < 0 {
			continue
		}
		f := strings.Fields(s[end+1:])
		if len(f) < 4 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		session, _ := strconv.Atoi(f[3])
		if ppid != self || session == sid {
			continue
		}
		if pid, err := strconv.Atoi(filepath.Base(filepath.Dir(p))); err == nil {
			out = append(out, pid)
		}
	}
	return out
}
