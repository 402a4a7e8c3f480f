package grade

import "testing"

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
