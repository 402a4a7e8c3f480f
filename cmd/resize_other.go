//go:build !unix

package cmd

// sizeChanges: without SIGWINCH the width read at start stays.
func sizeChanges(func()) {}
