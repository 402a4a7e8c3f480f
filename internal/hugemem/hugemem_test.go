package hugemem

import (
	"testing"

	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update, as every test binary must
)

func TestUint64sAreZeroedAndHoldWhatIsWritten(t *testing.T) {
	for _, n := range []int{1, 1000, 1 << 18, 1<<18 + 1, 3 << 18} {
		s, free := Uint64s(n)
		if len(s) != n {
			t.Fatalf("Uint64s(%d) has length %d", n, len(s))
		}
		for i, v := range s {
			if v != 0 {
				t.Fatalf("Uint64s(%d)[%d] = %d, want 0", n, i, v)
			}
			s[i] = uint64(i) * 0x9e3779b97f4a7c15
		}
		for i, v := range s {
			if v != uint64(i)*0x9e3779b97f4a7c15 {
				t.Fatalf("Uint64s(%d)[%d] = %#x, not what was written", n, i, v)
			}
		}
		free()
	}
}

func TestUint64sOfNothingIsEmpty(t *testing.T) {
	for _, n := range []int{0, -1} {
		s, free := Uint64s(n)
		if s != nil {
			t.Errorf("Uint64s(%d) = %d values, want none", n, len(s))
		}
		free()
	}
}

func TestBytesAreZeroedAndHoldWhatIsWritten(t *testing.T) {
	for _, n := range []int{1, 7, 9, 1 << 21, 1<<21 + 3} {
		b, free := Bytes(n)
		if len(b) != n {
			t.Fatalf("Bytes(%d) has length %d", n, len(b))
		}
		for i, v := range b {
			if v != 0 {
				t.Fatalf("Bytes(%d)[%d] = %d, want 0", n, i, v)
			}
			b[i] = byte(i * 7)
		}
		for i, v := range b {
			if v != byte(i*7) {
				t.Fatalf("Bytes(%d)[%d] = %d, not what was written", n, i, v)
			}
		}
		free()
	}
	if b, free := Bytes(0); b != nil {
		t.Errorf("Bytes(0) = %d bytes, want none", len(b))
	} else {
		free()
	}
}
