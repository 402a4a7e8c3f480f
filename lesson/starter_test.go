package lesson

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
)

// A starter has every step's task in order, the place for its code, and no
// code of a solution: every line is a comment but what Go requires.
func TestStarter(t *testing.T) {
	for _, tt := range []struct {
		lang     Language
		file     string
		required []string // the only lines that are not comments
	}{
		{Python, "solution.py", nil},
		{Go, "solution.go", []string{"package main", "func main() {", "}"}},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			src, err := Starter(tt.lang, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, []byte(src))
			last := -1
			for _, s := range Content().Steps {
				i := strings.Index(src, s.Title)
				if i < last {
					t.Errorf("step %d is missing or out of order", s.Number)
				}
				last = i
			}
			var code []string
			for _, line := range strings.Split(src, "\n") {
				line = strings.TrimSpace(line)
				if line != "" && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "//") {
					code = append(code, line)
				}
			}
			if strings.Join(code, "|") != strings.Join(tt.required, "|") {
				t.Errorf("code in the starter: %q", code)
			}
		})
	}
}

// Each starter runs as it is, printing nothing.
func TestStarterRuns(t *testing.T) {
	dir := t.TempDir()
	py, _ := Starter(Python, "solution.py")
	goSrc, _ := Starter(Go, "solution.go")
	for name, src := range map[string]string{"solution.py": py, "solution.go": goSrc} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, argv := range [][]string{{"python3", "solution.py"}, {"go", "run", "solution.go"}} {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GO111MODULE=off")
		out, err := cmd.CombinedOutput()
		if err != nil || len(out) > 0 {
			t.Errorf("%v: %v, output %q", argv, err, out)
		}
	}
}
