package cmd

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
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

// theme is the styles every view shares.
type theme struct {
	title, heading, muted, code, command lipgloss.Style
	good, bad, changed                   lipgloss.Style
}

func newTheme() theme {
	s := lipgloss.NewStyle()
	return theme{
		title:   s.Bold(true).Foreground(lipgloss.Magenta),
		heading: s.Bold(true).Foreground(lipgloss.Cyan),
		muted:   s.Faint(true),
		code:    s.Foreground(lipgloss.Yellow),
		command: s.Bold(true),
		good:    s.Foreground(lipgloss.Green),
		bad:     s.Foreground(lipgloss.Red),
		changed: s.Foreground(lipgloss.Yellow),
	}
}

// styleLines styles each line of text on its own, so Lip Gloss does not
// pad the lines of a block to one width.
func styleLines(style lipgloss.Style, text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = style.Render(l)
		}
	}
	return strings.Join(lines, "\n")
}

// indent is how far section bodies sit under their headings.
const indent = "  "

// wrap word-wraps plain text to width columns, each line prefixed with
// prefix. Runs of white space (including the YAML's line breaks) fold to one.
func wrap(text string, width int, prefix string) string {
	var b strings.Builder
	limit := max(width-lipgloss.Width(prefix), 10)
	line := 0
	for i, word := range strings.Fields(text) {
		w := lipgloss.Width(word)
		switch {
		case i == 0:
			b.WriteString(prefix)
		case line+1+w > limit:
			b.WriteString("\n" + prefix)
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += w
	}
	return b.String()
}

// cell is one table cell: its text and how to style it.
type cell struct {
	text  string
	style lipgloss.Style
}

// render styles the cell's text; an empty cell stays empty, so trailing
// padding can be trimmed.
func (c cell) render() string {
	if c.text == "" {
		return ""
	}
	return c.style.Render(c.text)
}

// plain is a cell with no style.
func plain(s string) cell { return cell{text: s} }

// table is rows of cells aligned in columns by their plain width, so
// styling never moves anything.
type table struct {
	header   []string
	rows     [][]cell
	rightCol map[int]bool // columns aligned right (numbers)
}

func (t *table) add(cells ...cell) { t.rows = append(t.rows, cells) }

// render writes the table, each line prefixed with prefix, columns two
// spaces apart, trailing spaces trimmed.
func (t *table) render(th theme, prefix string) string {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = lipgloss.Width(h)
	}
	for _, row := range t.rows {
		for i, c := range row {
			widths[i] = max(widths[i], lipgloss.Width(c.text))
		}
	}
	header := make([]cell, len(t.header))
	for i, h := range t.header {
		header[i] = cell{text: h, style: th.muted}
	}
	var b strings.Builder
	for _, row := range append([][]cell{header}, t.rows...) {
		var line strings.Builder
		line.WriteString(prefix)
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-lipgloss.Width(c.text))
			if i > 0 {
				line.WriteString("  ")
			}
			if t.rightCol[i] {
				line.WriteString(pad + c.render())
			} else {
				line.WriteString(c.render() + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return b.String()
}

// visible shows text that came from a learner's program or a file name
// without letting it drive the terminal: control characters are written
// as escapes (\x1b, \n, \u009b) and bytes that are not UTF-8 as \xNN.
func visible(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// visibleName is a file name as a report shows it: as it is, or quoted
// with escapes when it holds anything a terminal would act on, or spaces
// at its ends.
func visibleName(name string) string {
	if needsEscape(name) || strings.TrimSpace(name) != name {
		return `"` + strings.ReplaceAll(visible(strings.ReplaceAll(name, `\`, `\\`)), `"`, `\"`) + `"`
	}
	return name
}
