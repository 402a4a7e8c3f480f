package grade

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/tokenlab/tokenlab/internal/sandbox"
)

// A Go solution is checked like a Python one, step by step, by what it
// does: tokenlab reads the file (never runs it to do so), renames its main
// and refreshToken in place, and compiles it with a harness (harness_go.tmpl)
// inside the sandbox, with the run's limits, against the standard library
// only. The program then runs contained, and the harness reports on fd 3
// what the Python harness reports, so the same verdicts judge both.

//go:embed harness_go.tmpl
var goHarnessSource string

// goHarness is parsed at its first use: a start of tokenlab that checks no
// Go program does not pay for it.
var goHarness = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("harness").Parse(goHarnessSource))
})

// goHarnessPackage is the harness's import path in a solution's build.
const goHarnessPackage = "tokenlab/goharness"

// goHarnessFiles is the harness package's source, compiled once by
// tokenlab (see goToolchain.harness).
//
//go:embed goharness/harness.go goharness/dup_linux.go goharness/dup_other.go
var goHarnessFiles embed.FS

// goHarnessImports are the packages the harness imports.
var goHarnessImports = []string{"os", "reflect", "runtime", "sort", "strconv", "strings", "syscall", "unsafe"}

// goProgram is a learner's Go file made ready to build with the harness.
type goProgram struct {
	solution []byte   // the file, main and refreshToken renamed
	harness  []byte   // tokenlab_harness.go
	imports  []string // the file's own imports, each checked to be the standard library's
}

// harnessData says what the learner's file declares, for the template.
type harnessData struct {
	Wrap               bool   // refreshToken is a function, renamed tokenlab_refreshToken
	Params, Results    string // its signature, for the wrapper
	Args, First        string // the wrapper's call and its first parameter
	TokensVar          bool
	TimeVar, TimeConst bool
	RefreshVar         bool // refreshToken is a variable (a func value)
	RefreshOther       bool // refreshToken names something that is not a function
	Main               bool
	Dup3               bool // syscall.Dup2 is missing on some Linux ports
}

// prepareGo reads src for what the harness needs, or says why it cannot be
// built: a syntax error, another package, an import outside the standard
// library, cgo.
func prepareGo(src []byte) (goProgram, string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "solution.go", src, parser.SkipObjectResolution)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return goProgram{}, fmt.Sprintf("syntax error at line %d: %s", list[0].Pos.Line, list[0].Msg)
		}
		return goProgram{}, "syntax error: " + err.Error()
	}
	if f.Name.Name != "main" {
		return goProgram{}, fmt.Sprintf("the file is package %s; a Go program is package main", f.Name.Name)
	}
	var imports []string
	for _, spec := range f.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return goProgram{}, fmt.Sprintf("syntax error at line %d: bad import path", fset.Position(spec.Pos()).Line)
		}
		if msg := importProblem(path); msg != "" {
			return goProgram{}, fmt.Sprintf("line %d: %s", fset.Position(spec.Pos()).Line, msg)
		}
		imports = append(imports, path)
	}

	var d harnessData
	type rename struct {
		at   int // byte offset of the name
		from string
		to   string
	}
	var renames []rename
	offset := func(p token.Pos) int { return fset.Position(p).Offset }
	text := func(n ast.Node) string { return string(src[offset(n.Pos()):offset(n.End())]) }
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range decl.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, name := range spec.Names {
						switch {
						case name.Name == "tokens" && decl.Tok == token.VAR:
							d.TokensVar = true
						case name.Name == "currentTime" && decl.Tok == token.VAR:
							d.TimeVar = true
						case name.Name == "currentTime":
							d.TimeConst = true
						case name.Name == "refreshToken" && decl.Tok == token.VAR:
							d.RefreshVar = true
						case name.Name == "refreshToken":
							d.RefreshOther = true
						}
					}
				case *ast.TypeSpec:
					if spec.Name.Name == "refreshToken" {
						d.RefreshOther = true
					}
				}
			}
		case *ast.FuncDecl:
			if decl.Recv != nil {
				continue
			}
			switch decl.Name.Name {
			case "main":
				d.Main = true
				renames = append(renames, rename{offset(decl.Name.Pos()), "main", "tokenlab_main"})
			case "refreshToken":
				if decl.Type.TypeParams != nil {
					d.RefreshOther = true
					continue
				}
				d.Wrap = true
				renames = append(renames, rename{offset(decl.Name.Pos()), "refreshToken", "tokenlab_refreshToken"})
				var params, args []string
				for _, field := range decl.Type.Params.List {
					n := max(len(field.Names), 1)
					for range n {
						name := fmt.Sprintf("tokenlab_p%d", len(params))
						params = append(params, name+" "+text(field.Type))
						if _, variadic := field.Type.(*ast.Ellipsis); variadic {
							name += "..."
						}
						args = append(args, name)
					}
				}
				d.Params, d.Args = strings.Join(params, ", "), strings.Join(args, ", ")
				if len(params) > 0 {
					d.First = "tokenlab_p0"
				}
				if decl.Type.Results != nil {
					d.Results = text(decl.Type.Results)
				}
			}
		}
	}

	out := append([]byte(nil), src...)
	sort.Slice(renames, func(i, j int) bool { return renames[i].at > renames[j].at })
	for _, r := range renames {
		out = append(out[:r.at:r.at], append([]byte(r.to), out[r.at+len(r.from):]...)...)
	}
	var h bytes.Buffer
	if err := goHarness().Execute(&h, d); err != nil {
		return goProgram{}, "the check could not finish: " + err.Error()
	}
	return goProgram{solution: out, harness: h.Bytes(), imports: imports}, ""
}

// importProblem says why path cannot be imported by a solution, or "": a
// solution is one file using the standard library, without cgo or unsafe.
func importProblem(path string) string {
	parts := strings.Split(path, "/")
	first := parts[0]
	switch {
	case path == "C":
		return `it imports "C" (cgo), which checks do not build: use the standard library only`
	case path == "unsafe":
		return `it imports "unsafe", which checks do not allow: the exercise needs none of it`
	case strings.HasPrefix(path, ".") || strings.HasPrefix(path, "/"):
		return fmt.Sprintf("it imports %q, a relative import: a solution is one file, using the standard library only", path)
	case strings.Contains(first, ".") || path == "" || slices.Contains(parts, "internal") || slices.Contains(parts, "vendor"):
		return fmt.Sprintf("it imports %q, which is not in Go's standard library: a solution uses the standard library only", path)
	}
	return ""
}

// goBuildLimits are the build's limits: the run's, with room for the
// compiler's output.
func goBuildLimits(l sandbox.Limits) sandbox.Limits {
	l.FileBytes = max(l.FileBytes, 64<<20)
	l.DiskBytes = max(l.DiskBytes, 64<<20)
	return l
}

// maxGoBinary bounds the program the build may hand back.
const maxGoBinary = 64 << 20

// checkGo checks a Go solution: built and run in the sandbox, one deadline
// for both.
func checkGo(ctx context.Context, sub Submission, src []byte, opts Options) Submission {
	prog, problem := prepareGo(src)
	if problem != "" {
		return errored(sub, problem)
	}
	tc, err := findGo()
	if err != nil {
		return errored(sub, err.Error())
	}
	kit, msg := tc.stdlib(ctx, opts.Runner.goCache, append(prog.imports, goHarnessImports...), opts.Runner.box.CanRun)
	if msg != "" {
		return errored(sub, msg)
	}

	deadline := time.Now().Add(opts.Limits.Timeout)
	timedOut := fmt.Sprintf("building and running it took longer than %s, and it was stopped", opts.Limits.TimeoutText)
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	script := "set -e\n" +
		q(tc.toolDir+"/compile") + " -o main.a -p main -lang=" + tc.lang + ` -complete -pack -c=1 -nolocalimports -importcfg importcfg -trimpath "$PWD=>" solution.go tokenlab_harness.go` + "\n" +
		q(tc.toolDir+"/link") + " -o solution -importcfg importcfg -buildmode=exe -s -w main.a\n" +
		q(tc.cat) + " solution >&3\n"
	build := sandbox.Spec{
		Argv:      []string{"/bin/sh", "-c", script},
		Programs:  []string{tc.cat},
		Files:     map[string][]byte{"solution.go": prog.solution, "tokenlab_harness.go": prog.harness, "importcfg": kit.importcfg},
		Binds:     kit.binds,
		Limits:    goBuildLimits(opts.Limits),
		Env:       []string{"GOROOT=" + tc.goroot, "GOMAXPROCS=2"},
		LimitData: true,
		ReportCap: maxGoBinary,
	}
	for name, data := range kit.files {
		build.Files[name] = data
	}
	o, err := opts.Runner.box.Run(ctx, build)
	switch {
	case err != nil:
		return errored(sub, fmt.Sprintf("cannot build it: %v", err))
	case o.TimedOut:
		return errored(sub, timedOut)
	case o.Flooded != "":
		return errored(sub, "building it printed more than the checks keep, and it was stopped")
	case o.ExitCode != 0 || o.Signal != "":
		return errored(sub, buildFailure(o, opts.Limits))
	case len(o.Report) < 4 || len(o.Report) >= maxGoBinary:
		return errored(sub, "the check could not finish: the build gave no program")
	}

	left := time.Until(deadline)
	if left <= 0 {
		return errored(sub, timedOut)
	}
	limits := opts.Limits
	limits.Timeout = left
	limits.FileBytes = max(limits.FileBytes, int64(len(o.Report)))
	limits.DiskBytes += int64(len(o.Report))
	p := makePlan(sub.Seed, src)
	o, err = opts.Runner.box.Run(ctx, sandbox.Spec{
		Argv:       []string{"./solution"},
		Files:      map[string][]byte{"solution": o.Report},
		Executable: "solution",
		Limits:     limits,
		Env:        []string{"GOMAXPROCS=2"},
		LimitData:  true,
		Converse:   converse(p),
	})
	if err != nil {
		return errored(sub, fmt.Sprintf("cannot run it: %v", err))
	}
	if o.TimedOut {
		return errored(sub, timedOut)
	}
	return judge(sub, o, p, opts, goLanguage)
}

// buildFailure says why the build did not give a program: the compiler's
// errors, the first lines of them, with their line numbers.
func buildFailure(o sandbox.Outcome, l sandbox.Limits) string {
	// The compiler writes its errors on stdout, the shell and the
	// runtime on stderr.
	out := strings.TrimSpace(string(o.Stdout) + "\n" + string(o.Stderr))
	built := goBuildLimits(l)
	switch {
	case strings.Contains(out, "out of memory") || o.Signal == "killed" && nearMemoryLimit(o, l, 8<<20):
		return fmt.Sprintf("building it ran out of memory (limit %d MiB)", l.MemoryBytes>>20)
	case strings.Contains(out, "file too large") || o.Signal == "file size limit exceeded":
		return fmt.Sprintf("building it wrote a file larger than %d MiB, and it was stopped", built.FileBytes>>20)
	case strings.Contains(out, "no space left on device"):
		return fmt.Sprintf("building it wrote more than %d MiB, and it was stopped", built.DiskBytes>>20)
	case o.Signal == "CPU time limit exceeded":
		return fmt.Sprintf("building it used more than %ds of CPU time, and it was stopped", l.CPUSeconds)
	}
	var lines []string
	for _, line := range strings.Split(out, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(lines) == 10 {
			lines = append(lines, "...")
			break
		}
		lines = append(lines, strings.TrimPrefix(line, "./"))
	}
	if len(lines) == 0 {
		return fmt.Sprintf("it does not build (the compiler exited with code %d)", o.ExitCode)
	}
	return "it does not build:\n" + strings.Join(lines, "\n")
}
