package cmd

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/quiz"
)

// fullTree is the command tree as it runs, with the help and completion
// commands cobra adds when it executes.
func fullTree() *cobra.Command {
	ios, _, _, _ := TestStreams()
	root := NewRootCmd(ios)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	return root
}

// The --help of every command is pinned.
func TestHelp(t *testing.T) {
	t.Parallel()
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

// No help text, and not the README, holds the answer key of the practice
// quiz or of the test, in any form a learner could copy: copying it would
// score full marks without answering.
func TestNoAnswerKeyInHelpOrREADME(t *testing.T) {
	t.Parallel()
	var keys []string
	for _, b := range []*quiz.Bank{quiz.Default(), quiz.TestBank()} {
		var letters []string
		for _, q := range b.Questions {
			letters = append(letters, quiz.Letter(q.Answer()))
		}
		keys = append(keys, strings.Join(letters, ","), strings.Join(letters, ""), strings.Join(letters, " "))
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"README.md": string(readme)}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		texts["tokenlab "+strings.Join(path, " ")+" --help"] = run(t, append(path, "--help")...).stdout
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(fullTree())
	for name, text := range texts {
		for _, key := range keys {
			if strings.Contains(strings.ToUpper(text), key) {
				t.Errorf("%s holds an answer key, %s", name, key)
			}
		}
	}
}
