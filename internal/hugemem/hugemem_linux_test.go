package hugemem

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// Where transparent huge pages may be advised, the memory is in them.
func TestUint64sAreInHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[madvise]") && !strings.Contains(string(mode), "[always]") {
		t.Skipf("transparent huge pages are off here (%q, %v): small pages serve, as on other systems", mode, err)
	}
	s, free := Uint64s(hugePage / 8)
	defer free()
	for i := range s {
		s[i] = 1
	}
	if kB := anonHugeKB(t, uintptr(unsafe.Pointer(&s[0]))); kB < hugePage>>10 {
		t.Errorf("the mapping holds %d kB in huge pages, want %d", kB, hugePage>>10)
	}
}

// anonHugeKB is the AnonHugePages of the mapping in /proc/self/smaps that
// holds addr.
func anonHugeKB(t *testing.T, addr uintptr) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(fields[0], "-"); ok && !strings.HasSuffix(fields[0], ":") {
			start, err1 := strconv.ParseUint(lo, 16, 64)
			end, err2 := strconv.ParseUint(hi, 16, 64)
			in = err1 == nil && err2 == nil && uint64(addr) >= start && uint64(addr) < end
			continue
		}
		if in && fields[0] == "AnonHugePages:" {
			kB, err := strconv.Atoi(fields[1])
			if err != nil {
				t.Fatal(err)
			}
			return kB
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("no mapping in /proc/self/smaps holds %#x", addr)
	return 0
}
