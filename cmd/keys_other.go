//go:build !linux && !darwin

package cmd

import (
	"errors"
	"io"
	"os"
)

// newSingleKeys: elsewhere keys are read a line at a time.
func newSingleKeys(*os.File, io.Writer) (keyReader, func(), error) {
	return nil, nil, errors.New("single keys are read on Linux and macOS")
}
