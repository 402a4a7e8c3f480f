//go:build !linux

package hugemem

// mapHuge has no huge pages to give here: Go's heap serves.
func mapHuge(int) ([]uint64, func(), bool) { return nil, nil, false }
