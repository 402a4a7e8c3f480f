package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/golden"
)

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

func noEnv(string) string { return "" }

// Every command a learner can run has a man page and a Markdown page, the
// same on every run, dated by the fixed date and with no generated tag.
func TestDocsWritesEveryCommandDeterministically(t *testing.T) {
	commands := availableCommands(Tree())
	var runs [2]struct{ man, md map[string]string }
	for i := range runs {
		dir := t.TempDir()
		man, md := filepath.Join(dir, "man1"), filepath.Join(dir, "md")
		var stderr bytes.Buffer
		if code := run([]string{"--man", man, "--markdown", md}, noEnv, &stderr); code != 0 || stderr.Len() > 0 {
			t.Fatalf("exit %d, stderr %q", code, stderr.String())
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
			t.Errorf("%s has not the fixed header:\n%s", manName, strings.SplitN(page, "\n", 2)[0])
		}
		if _, ok := runs[0].md[mdName]; !ok {
			t.Errorf("no Markdown page %s for %q", mdName, c)
		}
	}
	if len(runs[0].man) != len(commands) || len(runs[0].md) != len(commands) {
		t.Errorf("%d man and %d Markdown pages for %d commands: %v", len(runs[0].man), len(runs[0].md), len(commands), commands)
	}
	for name, page := range runs[0].md {
		if strings.Contains(page, "Auto generated") {
			t.Errorf("%s has a generated tag", name)
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
}

func TestDateFromSourceDateEpoch(t *testing.T) {
	dir := t.TempDir()
	epoch := func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1700000000" // 14 Nov 2023
		}
		return ""
	}
	var stderr bytes.Buffer
	if code := run([]string{"--man", dir}, epoch, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if page := readDir(t, dir)["tokenlab.1"]; !strings.Contains(page, `"Nov 2023"`) {
		t.Errorf("tokenlab.1 header: %s", strings.SplitN(page, "\n", 3)[1])
	}
}

func TestBadInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pages")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		env  func(string) string
		want string
	}{
		{nil, noEnv, "gendocs: give --man DIR, --markdown DIR or both\n"},
		{[]string{"--man", file}, noEnv, "gendocs: cannot write pages into " + file + ": it is a file, not a directory\n"},
		{[]string{"--html", "x"}, noEnv, "gendocs: flag provided but not defined: -html; use --man DIR, --markdown DIR or both\n"},
		{[]string{"--man", t.TempDir(), "extra"}, noEnv, "gendocs: unexpected argument \"extra\"; use --man DIR, --markdown DIR or both\n"},
		{[]string{"--man", t.TempDir()}, func(string) string { return "yesterday" },
			"gendocs: invalid SOURCE_DATE_EPOCH \"yesterday\": must be whole seconds since 1970, e.g. 1764547200\n"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if code := run(tt.args, tt.env, &stderr); code != 2 || stderr.String() != tt.want {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tt.args, code, stderr.String(), tt.want)
		}
	}
}
