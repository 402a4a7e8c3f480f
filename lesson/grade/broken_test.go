package grade

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tokenlab/tokenlab/lesson"
)

// Every program init --broken plants runs, fails exactly the one step its
// bug is in, and passes all four once its line is put right.
func TestPlantedBugsFailOneStepAndTheFixPasses(t *testing.T) {
	t.Parallel()
	opts := goOptions(t, "auto", 60*time.Second) // a Go check includes its build
	for _, lang := range lesson.Languages() {
		ext := map[lesson.Language]string{lesson.Python: ".py", lesson.Go: ".go"}[lang]
		if lang == lesson.Go && testing.Short() {
			continue // builds Go; the Python ones stand for the rule in -short
		}
		for _, bug := range lesson.BugsIn(lang) {
			planted, err := lesson.Broken(lang, bug, "solution"+ext)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			check := func(src string) Submission {
				path := filepath.Join(dir, "solution"+ext)
				if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
				return CheckFile(context.Background(), path, opts)
			}
			sub := check(planted)
			var failing []int
			for step, state := range sub.StepStates() {
				if state != Pass {
					failing = append(failing, step)
				}
			}
			slices.Sort(failing)
			if sub.Status != Fail || !slices.Equal(failing, []int{bug.Step}) {
				t.Errorf("%s/%s: %s (%s), steps not passing %v; want step %d alone", lang, bug.ID, sub.Status, sub.Message, failing, bug.Step)
			}
			if fixed := check(bug.Fixed(lang, planted)); fixed.Status != Pass {
				t.Errorf("%s/%s fixed: %s (%s)", lang, bug.ID, fixed.Status, fixed.Message)
			}
		}
	}
}
