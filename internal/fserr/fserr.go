// Package fserr words file-system errors for tokenlab's one-line messages:
// "open X: permission denied" reads better as "X: permission denied", or as
// "permission denied" where the message names the file itself.
package fserr

import (
	"errors"
	"fmt"
	"io/fs"
)

// Pathless drops the operation from a *fs.PathError, keeping its path
// ("open X: permission denied" becomes "X: permission denied"); any other
// error is returned as it is.
func Pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// Cause is a *fs.PathError's reason alone ("permission denied"), for a
// message that names the file itself; any other error is returned as it is.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
