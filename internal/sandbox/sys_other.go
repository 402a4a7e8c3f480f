//go:build unix && !linux

package sandbox

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"
)

func dieWithParent(*syscall.SysProcAttr) {}
func keepDyingWithParent()               {}
func noNewPrivileges() error             { return nil }

// isolate: namespaces are Linux's; no runner asks for them elsewhere.
func isolate(int64, string, []string) error { return errors.New("namespaces are Linux's") }

// removeOwnedBy: elsewhere runs have no users of their own to sweep for.
func removeOwnedBy(int) {}

// installSyscallFilter: seccomp is Linux's.
func installSyscallFilter() syscall.Errno { return 0 }

// findBwrap: bubblewrap is Linux's; elsewhere runs have process limits only.
func findBwrap() (string, bool) { return "", false }
func findSetpriv() string       { return "" }

func (r *Runner) bwrapCommand(Spec, *cgroup, int) (*exec.Cmd, func(context.Context) error, []*os.File, error) {
	return nil, nil, nil, errors.New("bubblewrap is Linux's")
}

// Elsewhere there is no child subreaper: what a run leaves in a session
// of its own lives on (see the README).
func startRun(cmd *exec.Cmd) error { return cmd.Start() }
func endRun(int)                   {}
func becomeSubreaper() error       { return errors.New("no child subreaper here") }
func sweepOrphans()                {}

// freshUIDsMapped: user namespaces are Linux's; elsewhere every id exists.
func freshUIDsMapped() bool { return true }
