package tokenapi

// Imported for its -update flag, so that `go test ./... -update` is accepted
// by this package's test binary too.
import _ "github.com/tokenlab/tokenlab/internal/golden"
