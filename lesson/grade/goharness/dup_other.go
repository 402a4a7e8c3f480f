//go:build unix && !linux

package goharness

import "syscall"

// dup makes fd to a copy of from.
func dup(from, to int) { _ = syscall.Dup2(from, to) }
