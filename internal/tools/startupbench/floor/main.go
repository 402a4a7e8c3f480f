// Command floor is the least a program built on tokenlab's libraries can
// do: one cobra command, one Lip Gloss style, one line. Every other library
// tokenlab links (net/http for serve and check --api, YAML for the lesson
// and the banks, encoding/xml and html/template for the reports, go/parser
// for Go solutions, fsnotify for watch, lockedfile for progress) is linked
// too, behind commands the benchmark never runs, so that their size and
// package initialisation are paid here as tokenlab pays them. startupbench
// times it as the floor that tokenlab's own start-up work is measured from.
package main

import (
	"encoding/xml"
	"fmt"
	"go/parser"
	"go/token"
	"html/template"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"

	"charm.land/lipgloss/v2"
	"github.com/fsnotify/fsnotify"
	"github.com/rogpeppe/go-internal/lockedfile"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
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
		Short: "serve HTTP, as tokenlab's serve does",
		RunE:  func(*cobra.Command, []string) error { return http.ListenAndServe("127.0.0.1:0", http.NewServeMux()) },
	}, &cobra.Command{
		Use:   "libraries DIR",
		Short: "use each of tokenlab's other libraries once",
		Args:  cobra.ExactArgs(1),
		RunE:  func(c *cobra.Command, args []string) error { return useLibraries(c.OutOrStdout(), args[0]) },
	})
	root.SetArgs(os.Args[1:])
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}

// useLibraries calls into every library tokenlab links beyond cobra, Lip
// Gloss and net/http, so the linker keeps what tokenlab keeps of them.
func useLibraries(w io.Writer, dir string) error {
	var doc struct {
		Line string `yaml:"line"`
	}
	if err := yaml.Unmarshal([]byte("line: refreshed\n"), &doc); err != nil {
		return err
	}
	if err := xml.NewEncoder(w).Encode(struct {
		XMLName xml.Name `xml:"line"`
		Text    string   `xml:",chardata"`
	}{Text: doc.Line}); err != nil {
		return err
	}
	page := template.Must(template.New("page").Parse("<p>{{.}}</p>\n"))
	if err := page.Execute(w, doc.Line); err != nil {
		return err
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "main.go", "package main\n", parser.SkipObjectResolution); err != nil {
		return err
	}
	watcher, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := watcher.Add(dir); err != nil {
		return err
	}
	if err := watcher.Close(); err != nil {
		return err
	}
	unlock, err := lockedfile.MutexAt(filepath.Join(dir, "floor.lock")).Lock()
	if err != nil {
		return err
	}
	unlock()
	if info, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintln(w, info.Main.Path)
	}
	return nil
}
