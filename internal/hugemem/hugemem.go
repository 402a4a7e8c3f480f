// Package hugemem allocates large arrays of plain numbers outside Go's
// heap, in 2 MiB huge pages where the system gives them (Linux, with
// transparent huge pages set to madvise or always), and on Go's heap
// elsewhere.
//
// It exists for one cost: where a page fault is dear, as in a virtual
// machine that shadows the guest's page tables, filling 1.6 MiB a 4 KiB
// page at a time took 5.7 ms on the machine tokenlab is measured on, and
// 0.35 ms in one huge page. Go's heap asks for no huge pages.
package hugemem

import "unsafe"

// Uint64s returns a zeroed slice of n uint64s and the function that gives
// its memory back. Nothing may use the slice once free has been called.
func Uint64s(n int) (s []uint64, free func()) {
	if n <= 0 {
		return nil, func() {}
	}
	if s, free, ok := mapHuge(n); ok {
		return s, free
	}
	return make([]uint64, n), func() {}
}

// Bytes returns a zeroed slice of n bytes and the function that gives its
// memory back, as Uint64s does.
func Bytes(n int) (b []byte, free func()) {
	s, free := Uint64s((n + 7) / 8)
	if len(s) == 0 {
		return nil, free
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), n), free
}
