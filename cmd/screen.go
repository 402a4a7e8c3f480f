package cmd

import (
	"io"

	"github.com/tokenlab/tokenlab/internal/report"
)

// screen is what learn and watch draw on. On a terminal each page replaces
// the one before, as a full-screen program's do; elsewhere (a pipe, a
// file, a test) pages follow each other a blank line apart, so the
// transcript reads in order.
type screen struct {
	ios   *IOStreams
	out   io.Writer // ios.Out through the colour writer
	th    report.Theme
	pages int
}

func newScreen(g *globalOptions) *screen {
	return &screen{ios: g.ios, out: g.out(), th: report.NewTheme()}
}

// clearScreen moves a terminal's cursor home and clears the screen.
const clearScreen = "\x1b[H\x1b[2J"

// page starts a new page holding text. The clear goes to the terminal as
// it is: the colour writer, under --color never, would strip it with the
// colours, and every page would pile under the last.
func (s *screen) page(text string) {
	switch {
	case s.ios.OutTTY:
		_, _ = io.WriteString(s.ios.Out, clearScreen)
	case s.pages > 0:
		text = "\n" + text
	}
	s.pages++
	s.say(text)
}

// say adds text to the page on screen.
func (s *screen) say(text string) { _, _ = io.WriteString(s.out, text) }

// checking says, on a terminal, that a check of file has started, below
// whatever is on screen, so a save is seen at once; the check's page
// replaces it. Elsewhere the page alone says it.
func (s *screen) checking(file string) {
	if s.ios.OutTTY {
		s.say("\n" + s.th.Muted.Render("Checking "+report.VisibleName(file)+"…"))
	}
}

// width is the width to wrap the next page to: the terminal's as it is now.
func (s *screen) width() int { return s.ios.PageWidth() }
