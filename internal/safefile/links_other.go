//go:build !unix

package safefile

import "os"

// hardLinks: elsewhere, a file's names are not counted.
func hardLinks(os.FileInfo) uint64 { return 1 }

// noFollowFlag: elsewhere, os.Root alone keeps opens inside.
const noFollowFlag = 0
