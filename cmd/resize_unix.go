//go:build unix

package cmd

import (
	"os"
	"os/signal"
	"syscall"
)

// sizeChanges calls changed after each change of the terminal's size, for
// as long as the process runs.
func sizeChanges(changed func()) {
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, syscall.SIGWINCH)
	go func() {
		for range winch {
			changed()
		}
	}()
}
