package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// dieWithParent has the kernel kill the program if tokenlab dies first.
func dieWithParent(sp *syscall.SysProcAttr) { sp.Pdeathsig = syscall.SIGKILL }

// keepDyingWithParent asks again after a change of user, which clears it.
func keepDyingWithParent() { _ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0, 0, 0) }

// noNewPrivileges makes exec never grant privileges again.
func noNewPrivileges() error { return unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) }

// findBwrap finds bubblewrap on PATH.
func findBwrap() (string, bool) {
	path, err := exec.LookPath("bwrap")
	return path, err == nil
}

// freshUIDsMapped reports whether every user and group id freshUID may
// give exists in this user namespace: in the initial one all do; root in a
// rootless container has a few thousand at most, and could not become one.
func freshUIDsMapped() bool {
	for _, file := range []string{"/proc/self/uid_map", "/proc/self/gid_map"} {
		data, err := os.ReadFile(file)
		if err != nil {
			return false
		}
		covered := false
		for _, line := range strings.Split(string(data), "\n") {
			var inside, outside, count uint64
			if n, _ := fmt.Sscan(line, &inside, &outside, &count); n == 3 &&
				inside <= minFreshUID && inside+count >= minFreshUID+freshUIDSpan {
				covered = true
			}
		}
		if !covered {
			return false
		}
	}
	return true
}
