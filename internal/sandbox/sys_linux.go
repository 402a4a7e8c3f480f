package sandbox

import (
	"os/exec"
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
