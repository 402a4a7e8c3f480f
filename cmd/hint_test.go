package cmd

import (
	"context"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
)

func TestHintScreens(t *testing.T) {
	t.Parallel()
	l := newLearner(t)
	tests := []struct {
		name  string
		check string // a solution to check first, or ""
		args  []string
	}{
		{"fresh_learner", "", []string{"hint"}},
		{"first_step_not_passing", "../testdata/solutions/fail_step3_boundary.py", []string{"hint"}},
		{"named_step", "", []string{"hint", "2"}},
		{"second_level", "", []string{"hint", "3", "--level", "2"}},
		{"last_level", "", []string{"hint", "3", "--level", "3"}},
		{"all_passing", passingSolution, []string{"hint"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.check != "" {
				l.run("check", tt.check)
			}
			r := l.run(tt.args...)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			golden.Assert(t, []byte(r.stdout))
		})
	}
}

func TestHintBadInput(t *testing.T) {
	t.Parallel()
	assertUsageLine(t, run(t, "hint", "0"), "tokenlab: no step 0; steps are 1, 2, 3, 4")
	assertUsageLine(t, run(t, "hint", "1", "2"), "tokenlab: hint takes at most one step number, 1 to 4 (for example: tokenlab hint 3)")
	assertUsageLine(t, run(t, "hint", "2", "--level", "3"), `tokenlab: invalid value "3" for --level: step 2 has hints 1 to 2, not 3`)
	assertUsageLine(t, run(t, "hint", "2", "--level", "0"), `tokenlab: invalid value "0" for --level: must be a whole number from 1 to 3`)
}

func TestHintArgs(t *testing.T) {
	t.Parallel()
	var got *hintOptions
	c := newHintCmd(testGlobals(), func(_ context.Context, o *hintOptions) error { got = o; return nil })
	parse(t, c, "3")
	if got.step != 3 || got.level != 1 {
		t.Errorf("step %d, level %d; want 3 and the first hint", got.step, got.level)
	}
	parse(t, c, "3", "--level", "2")
	if got.level != 2 {
		t.Errorf("level %d", got.level)
	}
}
