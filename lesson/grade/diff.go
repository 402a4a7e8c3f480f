package grade

import "strings"

// lineDiff renders want and got as a -want +got diff, one line per line,
// from a longest-common-subsequence alignment.
//
// Not go-cmp: linking it into tokenlab runs its package initialisers on
// every command (about 0.5 ms, measured by scripts/bench-startup), and its
// own text is deliberately unstable while reports are golden-tested. want
// is one line here, so the table is as small as got.
func lineDiff(want, got string) string {
	w, g := splitLines(want), splitLines(got)
	// common[i][j] is the length of the longest common subsequence of w[i:] and g[j:].
	common := make([][]int, len(w)+1)
	for i := range common {
		common[i] = make([]int, len(g)+1)
	}
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			if w[i] == g[j] {
				common[i][j] = common[i+1][j+1] + 1
			} else {
				common[i][j] = max(common[i+1][j], common[i][j+1])
			}
		}
	}
	var lines []string
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case i < len(w) && j < len(g) && w[i] == g[j]:
			lines = append(lines, "  "+w[i])
			i, j = i+1, j+1
		case j == len(g) || i < len(w) && common[i+1][j] >= common[i][j+1]:
			lines = append(lines, "- "+w[i]) // a removal comes before its replacement
			i++
		default:
			lines = append(lines, "+ "+g[j])
			j++
		}
	}
	return strings.Join(lines, "\n")
}

func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		missing := !strings.HasSuffix(l, "\n")
		l = strings.TrimSuffix(l, "\n")
		// Trailing spaces would vanish in a terminal: show each as ·.
		text := strings.TrimRight(l, " ")
		l = text + strings.Repeat("·", len(l)-len(text))
		if missing {
			l += "⏎ (no newline at the end)"
		}
		lines[i] = l
	}
	return lines
}
