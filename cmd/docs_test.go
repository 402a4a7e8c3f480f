package cmd

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/golden"
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
