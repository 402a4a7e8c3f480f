//go:build !unix && !windows

package progress

import "errors"

// errNoLock says progress cannot be kept safely here: without a file lock,
// concurrent updates could lose each other's work.
var errNoLock = errors.New("progress needs file locking, which this system does not have")

func lockFile(string) (func(), error) { return nil, errNoLock }

func syncDir(string) error { return nil }
