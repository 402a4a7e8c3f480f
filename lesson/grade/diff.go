package grade

import (
	"strings"

	"github.com/google/go-cmp/cmp"
)

// lineDiff renders want and got as a -want +got diff, one line per line.
// The edit script is go-cmp's; the text is ours, because cmp.Diff's own
// output is deliberately unstable and reports must be byte-identical.
func lineDiff(want, got string) string {
	w, g := splitLines(want), splitLines(got)
	r := &diffReporter{want: w, got: g}
	cmp.Equal(w, g, cmp.Reporter(r))
	return strings.Join(r.lines, "\n")
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
		if !strings.HasSuffix(l, "\n") {
			l += "⏎ (no newline at the end)"
		}
		lines[i] = strings.TrimSuffix(l, "\n")
	}
	return lines
}

// diffReporter collects go-cmp's verdict on each line, in edit-script order.
type diffReporter struct {
	path      cmp.Path
	want, got []string
	lines     []string
}

func (r *diffReporter) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }
func (r *diffReporter) PopStep()                 { r.path = r.path[:len(r.path)-1] }

func (r *diffReporter) Report(rs cmp.Result) {
	si, ok := r.path.Last().(cmp.SliceIndex)
	if !ok {
		return
	}
	ix, iy := si.SplitKeys()
	switch {
	case rs.Equal():
		r.lines = append(r.lines, "  "+r.want[ix])
	default:
		if ix >= 0 {
			r.lines = append(r.lines, "- "+r.want[ix])
		}
		if iy >= 0 {
			r.lines = append(r.lines, "+ "+r.got[iy])
		}
	}
}
