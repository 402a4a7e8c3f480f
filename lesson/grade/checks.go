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
	{"calls-refresh", 4, "it calls refresh_token('alice')"},
	{"output", 4, "it prints the line with alice's token"},
	{"output-follows-rule", 4, "run again with other values, it prints what the rule gives"},
	{"still-valid-message", 4, "a message while the token is still valid (advice)"},
}

// goChecks are a Go solution's: the same checks, in Go's words (written
// out, not translated at start-up; a test pins that they are
// pythonChecks's in Go's words).
var goChecks = []CheckInfo{
	{"tokens-exists", 1, "tokens is a map"},
	{"tokens-entries", 1, "tokens holds the exercise's three entries"},
	{"current-time", 2, "currentTime is 120"},
	{"refresh-exists", 3, "refreshToken takes the user"},
	{"refresh-expired", 3, "an expired token is renewed"},
	{"refresh-valid", 3, "a valid token is left alone"},
	{"refresh-boundary", 3, "a token expiring at currentTime is left alone"},
	{"refresh-other-time", 3, "it reads the global currentTime"},
	{"refresh-only-user", 3, "it changes only the user it is given"},
	{"refresh-in-place", 3, "it updates tokens in place"},
	{"calls-refresh", 4, `it calls refreshToken("alice")`},
	{"output", 4, "it prints the line with alice's token"},
	{"output-follows-rule", 4, "run again with other values, it prints what the rule gives"},
	{"still-valid-message", 4, "a message while the token is still valid (advice)"},
}

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
	{"login-refused", 1, "a wrong password is 401 (or 429 once the user is held)"},
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

// checkCode is what each check runs, as Exercism's test_code shows it: in
// Python's names, a probe's drawn values named u, t, e and now.
func checkCode(id string) string {
	switch id {
	case "tokens-exists":
		return "# the program as written, then run\nassert isinstance(tokens, dict)"
	case "tokens-entries":
		return "# as written in the file, and as it holds after running\nassert tokens == {'alice': {'token': 'abc123', 'expiry': 100},\n                  'bob': {'token': 'def456', 'expiry': 200},\n                  'carol': {'token': 'ghi789', 'expiry': 50}}"
	case "current-time":
		return "# as written in the file, and as it holds after running\nassert current_time == 120"
	case "refresh-exists":
		return "# refresh_token is a function of one argument, the user\nrefresh_token(u)"
	case "refresh-expired":
		return "# fresh data: tokens[u] holds token t expiring at e, current_time is now, e < now\n" +
			"refresh_token(u)\nassert tokens[u] == {'token': 'newtoken123', 'expiry': now + 100}"
	case "refresh-valid":
		return "# fresh data: tokens[u] holds token t expiring at e, current_time is now, e > now\n" +
			"refresh_token(u)\nassert tokens[u] == {'token': t, 'expiry': e}"
	case "refresh-boundary":
		return "# fresh data: tokens[u] holds token t expiring at e, current_time is now, e == now\n" +
			"refresh_token(u)\nassert tokens[u] == {'token': t, 'expiry': e}  # less than is strict"
	case "refresh-other-time":
		return "# as the probes above, at times other than 120\ncurrent_time = now\nrefresh_token(u)\n# renewed only when e < now, to expire at now + 100"
	case "refresh-only-user":
		return "refresh_token(u)\n# every other user's entry is unchanged"
	case "refresh-in-place":
		return "before = tokens\nrefresh_token(u)\nassert tokens is before  # updated in place, not replaced"
	case "output":
		return "# the program, run as it is\n# prints: Refreshed token for alice: <alice's token as the program left it>"
	case "calls-refresh":
		return "# the program, run as it is\n# calls refresh_token('alice')"
	case "output-follows-rule":
		return "# the program, run 12 times more; at its first call of refresh_token,\n" +
			"# current_time and tokens['alice'] are set to drawn values\n" +
			"# prints the renewed token when alice's had expired, else the token unchanged or a message"
	case "still-valid-message":
		return "# the program, run again while alice's token is still valid\n# prints a message that it is still valid (advice)"
	}
	return ""
}

// CheckCode is what check id runs, for reports that show a test's code:
// Python's, for a Python solution; for others, what it checks, as a
// comment in the language ("" for a check it does not know).
func CheckCode(path, id string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".py":
		return checkCode(id)
	case ".go":
		if name := CheckName(path, id); name != id {
			return "// " + name
		}
	case ".js":
		if name := CheckName(path, id); name != id {
			return "// " + name
		}
	}
	return ""
}

// IsAdvice reports whether the check id is advice: it passes or is a note,
// never a failure, and is worth no points, whatever it finds. (Switches
// here, not maps: nothing to build as every command starts.)
func IsAdvice(id string) bool {
	switch id {
	case "still-valid-message", "old-access-refused":
		return true
	}
	return false
}

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
	if l, ok := LanguageOf(path); ok {
		return l.Checks
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
