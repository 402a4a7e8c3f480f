package lesson

import (
	// Imported for its -update flag, so that `go test ./... -update` is
	// accepted by this package's test binary too.
	_ "github.com/tokenlab/tokenlab/internal/golden"
	// The solutions run python3 itself, not a version manager's wrapper.
	_ "github.com/tokenlab/tokenlab/internal/pythontest"
)
