// Package house holds tests of the codebase itself: rules a reviewer would
// otherwise have to remember.
package house

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update, as every test binary must
)

// root is the module's root, two levels above this package.
const root = "../.."

// maxFuncLines is the longest a function outside tests may be: one a
// reader can hold in mind. Split a longer one into named parts.
const maxFuncLines = 120

func goFiles(t *testing.T, keep func(path string) bool) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && keep(path) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no Go files found")
	}
	return files
}

func TestNoFunctionIsTooLongToRead(t *testing.T) {
	fset := token.NewFileSet()
	for _, path := range goFiles(t, func(p string) bool { return !strings.HasSuffix(p, "_test.go") }) {
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var name string
			var body *ast.BlockStmt
			switch fn := n.(type) {
			case *ast.FuncDecl:
				name, body = fn.Name.Name, fn.Body
			case *ast.FuncLit:
				name, body = "a function literal", fn.Body
			}
			if body == nil {
				return true
			}
			start, end := fset.Position(n.Pos()), fset.Position(body.End())
			if lines := end.Line - start.Line + 1; lines > maxFuncLines {
				t.Errorf("%s:%d: %s is %d lines, over %d", filepath.ToSlash(start.Filename), start.Line, name, lines, maxFuncLines)
			}
			return true
		})
	}
}

// Tests and scripts signal only the processes they started, by pid: a
// signal by name (pkill, killall) reaches a learner's session or another
// package's tests running on the same machine.
func TestNothingSignalsProcessesByName(t *testing.T) {
	byName := regexp.MustCompile(`\b(pkill|killall)\b`)
	files := goFiles(t, func(p string) bool { return filepath.Base(p) != "house_test.go" })
	scripts, err := filepath.Glob(filepath.Join(root, "scripts", "*"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, scripts...)
	files = append(files, filepath.Join(root, ".ci", "run"))
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if byName.MatchString(line) {
				t.Errorf("%s:%d: %s", filepath.ToSlash(path), i+1, strings.TrimSpace(line))
			}
		}
	}
}
