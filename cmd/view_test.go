package cmd

import (
	"charm.land/lipgloss/v2"
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/tokenlab/tokenlab/internal/golden"
)

func TestColorProfile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tty  bool
		env  map[string]string
		mode string
		want colorprofile.Profile
	}{
		{"pipe", false, nil, colorAuto, colorprofile.NoTTY},
		{"terminal", true, map[string]string{"TERM": "xterm-256color"}, colorAuto, colorprofile.ANSI},
		{"terminal without TERM", true, nil, colorAuto, colorprofile.ANSI},
		{"NO_COLOR drops colour", true, map[string]string{"TERM": "xterm", "NO_COLOR": "1"}, colorAuto, colorprofile.ASCII},
		{"empty NO_COLOR is unset", true, map[string]string{"TERM": "xterm", "NO_COLOR": ""}, colorAuto, colorprofile.ANSI},
		{"dumb terminal", true, map[string]string{"TERM": "dumb"}, colorAuto, colorprofile.NoTTY},
		{"never on a terminal", true, map[string]string{"TERM": "xterm"}, colorNever, colorprofile.NoTTY},
		{"always into a pipe", false, nil, colorAlways, colorprofile.ANSI},
		{"always beats NO_COLOR", false, map[string]string{"NO_COLOR": "1"}, colorAlways, colorprofile.ANSI},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := TestStreams()
			ios.OutTTY = tt.tty
			ios.Getenv = func(k string) string { return tt.env[k] }
			if got := colorProfile(ios, tt.mode); got != tt.want {
				t.Errorf("colorProfile = %v, want %v", got, tt.want)
			}
		})
	}
}

// One screen in colour pins the style.
func TestScreenInColor(t *testing.T) {
	t.Parallel()
	r := run(t, "step", "2", "--color", "always")
	if r.code != ExitOK || !strings.Contains(r.stdout, "\x1b[") {
		t.Fatalf("exit %d, output without colour: %q", r.code, r.stdout)
	}
	golden.Assert(t, []byte(r.stdout))
}

// On a terminal with NO_COLOR, bold stays and colour goes.
func TestNoColorOnTerminal(t *testing.T) {
	t.Parallel()
	ios, _, out, errOut := TestStreams()
	ios.OutTTY = true
	ios.Getenv = func(k string) string { return map[string]string{"TERM": "xterm", "NO_COLOR": "1"}[k] }
	r := runOn(t, ios, out, errOut, "step", "2")
	if r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	if !strings.Contains(r.stdout, "\x1b[1m") {
		t.Error("no bold on a terminal with NO_COLOR")
	}
	for _, colour := range []string{"31m", "32m", "36m"} {
		if strings.Contains(r.stdout, colour) {
			t.Errorf("colour %q with NO_COLOR set", colour)
		}
	}
}

// A narrow terminal wraps prose to its width.
func TestNarrowTerminal(t *testing.T) {
	t.Parallel()
	ios, _, out, errOut := TestStreams()
	ios.OutTTY, ios.TermWidth = true, 50
	r := runOn(t, ios, out, errOut, "--color", "never")
	if r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	golden.Assert(t, []byte(r.stdout))
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		err         error
		interrupted bool
		want        int
	}{
		{"ok", nil, false, ExitOK},
		{"usage", usageErrorf("bad"), false, ExitUsage},
		{"failed", ErrFailed, false, ExitFailed},
		{"other", errWrite, false, ExitFailed},
		{"interrupted", errWrite, true, ExitInterrupted},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err, tt.interrupted); got != tt.want {
			t.Errorf("%s: exitCode = %d, want %d", tt.name, got, tt.want)
		}
	}
}

var errWrite = errors.ErrUnsupported

// At 60 columns no screen a learner meets passes the terminal's edge:
// prose wraps between words, tables wrap a column or stack their rows,
// and "Next:" lines put their reason below the command. (A program's own
// code, shown as it is, is the one thing that may be wider.)
func TestNothingPassesSixtyColumns(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		nil, {"step", "1"}, {"step", "2"}, {"step", "3"}, {"step", "4"},
		{"hint", "1"}, {"hint", "2"}, {"hint", "3"}, {"hint", "4"},
		{"progress"}, {"run"}, {"check", boundarySolution, "--no-record"},
		{"check", "../testdata/solutions/error_syntax.py", "--no-record"},
	} {
		ios, _, out, errOut := testStreams(t)
		ios.OutTTY, ios.TermWidth = true, 60
		r := runOn(t, ios, out, errOut, append(args, "--color", "never")...)
		if r.code == ExitUsage {
			t.Fatalf("%v: %s", args, r.stderr)
		}
		// A learner's file is solution.py where the test's is a long path.
		stdout := strings.ReplaceAll(r.stdout, "../testdata/solutions/", "")
		for _, line := range strings.Split(stdout, "\n") {
			if w := lipgloss.Width(line); w > 60 {
				t.Errorf("tokenlab %s: a line of %d columns: %q", strings.Join(args, " "), w, line)
			}
		}
	}
}
