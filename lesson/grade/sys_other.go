//go:build unix && !linux

package grade

import "syscall"

func dieWithParent(*syscall.SysProcAttr) {}
func keepDyingWithParent()               {}

// findBwrap: bubblewrap is Linux's; elsewhere runs have process limits only.
func findBwrap() (string, bool) { return "", false }
