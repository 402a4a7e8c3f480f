package report

import (
	"fmt"

	"github.com/tokenlab/tokenlab/lesson"
)

// StepsTable lists the steps, with a column headed column that state
// fills in for each step; no such column when state is nil.
func StepsTable(th Theme, column string, state func(step int) Cell, width int) string {
	t := Table{Width: width}
	t.Header = []string{"step", "title"}
	if state != nil {
		t.Header = append(t.Header, column)
	}
	for _, s := range lesson.Content().Steps {
		row := []Cell{Plain(fmt.Sprint(s.Number)), Plain(s.Title)}
		if state != nil {
			row = append(row, state(s.Number))
		}
		t.Add(row...)
	}
	return t.Render(th, Indent)
}
