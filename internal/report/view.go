// Package report renders what tokenlab reports, one file per report and
// format, from the values lesson, quiz and grade return: the shared theme,
// tables and wrapping are here, so every screen looks alike and no
// renderer needs the command line.
package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"

	"github.com/tokenlab/tokenlab/internal/textwrap"
)

// Theme is the styles every view shares. Views always render their
// styles; the writer they go to downsamples or strips them (see cmd).
type Theme struct {
	Title, Heading, Muted, Code, Command Style
	Good, Bad, Changed                   Style
}

// Style is a Lip Gloss style.
type Style = lipgloss.Style

// NewTheme is tokenlab's theme.
func NewTheme() Theme {
	s := lipgloss.NewStyle()
	return Theme{
		Title:   s.Bold(true).Foreground(lipgloss.Magenta),
		Heading: s.Bold(true).Foreground(lipgloss.Cyan),
		Muted:   s.Faint(true),
		Code:    s.Foreground(lipgloss.Yellow),
		Command: s.Bold(true),
		Good:    s.Foreground(lipgloss.Green),
		Bad:     s.Foreground(lipgloss.Red),
		Changed: s.Foreground(lipgloss.Yellow),
	}
}

// StyleLines styles each line of text on its own, so Lip Gloss does not
// pad the lines of a block to one width.
func StyleLines(style Style, text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = style.Render(l)
		}
	}
	return strings.Join(lines, "\n")
}

// DefaultWidth is the page width when stdout is not a terminal, so piped
// output never depends on the terminal it came from.
const DefaultWidth = 80

// Indent is how far section bodies sit under their headings.
const Indent = "  "

// Wrap word-wraps plain text to width columns, each line prefixed with
// prefix. Runs of white space (including the YAML's line breaks) fold to
// one, and a quoted literal is not broken (see textwrap.Lines).
func Wrap(text string, width int, prefix string) string {
	limit := max(width-lipgloss.Width(prefix), 10)
	lines := textwrap.Lines(text, limit, lipgloss.Width)
	if len(lines) == 0 {
		return ""
	}
	return prefix + strings.Join(lines, "\n"+prefix)
}

// Next is a suggestion line, "<label> <command> <why>": the command in its
// style and never broken, the why after it when the line has room, else
// wrapped on the lines below, indented. A why in brackets keeps them.
func Next(th Theme, width int, label, command, why string) string {
	line := label + " " + th.Command.Render(command)
	if why == "" {
		return line + "\n"
	}
	if lipgloss.Width(line)+1+lipgloss.Width(why) <= width {
		return line + " " + why + "\n"
	}
	return line + "\n" + Wrap(why, width, Indent) + "\n"
}

// Cell is one table cell: its text and how to style it.
type Cell struct {
	Text  string
	Style Style
}

// Render styles the cell's text; an empty cell stays empty, so trailing
// padding can be trimmed.
func (c Cell) Render() string {
	if c.Text == "" {
		return ""
	}
	return c.Style.Render(c.Text)
}

// Plain is a cell with no style.
func Plain(s string) Cell { return Cell{Text: s} }

// Table is rows of cells aligned in columns by their plain width, so
// styling never moves anything.
type Table struct {
	Header   []string
	Rows     [][]Cell
	RightCol map[int]bool // columns aligned right (numbers)
	// Width, when set, is the page width: a table wider than that has its
	// widest column wrapped between words to fit, its later lines under the
	// column's start.
	Width int
}

// Add adds a row.
func (t *Table) Add(cells ...Cell) { t.Rows = append(t.Rows, cells) }

// Render writes the table, each line prefixed with prefix, columns two
// spaces apart, trailing spaces trimmed.
func (t *Table) Render(th Theme, prefix string) string {
	n := len(t.Header)
	widths := make([]int, n)
	for i, h := range t.Header {
		widths[i] = lipgloss.Width(h)
	}
	for _, row := range t.Rows {
		for i, c := range row {
			widths[i] = max(widths[i], lipgloss.Width(c.Text))
		}
	}
	// Too wide for the page: wrap the widest column of words.
	wrapCol := -1
	total := lipgloss.Width(prefix) + 2*(n-1)
	for i, w := range widths {
		total += w
		if !t.RightCol[i] && (wrapCol < 0 || w > widths[wrapCol]) {
			wrapCol = i
		}
	}
	const narrowest = 20
	if t.Width > 0 && total > t.Width {
		room := t.Width - (total - widths[max(wrapCol, 0)])
		if wrapCol < 0 || room < narrowest {
			return t.renderStacked(th, prefix)
		}
		widths[wrapCol] = room
	}
	start := lipgloss.Width(prefix) // where each column starts
	starts := make([]int, n)
	for i, w := range widths {
		starts[i] = start
		start += w + 2
	}
	header := make([]Cell, n)
	for i, h := range t.Header {
		header[i] = Cell{Text: h, Style: th.Muted}
	}
	var b strings.Builder
	for _, row := range append([][]Cell{header}, t.Rows...) {
		var line strings.Builder
		line.WriteString(prefix)
		var more []string // the wrapped cell's later lines
		for i, c := range row {
			if i == wrapCol && lipgloss.Width(c.Text) > widths[i] {
				lines := strings.Split(Wrap(c.Text, widths[i], ""), "\n")
				c.Text, more = lines[0], lines[1:]
			}
			pad := strings.Repeat(" ", max(widths[i]-lipgloss.Width(c.Text), 0))
			if i > 0 {
				line.WriteString("  ")
			}
			if t.RightCol[i] {
				line.WriteString(pad + c.Render())
			} else {
				line.WriteString(c.Render() + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		for _, l := range more {
			b.WriteString(strings.Repeat(" ", starts[wrapCol]) + row[wrapCol].Style.Render(l) + "\n")
		}
	}
	return b.String()
}

// renderStacked writes a table too wide for its page a row at a time:
// the first cell on a line of its own, then each other cell under it,
// after its column's name.
func (t *Table) renderStacked(th Theme, prefix string) string {
	labels := 0
	for _, h := range t.Header[1:] {
		labels = max(labels, lipgloss.Width(h))
	}
	inner := prefix + "  "
	valueAt := lipgloss.Width(inner) + labels + 2
	var b strings.Builder
	for _, row := range t.Rows {
		b.WriteString(prefix + row[0].Render() + "\n")
		for i, c := range row[1:] {
			if c.Text == "" {
				continue
			}
			label := t.Header[i+1]
			lines := strings.Split(Wrap(c.Text, max(t.Width-valueAt, 10), ""), "\n")
			b.WriteString(inner + th.Muted.Render(label) + strings.Repeat(" ", labels-lipgloss.Width(label)+2) + c.Style.Render(lines[0]) + "\n")
			for _, l := range lines[1:] {
				b.WriteString(strings.Repeat(" ", valueAt) + c.Style.Render(l) + "\n")
			}
		}
	}
	return b.String()
}

// Visible shows text that came from a learner's program or a file name
// without letting it drive the terminal: control characters are written
// as escapes (\x1b, \n, \u009b) and bytes that are not UTF-8 as \xNN.
func Visible(s string) string {
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
	if printableASCII(s) {
		return false
	}
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// printableASCII reports whether s is all printable ASCII, as most text
// is: nothing to escape, one column a byte.
func printableASCII[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// VisibleName is a file name as a report shows it: as it is, or quoted
// with escapes when it holds anything a terminal would act on, or spaces
// at its ends.
func VisibleName(name string) string {
	if needsEscape(name) || strings.TrimSpace(name) != name {
		return `"` + strings.ReplaceAll(Visible(strings.ReplaceAll(name, `\`, `\\`)), `"`, `\"`) + `"`
	}
	return name
}
