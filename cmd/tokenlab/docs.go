//go:build docs

package main

import (
	"github.com/tokenlab/tokenlab/cmd"
	"github.com/tokenlab/tokenlab/internal/refdocs"
)

// Built with -tags docs, tokenlab can write its reference pages.
func init() {
	cmd.RegisterDocs(cmd.DocsWriter{Man: refdocs.WriteMan, Markdown: refdocs.WriteMarkdown, Date: refdocs.Date})
}
