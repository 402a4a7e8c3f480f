// Package refdocs writes tokenlab's reference pages, man pages and
// Markdown, with cobra's doc generator.
//
// Only internal/tools/gendocs links it, never the tokenlab binary: cobra's
// man page writer brings a Markdown parser whose initialisers build large
// tables on every start (about 0.3 ms, 200 KB), a cost every command would
// pay for a page generator that packagers run once.
package refdocs

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// Date is the date the pages carry unless the caller gives one: fixed, so
// the pages are the same from build to build.
var Date = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)

// WriteMan writes a man page (section 1) for every available command of
// root's tree into dir, dated date, with no generated-on tag.
func WriteMan(root *cobra.Command, dir string, date time.Time) error {
	root.DisableAutoGenTag = true
	header := &doc.GenManHeader{Title: "TOKENLAB", Section: "1", Date: &date, Source: "tokenlab", Manual: "tokenlab manual"}
	if err := doc.GenManTree(root, header, dir); err != nil {
		return fmt.Errorf("cannot write the man pages: %w", err)
	}
	return nil
}

// WriteMarkdown writes a Markdown page for every available command of
// root's tree into dir, with no generated-on tag.
func WriteMarkdown(root *cobra.Command, dir string) error {
	root.DisableAutoGenTag = true
	if err := doc.GenMarkdownTree(root, dir); err != nil {
		return fmt.Errorf("cannot write the Markdown pages: %w", err)
	}
	return nil
}
