package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/internal/refdocs"
)

// withDocs gives `tokenlab docs` its writer for one test, as -tags docs does
// for the binary.
func withDocs(t *testing.T) {
	saved := docsWriter
	RegisterDocs(DocsWriter{Man: refdocs.WriteMan, Markdown: refdocs.WriteMarkdown, Date: refdocs.Date})
	t.Cleanup(func() { docsWriter = saved })
}

// fullTree is the command tree as it runs, with the help and completion
// commands cobra adds when it executes.
func fullTree() *cobra.Command {
	ios, _, _, _ := TestStreams()
	root := NewRootCmd(ios)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	return root
}

// availableCommands are the command paths a learner can see, e.g.
// "tokenlab quiz grade".
func availableCommands(c *cobra.Command) []string {
	paths := []string{c.CommandPath()}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
			paths = append(paths, availableCommands(sub)...)
		}
	}
	return paths
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

// Every command a learner can run has a man page and a Markdown page, the
// same on every run, dated by the fixed date and with no generated tag.
func TestDocsWritesEveryCommandDeterministically(t *testing.T) {
	withDocs(t)
	commands := availableCommands(fullTree())

	var runs [2]struct{ man, md map[string]string }
	for i := range runs {
		dir := t.TempDir()
		man, md := filepath.Join(dir, "man1"), filepath.Join(dir, "md")
		if r := run(t, "docs", "--man", man, "--markdown", md); r.code != ExitOK || r.stderr != "" || r.stdout != "" {
			t.Fatalf("docs: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		runs[i].man, runs[i].md = readDir(t, man), readDir(t, md)
	}
	for _, c := range commands {
		manName := strings.ReplaceAll(c, " ", "-") + ".1"
		mdName := strings.ReplaceAll(c, " ", "_") + ".md"
		page, ok := runs[0].man[manName]
		if !ok {
			t.Errorf("no man page %s for %q", manName, c)
		} else if !strings.Contains(page, `.TH "TOKENLAB" "1" "Nov 2026" "tokenlab" "tokenlab manual"`) {
			t.Errorf("%s has not the fixed header:\n%s", manName, firstLine(page))
		}
		if _, ok := runs[0].md[mdName]; !ok {
			t.Errorf("no Markdown page %s for %q", mdName, c)
		}
	}
	if len(runs[0].man) != len(commands) || len(runs[0].md) != len(commands) {
		t.Errorf("%d man and %d Markdown pages for %d commands: %v", len(runs[0].man), len(runs[0].md), len(commands), commands)
	}
	for name, page := range runs[0].md {
		if strings.Contains(page, "Auto generated") || strings.Contains(page, "tokenlab docs") {
			t.Errorf("%s has a generated tag or names the hidden docs command", name)
		}
		if runs[1].md[name] != page {
			t.Errorf("%s differs between two runs", name)
		}
	}
	for name, page := range runs[0].man {
		if runs[1].man[name] != page {
			t.Errorf("%s differs between two runs", name)
		}
	}
	golden.AssertNamed(t, t.Name()+"/tokenlab_progress.md", []byte(runs[0].md["tokenlab_progress.md"]))
	golden.AssertNamed(t, t.Name()+"/tokenlab-watch.1", []byte(runs[0].man["tokenlab-watch.1"]))
	if slices.Contains(commands, "tokenlab docs") {
		t.Error("the hidden docs command is listed among the commands")
	}
}

func TestDocsDateFromSourceDateEpoch(t *testing.T) {
	withDocs(t)
	dir := t.TempDir()
	ios, _, out, errOut := TestStreams()
	ios.Getenv = func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1700000000" // 14 Nov 2023
		}
		return ""
	}
	if r := runOn(t, ios, out, errOut, "docs", "--man", dir); r.code != ExitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if page := readDir(t, dir)["tokenlab.1"]; !strings.Contains(page, `"Nov 2023"`) {
		t.Errorf("tokenlab.1 header: %s", strings.SplitN(page, "\n", 3)[1])
	}
	ios.Getenv = func(string) string { return "yesterday" }
	out.Reset()
	errOut.Reset()
	assertUsageLine(t, runOn(t, ios, out, errOut, "docs", "--man", dir),
		`tokenlab: invalid SOURCE_DATE_EPOCH "yesterday": must be whole seconds since 1970, e.g. 1764547200`)
}

func TestDocsBadInput(t *testing.T) {
	withDocs(t)
	file := filepath.Join(t.TempDir(), "pages")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	assertUsageLine(t, run(t, "docs"), "tokenlab: docs needs --man DIR, --markdown DIR or both")
	assertUsageLine(t, run(t, "docs", "--man", file), "tokenlab: cannot write pages into "+file+": it is a file, not a directory")
}

// A binary built without -tags docs says how to get the pages.
func TestDocsWithoutTheWriter(t *testing.T) {
	saved := docsWriter
	docsWriter = nil
	t.Cleanup(func() { docsWriter = saved })
	assertUsageLine(t, run(t, "docs", "--man", t.TempDir()),
		"tokenlab: this tokenlab was built without the page writer; build it with -tags docs "+
			"(for example: go run -tags docs ./cmd/tokenlab docs --man DIR)")
}

// The --help of every command, hidden ones too, is pinned.
func TestHelp(t *testing.T) {
	root := fullTree()
	var all []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		all = append(all, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, c := range all {
		path := strings.Fields(c.CommandPath())[1:]
		name := strings.Join(append([]string{"tokenlab"}, path...), "_")
		t.Run(name, func(t *testing.T) {
			r := run(t, append(path, "--help")...)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			// cobra writes the completion commands' text; ours fits 80 columns.
			ours := !strings.Contains(name, "completion_")
			for i, line := range strings.Split(r.stdout, "\n") {
				if ours && len([]rune(line)) > defaultWidth {
					t.Errorf("line %d is over %d columns: %q", i+1, defaultWidth, line)
				}
			}
			golden.Assert(t, []byte(r.stdout))
		})
	}
}
