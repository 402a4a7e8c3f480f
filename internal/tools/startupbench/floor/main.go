// Command floor is the least a program built on tokenlab's libraries can
// do: one cobra command, one Lip Gloss style, one line, and net/http linked
// in, as tokenlab's serve and check --api link it. startupbench times it as
// the floor that tokenlab's own start-up work is measured from.
package main

import (
	"fmt"
	"net/http"
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
	}, &cobra.Command{
		Use:   "serve",
		Short: "serve HTTP, so that net/http and its packages' start-up are linked as tokenlab's are",
		RunE:  func(*cobra.Command, []string) error { return http.ListenAndServe("127.0.0.1:0", http.NewServeMux()) },
	})
	root.SetArgs(os.Args[1:])
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
