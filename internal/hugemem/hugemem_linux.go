package hugemem

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of an x86-64 or arm64 huge page (with 4 KiB pages).
const hugePage = 2 << 20

// mapHuge maps n uint64s of anonymous memory advised into huge pages. Only
// a whole, aligned 2 MiB range can be a huge page, so it maps one huge page
// more than it needs and uses the aligned part.
func mapHuge(n int) ([]uint64, func(), bool) {
	size := (n*8 + hugePage - 1) &^ (hugePage - 1)
	m, err := unix.Mmap(-1, 0, size+hugePage, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, nil, false
	}
	off := int(-uintptr(unsafe.Pointer(&m[0])) & (hugePage - 1))
	aligned := m[off : off+size]
	// Advice only: without transparent huge pages, small pages serve.
	_ = unix.Madvise(aligned, unix.MADV_HUGEPAGE)
	s := unsafe.Slice((*uint64)(unsafe.Pointer(&aligned[0])), n)
	return s, func() { _ = unix.Munmap(m) }, true
}
