package golit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
)

type option struct {
	Text    string
	Correct bool
}

type sample struct {
	Number   int
	Big      uint64
	Name     string
	Lines    []string
	Options  []option
	Nested   option
	Empty    []string // nil: left out
	Disabled bool     // false: left out
}

// Each kind of value File writes, and what a generated file looks like.
func TestFile(t *testing.T) {
	got, err := File("golit's test", "quiz",
		Var{Name: "one", Doc: "one is a sample.", Value: sample{
			Number: -3, Big: 1 << 63, Name: "alice",
			Lines:   []string{"two\nlines", "tab\there"},
			Options: []option{{Text: "A", Correct: true}, {Text: "B"}},
			Nested:  option{Text: "nested"},
		}},
		Var{Name: "names", Value: []string{"bob"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, got)
}

// Every string comes back from the source exactly: raw where it reads
// better, quoted where a raw string cannot hold it.
func TestFileStringsComeBackExactly(t *testing.T) {
	texts := []string{
		"", "plain", "two\nlines\n", "a `backquote`\nand a line", "crlf\r\nline", "\ufeffbom\n",
		"nul\x00\nbyte", "tab\t\nand line", "unicode ☃\n", "invalid \xff\nutf-8", `back\slash` + "\n",
	}
	src, err := File("golit's test", "p", Var{Name: "texts", Value: texts})
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "gen.go", src, 0)
	if err != nil {
		t.Fatalf("not Go: %v\n%s", err, src)
	}
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", lit.Value, err)
			}
			if strings.HasPrefix(lit.Value, "`") {
				s = strings.ReplaceAll(s, "\r", "") // as the compiler reads a raw string
			}
			got = append(got, s)
		}
		return true
	})
	if len(got) != len(texts) {
		t.Fatalf("%d strings in the source, want %d:\n%s", len(got), len(texts), src)
	}
	for i := range texts {
		if got[i] != texts[i] {
			t.Errorf("string %d comes back as %q, want %q", i, got[i], texts[i])
		}
	}
}

func TestFileRefusesWhatItCannotWrite(t *testing.T) {
	for _, v := range []any{
		map[string]int{"a": 1},
		&option{Text: "pointer"},
		struct{ hidden int }{hidden: 1},
		1.5,
	} {
		if _, err := File("golit's test", "p", Var{Name: "v", Value: v}); err == nil {
			t.Errorf("File(%#v) wrote it; want an error", v)
		}
	}
}
