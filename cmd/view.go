package cmd

import (
	"io"

	"github.com/charmbracelet/colorprofile"
)

// Colour modes of --color.
const (
	colorAuto   = "auto"
	colorAlways = "always"
	colorNever  = "never"
)

// colorProfile decides, once, how much styling reaches Out. Views always
// render their styles; the writer downsamples or strips them.
//
// auto: colour only when Out is a terminal, NO_COLOR is unset or empty, and
// TERM is not dumb. NO_COLOR keeps bold and the like but drops colour.
// always: basic ANSI colour even into a pipe, so coloured golden files do
// not depend on the terminal they were made in.
func colorProfile(ios *IOStreams, mode string) colorprofile.Profile {
	switch mode {
	case colorAlways:
		return colorprofile.ANSI
	case colorNever:
		return colorprofile.NoTTY
	}
	if !ios.OutTTY || ios.Getenv("TERM") == "dumb" {
		return colorprofile.NoTTY
	}
	if ios.Getenv("NO_COLOR") != "" {
		return colorprofile.ASCII
	}
	// The styles use the 16 basic colours only, which every colour terminal
	// has and which follow the user's own theme.
	return colorprofile.ANSI
}

// styledWriter writes views to w at the given profile.
func styledWriter(w io.Writer, p colorprofile.Profile) io.Writer {
	return &colorprofile.Writer{Forward: w, Profile: p}
}
