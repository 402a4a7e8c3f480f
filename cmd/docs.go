package cmd

import (
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
)

// DocsWriter writes the reference pages of a command tree. The binary gets
// one only when built with -tags docs (see internal/refdocs for why).
type DocsWriter struct {
	Man      func(root *cobra.Command, dir string, date time.Time) error
	Markdown func(root *cobra.Command, dir string) error
	Date     time.Time // the pages' date unless SOURCE_DATE_EPOCH gives one
}

var docsWriter *DocsWriter

// RegisterDocs gives `tokenlab docs` its page writer.
func RegisterDocs(w DocsWriter) { docsWriter = &w }

// docsOptions are the flags of the hidden `tokenlab docs`.
type docsOptions struct {
	g             *globalOptions // the persistent flags and streams
	man, markdown string
}

func newDocsCmd(g *globalOptions) *cobra.Command {
	o := &docsOptions{g: g}
	c := &cobra.Command{
		Use:    "docs",
		Hidden: true, // for packagers and the website, not for learners
		Short:  "Write the reference pages: man pages and Markdown, one per command",
		Long: `Write the reference of every command, as man pages (section 1) into the
--man directory and as Markdown into the --markdown directory. The pages are
the same on every run: their date is fixed (SOURCE_DATE_EPOCH overrides it)
and they carry no generated-on tag.

The page writer is built in only with -tags docs, so that no other command
pays for it at start-up.`,
		Example: `  go run -tags docs ./cmd/tokenlab docs --man share/man/man1
  go run -tags docs ./cmd/tokenlab docs --markdown docs/reference`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if o.man == "" && o.markdown == "" {
				return usageErrorf("docs needs --man DIR, --markdown DIR or both")
			}
			return runDocs(o, c.Root())
		},
	}
	c.Flags().StringVar(&o.man, "man", "", "write man pages into this directory")
	c.Flags().StringVar(&o.markdown, "markdown", "", "write Markdown pages into this directory")
	_ = c.MarkFlagDirname("man")
	_ = c.MarkFlagDirname("markdown")
	return c
}

func runDocs(o *docsOptions, root *cobra.Command) error {
	if docsWriter == nil {
		return usageErrorf("this tokenlab was built without the page writer; build it with -tags docs " +
			"(for example: go run -tags docs ./cmd/tokenlab docs --man DIR)")
	}
	date := docsWriter.Date
	if epoch := o.g.ios.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		secs, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return usageErrorf("invalid SOURCE_DATE_EPOCH %q: must be whole seconds since 1970, e.g. 1764547200", epoch)
		}
		date = time.Unix(secs, 0).UTC()
	}
	for _, dir := range []string{o.man, o.markdown} {
		if err := docsDir(dir); err != nil {
			return err
		}
	}
	if o.man != "" {
		if err := docsWriter.Man(root, o.man, date); err != nil {
			return err
		}
	}
	if o.markdown != "" {
		return docsWriter.Markdown(root, o.markdown)
	}
	return nil
}

// docsDir makes sure dir, when given, is a directory to write into.
func docsDir(dir string) error {
	if dir == "" {
		return nil
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return usageErrorf("cannot write pages into %s: it is a file, not a directory", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageErrorf("cannot write pages into %s: %v", dir, unwrapPathError(err))
	}
	return nil
}
