package editdist

import (
	"testing"

	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update, as every test binary must
)

func TestDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"jobs", "jobs", 0},
		{"jbos", "jobs", 1}, // two letters swapped
		{"answer", "answers", 1},
		{"colr", "color", 1},
		{"solutoin", "solution", 1},
		{"xyz", "jobs", 4},
		{"", "seed", 4},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
