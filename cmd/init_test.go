package cmd

import (
	"fmt"
	"os"
	"strings"
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
	assertUsageLine(t, run(t, "init", "--seed", "3"), "tokenlab: --seed chooses the bug of --broken; give both (for example: tokenlab init --broken --seed 3)")
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("bad input wrote %v", entries)
	}
}

// init --broken writes the planted program its seed chooses, in the file's
// language, and says how to plant the same one again; without --seed it
// chooses one at random and shows the seed it used.
func TestInitBroken(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		file string
		lang lesson.Language
		seed uint64
	}{
		{"python", []string{"init", "--broken", "--seed", "3", "fixme.py"}, "fixme.py", lesson.Python, 3},
		{"go", []string{"init", "--broken", "--seed", "9", "--lang", "go"}, "solution.go", lesson.Go, 9},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inTempDir(t)
			r := run(t, tt.args...)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			bug, err := lesson.BugForSeed(tt.lang, tt.seed)
			if err != nil {
				t.Fatal(err)
			}
			want, err := lesson.Broken(tt.lang, bug, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(tt.file); string(got) != want {
				t.Errorf("%s is not the %s bug's program:\n%s", tt.file, bug.ID, got)
			}
			golden.Assert(t, []byte(r.stdout))
		})
	}
	inTempDir(t)
	r := run(t, "init", "--broken")
	var seed uint64
	if _, err := fmt.Sscanf(strings.Join(strings.Fields(r.stdout), " "), "Wrote solution.py: a complete program with one thing wrong (seed %d:", &seed); err != nil || r.code != ExitOK {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stdout)
	}
	bug, _ := lesson.BugForSeed(lesson.Python, seed)
	if want, _ := lesson.Broken(lesson.Python, bug, "solution.py"); !strings.Contains(readFile(t, "solution.py"), want) {
		t.Errorf("the seed shown, %d, does not plant what was written", seed)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Checking a planted program is practice: the steps of the learner's own
// solution stay recorded as they were.
func TestPlantedProgramRecordsNothing(t *testing.T) {
	l := newLearner(t)
	l.mustRun(ExitOK, "check", passingSolution)
	inTempDir(t)
	if r := l.run("init", "--broken", "--seed", "0", "fixme.py"); r.code != ExitOK {
		t.Fatalf("init --broken: exit %d %s", r.code, r.stderr)
	}
	if r := l.run("check", "fixme.py"); r.code != ExitFailed {
		t.Fatalf("check of the planted program: exit %d %s", r.code, r.stderr)
	}
	r := l.run("progress", "--format", "json")
	if !strings.Contains(strings.Join(strings.Fields(r.stdout), ""), `"steps_done":[1,2,3,4]`) {
		t.Errorf("after checking a planted program:\n%s", r.stdout)
	}
}
