package cmd

import "testing"

// A mistyped flag is answered with the flag meant, where one is near.
func TestMistypedFlagSuggestsTheNearest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"check", "--jbos", "2", "x.py"}, "tokenlab: unknown flag --jbos; did you mean --jobs? See 'tokenlab check --help'"},
		{[]string{"quiz", "--answer", "A"}, "tokenlab: unknown flag --answer; did you mean --answers? See 'tokenlab quiz --help'"},
		{[]string{"step", "3", "--solutoin"}, "tokenlab: unknown flag --solutoin; did you mean --solution? See 'tokenlab step --help'"},
		{[]string{"learn", "--colr", "never"}, "tokenlab: unknown flag --colr; did you mean --color? See 'tokenlab learn --help'"},
		{[]string{"check", "--xyz"}, "tokenlab: unknown flag --xyz; see 'tokenlab check --help'"},
	}
	for _, tt := range tests {
		assertUsageLine(t, run(t, tt.args...), tt.want)
	}
}
