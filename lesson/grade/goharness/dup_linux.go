package goharness

import "syscall"

// dup makes fd to a copy of from (Dup2 is missing on some Linux ports).
func dup(from, to int) { _ = syscall.Dup3(from, to, 0) }
