package grade

import (
	"path/filepath"
	"strings"
)

// CheckInfo names one check: its ID, its step and, for reports other
// programs read (JUnit, Exercism, Gradescope), a short name.
type CheckInfo struct {
	ID   string
	Step int
	Name string
}

// pythonChecks are a Python solution's checks in report order; a test
// pins that the verdicts come in this order.
var pythonChecks = []CheckInfo{
	{"tokens-exists", 1, "tokens is a dictionary"},
	{"tokens-entries", 1, "tokens holds the exercise's three entries"},
	{"current-time", 2, "current_time is 120"},
	{"refresh-exists", 3, "refresh_token takes the user"},
	{"refresh-expired", 3, "an expired token is renewed"},
	{"refresh-valid", 3, "a valid token is left alone"},
	{"refresh-boundary", 3, "a token expiring at current_time is left alone"},
	{"refresh-other-time", 3, "it reads the global current_time"},
	{"refresh-only-user", 3, "it changes only the user it is given"},
	{"refresh-in-place", 3, "it updates tokens in place"},
	{"output", 4, "it prints the line with alice's token"},
	{"calls-refresh", 4, "it calls refresh_token('alice')"},
	{"still-valid-message", 4, "a message while the token is still valid (advice)"},
}

// outputOnlyChecks are a Go or JavaScript solution's checks.
var outputOnlyChecks = []CheckInfo{
	{"step1", 1, "step 1 (needs a Python solution)"},
	{"step2", 2, "step 2 (needs a Python solution)"},
	{"step3", 3, "step 3 (needs a Python solution)"},
	{"output", 4, "it prints the line with alice's token"},
}

// ChecksFor are the checks a file gets, by its language, in report order:
// what a report lists for a file that did not run to the end, too.
func ChecksFor(path string) []CheckInfo {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".py":
		return pythonChecks
	case ".go", ".js":
		return outputOnlyChecks
	}
	return nil
}

// CheckName is the short name of a check ID, or the ID itself.
func CheckName(path, id string) string {
	for _, c := range ChecksFor(path) {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}
