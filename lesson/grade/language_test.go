package grade

import (
	"strings"
	"testing"
)

func TestLastLine(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"\n \n\t\n", ""},
		{"one line", "one line"},
		{"first\nlast\n", "last"},
		{"Traceback\n  File x\nFatal Python error: Aborted\n\n  \n", "Fatal Python error: Aborted"},
		{"  indented last  \r\n", "indented last"},
		{"bytes \xff\xfe here\n", "bytes ? here"},
	}
	for _, tt := range tests {
		if got := lastLine([]byte(tt.in)); got != tt.want {
			t.Errorf("lastLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every check of a Python solution has the code Exercism shows for it, and
// a Go solution's checks are named in Go's words.
func TestEveryCheckHasCode(t *testing.T) {
	t.Parallel()
	for _, c := range pythonChecks {
		if CheckCode("s.py", c.ID) == "" {
			t.Errorf("%s has no code", c.ID)
		}
		if code := CheckCode("s.go", c.ID); !strings.HasPrefix(code, "// ") || strings.Contains(code, "refresh_token") {
			t.Errorf("%s in Go: %q", c.ID, code)
		}
	}
}
