package cmd

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRunTree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{}, ""},
		{[]string{"run"}, "run"},
		{[]string{"run", "--user", "bob"}, "run"},
		{[]string{"quiz", "grade", "class.csv"}, "quiz"},
		{[]string{"check", "--sandbox=help"}, "check"},
		{[]string{"step", "1", "--", "-h"}, "step"},
		{[]string{"version"}, "version"},
		{[]string{"run", "--help"}, allCommands},
		{[]string{"run", "--help=false"}, allCommands},
		{[]string{"run", "-h"}, allCommands},
		{[]string{"step", "-xh"}, allCommands},
		{[]string{"help", "run"}, allCommands},
		{[]string{"completion", "bash"}, allCommands},
		{[]string{"__complete", "run", ""}, allCommands},
		{[]string{"--color", "never", "run"}, allCommands},
		{[]string{"stpe", "1"}, allCommands},
		{[]string{"Run"}, allCommands},
	}
	for _, tt := range tests {
		if got := runTree(tt.args); got != tt.want {
			t.Errorf("runTree(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

// The table runTree reads names every command of the whole tree, as cobra
// runs it.
func TestCommandsTableNamesTheTree(t *testing.T) {
	t.Parallel()
	ios, _, _, _ := testStreams(t)
	var tree []string
	for _, c := range NewRootCmd(ios).Commands() {
		if c.Name() != "completion" {
			tree = append(tree, c.Name())
		}
	}
	var table []string
	for _, c := range commands {
		table = append(table, c.name)
	}
	slices.Sort(table) // cobra lists its commands sorted
	if diff := cmp.Diff(tree, table); diff != "" {
		t.Errorf("commands table against the tree (-tree +table):\n%s", diff)
	}
}

// A run that builds only the command it names says and does exactly what
// the whole tree does.
func TestOneCommandTreeRunsAsTheWholeTree(t *testing.T) {
	t.Parallel()
	cases := [][]string{nil}
	for _, s := range screens {
		if runTree(s.args) != allCommands {
			cases = append(cases, s.args)
		}
	}
	for _, c := range commands {
		cases = append(cases,
			[]string{c.name, "--bogus"},
			[]string{c.name, "--color", "rainbow"},
			[]string{c.name, "--current-time", "soon"},
		)
	}
	cases = append(cases,
		[]string{"step", "5"}, []string{"step"}, []string{"run", "alice"},
		[]string{"run", "--user", "Alice"}, []string{"run", "--format", "xml"},
		[]string{"hint", "9"}, []string{"check"}, []string{"check", "x.py", "--current-time", "90"},
		[]string{"quiz", "grade"}, []string{"quiz", "grad"}, []string{"quiz", "--question", "99"},
		[]string{"watch"}, []string{"learn", "a.py", "b.py"}, []string{"init", "--broken", "9"},
		[]string{"progress", "now"}, []string{"version", "1"}, []string{"serve", "--port", "x"},
	)
	for _, args := range cases {
		one := runTree(args)
		if one == allCommands {
			t.Fatalf("%q builds the whole tree; the case tests nothing", args)
		}
		ios, _, out, errOut := testStreams(t)
		code := execute(context.Background(), ios, args, one)
		got := result{out.String(), errOut.String(), code}
		ios, _, out, errOut = testStreams(t)
		code = execute(context.Background(), ios, args, allCommands)
		want := result{out.String(), errOut.String(), code}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
			t.Errorf("tokenlab %q with only %q built (-whole tree +one):\n%s", args, one, diff)
		}
	}
}
