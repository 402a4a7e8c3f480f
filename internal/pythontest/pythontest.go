// Package pythontest lets the tests that check many solutions start the
// Python interpreter itself rather than a version manager's wrapper.
//
// tokenlab resolves python3 to the interpreter it names once per check
// command (lesson/grade's findPython). Where python3 is pyenv's shim, a
// shell script, that costs about a third of a second each time: most of
// the quick test loop's time. Importing this package (for its effect)
// puts the resolved interpreter's directory first on PATH, once, when the
// test binary starts. Resolving a wrapper is itself tested in lesson/grade.
package pythontest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func init() {
	if dir := interpreterDir(); dir != "" {
		os.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
}

// interpreterDir is the directory of the interpreter python3 runs, when
// python3 on PATH is a wrapper around it and that directory has a python3
// of its own that is the same interpreter; otherwise "".
func interpreterDir() string {
	wrapper, err := exec.LookPath("python3")
	if err != nil || !isScript(wrapper) {
		// Not found, or a program: the interpreter itself. (Test binaries
		// that run themselves as tokenlab inherit the PATH set here.)
		return ""
	}
	out, err := exec.Command(wrapper, "-E", "-s", "-c", "import os, sys; print(os.path.realpath(sys.executable))").Output()
	if err != nil {
		return ""
	}
	real := strings.TrimSpace(string(out))
	dir := filepath.Dir(real)
	if resolved, err := filepath.EvalSymlinks(wrapper); err != nil || resolved == real {
		return "" // python3 is the interpreter already
	}
	if own, err := filepath.EvalSymlinks(filepath.Join(dir, "python3")); err != nil || own != real {
		return ""
	}
	return dir
}

// isScript reports whether path starts with "#!", as a shim does.
func isScript(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 2)
	n, _ := f.Read(head)
	return string(head[:n]) == "#!"
}
