package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/quiz"
)

// The points histogram puts each score in its tenth, the lower bound in,
// the upper out, and full marks in a bar of their own.
func TestPointsHistogram(t *testing.T) {
	t.Parallel()
	// Scores in hundredths of a point.
	c := pointsHistogram([]int{0, 999, 1000, 5050, 9999, 10000, 10000})
	want := map[string]string{
		"0 to under 10":    "2 (29%)",
		"10 to under 20":   "1 (14%)",
		"50 to under 60":   "1 (14%)",
		"90 to under 100":  "1 (14%)",
		"100 (full marks)": "2 (29%)",
		"20 to under 30":   "0 (0%)",
	}
	if len(c.Bars) != 11 {
		t.Fatalf("%d bars, want 11", len(c.Bars))
	}
	for _, b := range c.Bars {
		if w, ok := want[b.Label]; ok && b.Value != w {
			t.Errorf("%s: %s, want %s", b.Label, b.Value, w)
		}
		if b.Mark != (b.Label == "100 (full marks)") {
			t.Errorf("%s marked %v", b.Label, b.Mark)
		}
	}
	if last := c.Bars[10]; last.Share != 1 {
		t.Errorf("the longest bar has share %v, want 1", last.Share)
	}
}

// quiz grade's page lists the learners, up to MaxHTMLLearners, and says
// how many more the statistics count.
func TestGradeHTMLListsLearnersUpToItsLimit(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, MaxHTMLLearners + 2} {
		var out bytes.Buffer
		g := NewGradeHTML(&out, "class.csv")
		stats := &quiz.ClassStats{Questions: quiz.Default().Questions}
		for i := range n {
			row := &quiz.Row{Learner: []byte("learner<" + string(rune('a'+i%26)) + ">"), Score: 1, Outcomes: make([]quiz.Outcome, len(stats.Questions))}
			row.Outcomes[0] = quiz.Right
			if err := g.Learner(row); err != nil {
				t.Fatal(err)
			}
		}
		if err := g.Finish(stats); err != nil {
			t.Fatal(err)
		}
		page := out.String()
		rows := strings.Count(page, `<th scope="row">learner&lt;`)
		if want := min(n, MaxHTMLLearners); rows != want {
			t.Errorf("%d learners: %d rows, want %d", n, rows, want)
		}
		more := strings.Contains(page, "and 2 more that the statistics above count")
		if more != (n > MaxHTMLLearners) {
			t.Errorf("%d learners: the note of the rest is there: %v", n, more)
		}
	}
}
