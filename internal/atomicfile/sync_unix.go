//go:build !windows

package atomicfile

import "os"

// SyncDir makes a rename in dir durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return Pathless(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return Pathless(err)
	}
	return nil
}
