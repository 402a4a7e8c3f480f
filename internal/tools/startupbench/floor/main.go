// Command floor is the least a cobra and Lip Gloss program can do: one
// command, one style, one line. startupbench times it as the floor that
// tokenlab's own start-up work is measured from.
package main

import (
	"fmt"
	"os"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"
)

func main() {
	bold := lipgloss.NewStyle().Bold(true)
	root := &cobra.Command{Use: "floor", SilenceUsage: true}
	root.AddCommand(&cobra.Command{
		Use:   "run",
		Short: bold.Render("print the line"),
		Run:   func(*cobra.Command, []string) { fmt.Println("Refreshed token for alice: newtoken123") },
	})
	root.SetArgs(os.Args[1:])
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
