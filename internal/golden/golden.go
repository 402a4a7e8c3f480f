// Package golden compares test output with files in the testing package's
// own testdata/golden. Run `go test ./... -update` to rewrite them, then
// review each rewritten file as you would code: it is the product's output.
package golden

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every test binary that imports this package accepts -update, so
// `go test ./... -update` works across the module.
var update = flag.Bool("update", false, "rewrite golden files with the output the tests get")

// Updating reports whether this run rewrites expected output (-update), for
// tests that keep theirs elsewhere, such as testscript's .txtar files.
func Updating() bool { return *update }

// Assert compares got with testdata/golden/<test name>.golden. A subtest's
// name becomes a folder: TestStep/2 is testdata/golden/TestStep/2.golden.
func Assert(t testing.TB, got []byte) {
	t.Helper()
	AssertNamed(t, t.Name(), got)
}

// AssertNamed is Assert with a file name of the caller's choice.
func AssertNamed(t testing.TB, name string, got []byte) {
	t.Helper()
	AssertFile(t, Path(t, name), got)
}

// AssertFile compares got with the file at path, relative to the testing
// package's directory, or rewrites the file under -update. It is for
// expected output kept outside testdata/golden, such as Go source written
// from data (quiz/banks_gen.go).
func AssertFile(t testing.TB, path string, got []byte) {
	t.Helper()
	if !filepath.IsAbs(path) {
		if dirErr != nil {
			t.Fatalf("golden: %v", dirErr)
		}
		path = filepath.Join(packageDir, path)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("no golden file %s; run `go test ./... -update` to create it, then review it", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s\nIf the change is intended, run `go test ./... -update` and review the file.", path, diff)
	}
}

// Path returns the golden file for a test name.
func Path(t testing.TB, name string) string {
	t.Helper()
	if dirErr != nil {
		t.Fatalf("golden: %v", dirErr)
	}
	return filepath.Join(dir, filepath.FromSlash(sanitize(name))+".golden")
}

// packageDir is the testing package's directory and dir its
// testdata/golden, fixed when the test binary starts (go test runs it in
// the package's directory), so a test that changes its working directory
// still finds its files.
var packageDir, dirErr = os.Getwd()

var dir = filepath.Join(packageDir, "testdata", "golden")

// sanitize keeps a test name usable as a path on every OS.
func sanitize(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', ':', '*', '?', '"', '<', '>', '|', '\\':
			return '_'
		}
		return r
	}, name)
}
