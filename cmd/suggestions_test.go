package cmd

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// suggestion finds a command a screen suggests, after the words that
// suggest one (Next:, Retry them with:, for example:, run, a backquote):
// tokenlab, a command, then the words that are its arguments (flags,
// numbers, file names).
var suggestion = regexp.MustCompile(`(?:(?:Next|Then|Or|Another hint|Retry them with|for example|Try it):|Still stuck\?|\brun|` + "`" + `)\s*tokenlab ([a-z]+)((?: [^ ` + "`" + `()"']+)*)`)

// suggestedCommands are the distinct commands every golden screen
// suggests, without those written with a placeholder (FILE, URL, N) for
// the learner to fill in.
func suggestedCommands(t *testing.T) [][]string {
	t.Helper()
	root := NewRootCmd(&IOStreams{})
	seen := map[string]bool{}
	var cmds [][]string
	err := filepath.WalkDir(filepath.Join("testdata", "golden"), func(path string, d fs.DirEntry, err error) error {
		// --help pages show usage forms, and reports for instructors name
		// commands in prose; screens suggest.
		if err != nil || d.IsDir() || strings.Contains(path, "TestHelp") || strings.Contains(path, "TestDocs") || strings.Contains(path, "TestHTML") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range suggestion.FindAllStringSubmatch(ansi.Strip(string(data)), -1) {
			c, _, err := root.Find([]string{m[1]})
			if err != nil || c == root {
				continue
			}
			args := []string{m[1]}
			takesValue := false // the word before was a flag that takes one
			placeholder := false
		words:
			for _, w := range strings.Fields(m[2]) {
				w = strings.TrimRight(w, ".,;:")
				sub, _, err := root.Find(append(slices.Clone(args), w))
				switch {
				case strings.ToUpper(w) == w && strings.ToLower(w) != w:
					placeholder = true // FILE, URL, N: for the learner to fill in
				case takesValue:
					takesValue = false
				case strings.HasPrefix(w, "--"):
					f := c.Flag(strings.TrimPrefix(w, "--"))
					takesValue = f != nil && f.Value.Type() != "bool"
				case err == nil && sub != c && sub.Parent() == c: // a subcommand: quiz grade
					c = sub
				case !strings.ContainsAny(w, "0123456789./"):
					break words // prose after the command
				}
				args = append(args, w)
			}
			if placeholder {
				continue
			}
			if key := strings.Join(args, " "); !seen[key] {
				seen[key] = true
				cmds = append(cmds, args)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cmds
}

// Every command a screen suggests runs as printed: none is refused as bad
// input (exit 2). Each runs with no input in a directory holding the files
// suggestions name, beside the repository's testdata as the tests' own
// directory is; watch and serve, which run until stopped, are stopped
// once they have shown something (bad input is refused before anything
// is shown).
func TestSuggestedCommandsRun(t *testing.T) {
	cmds := suggestedCommands(t)
	if len(cmds) < 15 {
		t.Fatalf("only %d suggested commands found: %v", len(cmds), cmds)
	}
	testdata, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	top := t.TempDir()
	if err := os.Symlink(testdata, filepath.Join(top, "testdata")); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(top, "cmd")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, sample := range map[string]string{
		"solution.py": passingSolution, "mine.py": passingSolution, "class.csv": "../testdata/sheets/class.csv",
		"solution.go": "../lesson/solutions/go/step4/main.go", "mine.go": "../lesson/solutions/go/step4/main.go",
	} {
		data, err := os.ReadFile(sample)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	home := newHome(t)
	t.Chdir(dir)
	for _, args := range cmds {
		if testing.Short() && slices.ContainsFunc(args, func(a string) bool { return strings.HasSuffix(a, ".go") }) {
			continue // -short builds no Go solution (the full suite runs these)
		}
		ios, _, _, _ := TestStreams()
		ios.Getenv = homeEnv(home)
		if args[0] == "serve" {
			args = append(args, "--addr", "127.0.0.1:0")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		stopOnOutput := func() {}
		if args[0] == "watch" || args[0] == "serve" {
			stopOnOutput = cancel
		}
		out, errOut := &firstWrite{then: stopOnOutput}, &firstWrite{then: stopOnOutput}
		ios.Out, ios.ErrOut = out, errOut
		code := Run(ctx, ios, args)
		cancel()
		if code == ExitUsage {
			t.Errorf("tokenlab %s: exit %d: %s%s", strings.Join(args, " "), code, errOut, out)
		}
	}
}

// firstWrite is output that calls then when it is first written to.
type firstWrite struct {
	syncBuffer
	then func()
	once sync.Once
}

func (w *firstWrite) Write(p []byte) (int, error) {
	defer w.once.Do(w.then)
	return w.syncBuffer.Write(p)
}
