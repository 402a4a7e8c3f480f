//go:build unix

package grade

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/lesson"
)

// pythonsOnThisMachine finds every CPython 3.8 or later on the machine, one
// per version: python3.N on PATH, python3 itself, pyenv's versions, and the
// system's. Older ones are returned apart, by version.
func pythonsOnThisMachine(t *testing.T) (supported, older map[string]string) {
	t.Helper()
	var candidates []string
	for minor := 0; minor <= 30; minor++ {
		if p, err := exec.LookPath(fmt.Sprintf("python3.%d", minor)); err == nil {
			candidates = append(candidates, p)
		}
	}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	pyenv := os.Getenv("PYENV_ROOT")
	if pyenv == "" {
		home, _ := os.UserHomeDir()
		pyenv = filepath.Join(home, ".pyenv")
	}
	for _, pattern := range []string{filepath.Join(pyenv, "versions", "*", "bin", "python3"), "/usr/bin/python3.*", "/usr/local/bin/python3.*"} {
		found, _ := filepath.Glob(pattern)
		candidates = append(candidates, found...)
	}
	supported, older = map[string]string{}, map[string]string{}
	for _, c := range candidates {
		if strings.HasSuffix(c, "-config") {
			continue
		}
		py, err := findPython(c)
		var tooOld *NoPythonError
		switch {
		case err == nil:
			if _, seen := supported[py.version]; !seen {
				supported[py.version] = py.path
			}
		case errors.As(err, &tooOld) && strings.Contains(tooOld.Reason, "tokenlab checks solutions with Python 3.8 or later"):
			older[c] = tooOld.Reason
		}
	}
	return supported, older
}

// versionsInOrder sorts "3.9" before "3.10".
func versionsInOrder(m map[string]string) []string {
	var vs []string
	for v := range m {
		vs = append(vs, v)
	}
	minor := func(v string) int {
		_, m, _ := strings.Cut(v, ".")
		n, _ := strconv.Atoi(m)
		return n
	}
	sort.Slice(vs, func(i, j int) bool { return minor(vs[i]) < minor(vs[j]) })
	return vs
}

// verdictKey is what must not differ between Pythons: each submission's
// status and message, and each test's status. Syntax errors are worded by
// the interpreter itself ("invalid syntax" became "expected ':'" in 3.10),
// so for them only the kind and the line count.
func verdictKey(rep Report) []string {
	var out []string
	for _, s := range rep.Submissions {
		msg := s.Message
		if before, _, ok := strings.Cut(msg, ": SyntaxError"); ok {
			msg = before + ": SyntaxError"
		}
		line := fmt.Sprintf("%s %s %q", filepath.Base(s.Path), s.Status, msg)
		for _, test := range s.Tests {
			line += fmt.Sprintf(" %s=%s", test.ID, test.Status)
		}
		out = append(out, line)
	}
	return out
}

// Every CPython from 3.8 gives the same verdicts: on the sample solutions
// (references, wrong ones, errors), the lesson's own reference solutions
// and the hostile corpus. CI has several (pyenv's and the system's) and
// requires at least two, 3.13 among them (TOKENLAB_PYTHONS=require).
func TestEveryPythonGivesTheSameVerdicts(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test checks every sample under every Python found, minutes")
	}
	pythons, _ := pythonsOnThisMachine(t)
	versions := versionsInOrder(pythons)
	t.Logf("Pythons found: %v", versions)
	if os.Getenv("TOKENLAB_PYTHONS") == "require" && (len(versions) < 2 || pythons["3.13"] == "") {
		t.Fatalf("TOKENLAB_PYTHONS=require: want at least two Pythons 3.8+, 3.13 among them; found %v", versions)
	}
	if len(versions) < 2 {
		t.Skipf("one Python 3.8+ on this machine (%v): nothing to compare; CI has several", versions)
	}

	files, _ := filepath.Glob(solutions + "*.py")
	dir := t.TempDir()
	for step := 1; step <= lesson.StepCount; step++ {
		src, err := lesson.Solution(step, lesson.Python)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("reference_step%d.py", step))
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	var first []string
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			opts := pythonOptions(t, pythons[v])
			testVerdicts(t, opts)
			testHostileCorpus(t, opts, opts.Runner.Containment() != sandbox.Bubblewrap)
			key := verdictKey(Check(context.Background(), files, opts))
			if first == nil {
				first = key
				return
			}
			if diff := cmp.Diff(first, key); diff != "" {
				t.Errorf("Python %s's verdicts differ from Python %s's (-%s +%s):\n%s", v, versions[0], versions[0], v, diff)
			}
		})
	}
}

// pythonOptions checks with the Python at path, contained as --sandbox
// auto would (bubblewrap can show an interpreter in root's home).
func pythonOptions(t *testing.T, path string) Options {
	t.Helper()
	opts := testOptions(t)
	r, err := NewRunner(RunnerConfig{Sandbox: sandbox.Auto, Python: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	opts.Runner = r
	return opts
}

// A Python older than 3.8, or Python 2, is refused with its version named
// and what is supported, before any solution runs.
func TestOlderPythonsAreRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test runs every Python older than 3.8 found")
	}
	t.Parallel()
	dir := t.TempDir()
	// Answers findPython's question as such an interpreter would.
	for _, version := range []string{"3.7", "2.7"} {
		fake := filepath.Join(dir, "python"+version)
		script := "#!/bin/sh\nfor p in /usr /usr /usr /usr /usr; do echo $p; done\necho " + version + "\n"
		if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := NewRunner(RunnerConfig{Sandbox: sandbox.Off, Python: fake})
		want := "no Python interpreter: " + fake + " is Python " + version + "; tokenlab checks solutions with Python 3.8 or later; name one"
		if err == nil || err.Error() != want {
			t.Errorf("Python %s: %v, want %q", version, err, want)
		}
	}
	// And the real ones this machine has, if any.
	_, older := pythonsOnThisMachine(t)
	for path, reason := range older {
		t.Logf("%s %s", path, reason)
	}
}
