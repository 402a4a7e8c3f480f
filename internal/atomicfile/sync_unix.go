//go:build !windows

package atomicfile

import (
	"os"

	"github.com/tokenlab/tokenlab/internal/fserr"
)

// SyncDir makes a rename in dir durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fserr.Pathless(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fserr.Pathless(err)
	}
	return nil
}
