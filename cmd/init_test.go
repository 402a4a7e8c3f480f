package cmd

import (
	"os"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/lesson"
)

// inTempDir runs the test in a directory of its own, where init writes.
func inTempDir(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
}

func TestInitWritesTheStarter(t *testing.T) {
	tests := []struct {
		name string
		args []string
		file string
		lang lesson.Language
	}{
		{"default", []string{"init"}, "solution.py", lesson.Python},
		{"lang_go", []string{"init", "--lang", "go"}, "solution.go", lesson.Go},
		{"named_go_file", []string{"init", "mine.go"}, "mine.go", lesson.Go},
		{"named_python_file", []string{"init", "mine.py"}, "mine.py", lesson.Python},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			here, _ := os.Getwd()
			inTempDir(t)
			r := run(t, tt.args...)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			got, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := lesson.Starter(tt.lang, tt.file); string(got) != want {
				t.Errorf("%s is not the %s starter:\n%s", tt.file, tt.lang, got)
			}
			t.Chdir(here) // golden files are found from the package's directory
			golden.Assert(t, []byte(r.stdout))
		})
	}
}

// init never overwrites: an existing file is bad input, left as it was.
func TestInitNeverOverwrites(t *testing.T) {
	inTempDir(t)
	if err := os.WriteFile("solution.py", []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	assertUsageLine(t, run(t, "init"), "tokenlab: solution.py already exists, so nothing was written; "+
		"check it with `tokenlab check solution.py`, or name a new file: tokenlab init FILE")
	if got, _ := os.ReadFile("solution.py"); string(got) != "mine\n" {
		t.Errorf("solution.py changed to %q", got)
	}
}

func TestInitBadInput(t *testing.T) {
	inTempDir(t)
	assertUsageLine(t, run(t, "init", "--lang", "go", "x.py"), "tokenlab: cannot write a go starter to x.py: name the file x.go, or give --lang python")
	assertUsageLine(t, run(t, "init", "a.py", "b.py"), "tokenlab: init takes at most one file name, got 2 (for example: tokenlab init solution.py)")
	assertUsageLine(t, run(t, "init", "--lang", "ruby"), `tokenlab: invalid value "ruby" for --lang: must be python or go`)
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("bad input wrote %v", entries)
	}
}
