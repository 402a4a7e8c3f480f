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
	{"output-follows-rule", 4, "run again with other values, it prints what the rule gives"},
	{"still-valid-message", 4, "a message while the token is still valid (advice)"},
}

// goChecks are a Go solution's: the same checks, in Go's words.
var goChecks = func() []CheckInfo {
	out := make([]CheckInfo, len(pythonChecks))
	for i, c := range pythonChecks {
		c.Name = goLanguage.words.Replace(c.Name)
		out[i] = c
	}
	return out
}()

// outputOnlyChecks are a JavaScript solution's checks.
var outputOnlyChecks = []CheckInfo{
	{"step1", 1, "step 1 (needs a Python or Go solution)"},
	{"step2", 2, "step 2 (needs a Python or Go solution)"},
	{"step3", 3, "step 3 (needs a Python or Go solution)"},
	{"output", 4, "it prints the line with alice's token"},
}

// APIChecks are the checks of a token server (tokenlab check --api), in
// order, each one behaviour, so that a server with one fault fails one
// check. Their "steps" are the parts of the contract: 1 login, 2 the
// access token, 3 refresh, rotation and revocation, 4 malformed requests.
var APIChecks = []CheckInfo{
	{"login", 1, "POST /login gives a token pair"},
	{"login-refused", 1, "a wrong password is 401"},
	{"me", 2, "GET /me with the access token is 200 and the user"},
	{"me-no-token", 2, "GET /me without a token is 401 with WWW-Authenticate: Bearer"},
	{"valid-at-expiry", 2, "an access token is still valid when its expiry equals the time"},
	{"expired-after", 2, "an access token is refused once the time is past its expiry"},
	{"refresh", 3, "POST /token gives a new pair that works"},
	{"old-access-refused", 3, "after a refresh the old access token is refused (advice)"},
	{"rotation", 3, "a refresh rotates the refresh token"},
	{"reuse-detection", 3, "a rotated refresh token used again revokes its whole family"},
	{"revocation", 3, "a revoked refresh token is refused"},
	{"invalid-grant", 3, "an unknown refresh token is 400 invalid_grant"},
	{"wrong-method", 4, "GET /token is 405 or 404"},
	{"malformed-login", 4, "a login body that is not JSON is 400"},
	{"malformed-token", 4, "a token request without grant_type is 400 invalid_request"},
}

// advice are the checks that advise: each passes or is a note, never a
// failure, and is worth no points, whatever it finds.
var advice = map[string]bool{"still-valid-message": true, "old-access-refused": true}

// IsAdvice reports whether the check id is advice.
func IsAdvice(id string) bool { return advice[id] }

// IsAPI reports whether a report's path is a server's URL (check --api)
// rather than a file.
func IsAPI(path string) bool {
	return strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://")
}

// ChecksFor are the checks a file gets, by its language, in report order:
// what a report lists for a file that did not run to the end, too.
func ChecksFor(path string) []CheckInfo {
	if IsAPI(path) {
		return APIChecks
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".py":
		return pythonChecks
	case ".go":
		return goChecks
	case ".js":
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
