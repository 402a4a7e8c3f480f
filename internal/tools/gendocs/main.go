// Command gendocs writes tokenlab's reference pages: a man page (section 1)
// and a Markdown page for every command. The pages are the same on every
// run: their date is fixed (SOURCE_DATE_EPOCH, in whole seconds, overrides
// it) and they carry no generated-on tag.
//
//	go run ./internal/tools/gendocs --man share/man/man1 --markdown docs/reference
//
// It is a program of its own, as the GitHub CLI's gen-docs is, so that the
// page writer (cobra/doc and its Markdown parser, whose initialisers cost
// every start about 0.3 ms) is never linked into tokenlab.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/tokenlab/tokenlab/internal/fserr"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/cmd"
	"github.com/tokenlab/tokenlab/internal/refdocs"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stderr))
}

// run writes the pages args ask for and returns the exit code: 0, or 2
// with a one-line message on stderr.
func run(args []string, getenv func(string) string, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gendocs: "+format+"\n", a...)
		return 2
	}
	fs := flag.NewFlagSet("gendocs", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	man := fs.String("man", "", "write man pages into this directory")
	markdown := fs.String("markdown", "", "write Markdown pages into this directory")
	if err := fs.Parse(args); err != nil {
		return fail("%v; use --man DIR, --markdown DIR or both", err)
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q; use --man DIR, --markdown DIR or both", fs.Arg(0))
	}
	if *man == "" && *markdown == "" {
		return fail("give --man DIR, --markdown DIR or both")
	}
	date := refdocs.Date
	if epoch := getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		secs, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return fail("invalid SOURCE_DATE_EPOCH %q: must be whole seconds since 1970, e.g. 1764547200", epoch)
		}
		date = time.Unix(secs, 0).UTC()
	}
	for _, dir := range []string{*man, *markdown} {
		if err := pageDir(dir); err != nil {
			return fail("%v", err)
		}
	}
	root := Tree()
	if *man != "" {
		if err := refdocs.WriteMan(root, *man, date); err != nil {
			return fail("%v", err)
		}
	}
	if *markdown != "" {
		if err := refdocs.WriteMarkdown(root, *markdown); err != nil {
			return fail("%v", err)
		}
	}
	return 0
}

// Tree is tokenlab's command tree as it runs, with the help and completion
// commands cobra adds when it executes.
func Tree() *cobra.Command {
	ios, _, _, _ := cmd.TestStreams()
	root := cmd.NewRootCmd(ios)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	return root
}

// pageDir makes sure dir, when given, is a directory to write into.
func pageDir(dir string) error {
	if dir == "" {
		return nil
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("cannot write pages into %s: it is a file, not a directory", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot write pages into %s: %v", dir, fserr.Cause(err))
	}
	return nil
}
