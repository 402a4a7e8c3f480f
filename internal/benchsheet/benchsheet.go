// Package benchsheet makes the answer sheet the grading benchmarks share:
// the shape scripts/bench-grade times, for the in-process benchmarks of
// quiz and internal/report.
package benchsheet

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Class is a sheet of 200,000 learners answering the exercise's five
// questions with right, wrong, blank and invalid answers, the same every
// time.
func Class() string {
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	sb.WriteString("learner,q1,q2,q3,q4,q5\n")
	choices := []string{"A", "B", "C", "D", "", "X"}
	for i := range 200000 {
		sb.WriteString("learner " + strconv.Itoa(i))
		for range 5 {
			sb.WriteString("," + choices[rng.IntN(len(choices))])
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
