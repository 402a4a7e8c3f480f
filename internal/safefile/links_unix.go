//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// hardLinks is how many names the file has.
func hardLinks(st os.FileInfo) uint64 {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(sys.Nlink)
	}
	return 1
}

// noFollowFlag makes an open fail on a link.
const noFollowFlag = syscall.O_NOFOLLOW
