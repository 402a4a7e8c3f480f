package grade

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
)

// observation is what the harness saw (see harness.py).
type observation struct {
	Stage string `json:"stage"`
	Error *struct {
		Kind    string `json:"kind"`
		Line    int    `json:"line"`
		Message string `json:"message"`
	} `json:"error"`
	Stdout               string    `json:"stdout"`
	HasTokens            bool      `json:"has_tokens"`
	InitialTokens        tokensObs `json:"initial_tokens"`
	FinalTokens          tokensObs `json:"final_tokens"`
	HasCurrentTime       bool      `json:"has_current_time"`
	CurrentTime          string    `json:"current_time"`
	HasRefreshToken      bool      `json:"has_refresh_token"`
	RefreshTokenCallable bool      `json:"refresh_token_callable"`
	TakesOneArgument     *bool     `json:"takes_one_argument"`
	Probes               []probe   `json:"probes"`
}

type tokensObs struct {
	Mapping bool       `json:"mapping"`
	Type    string     `json:"type"`
	Count   int        `json:"count"`
	Entries []entryObs `json:"entries"`
}

type entryObs struct {
	Key    string      `json:"key"`
	Fields []string    `json:"fields"`
	Token  any         `json:"token"`
	Expiry json.Number `json:"expiry"`
	Value  string      `json:"value"`
}

type probe struct {
	Kind       string    `json:"kind"`
	User       string    `json:"user"`
	Time       int64     `json:"time"`
	Before     tokensObs `json:"before"`
	After      tokensObs `json:"after"`
	Raised     string    `json:"raised"`
	Line       int       `json:"line"`
	SameObject bool      `json:"same_object"`
}

// entry returns the entry for user as lesson.Entry, and whether it is a
// proper {'token': str, 'expiry': int} entry.
func (t tokensObs) entry(user string) (lesson.Entry, bool) {
	for _, e := range t.Entries {
		if e.Key != user {
			continue
		}
		tok, isStr := e.Token.(string)
		exp, err := e.Expiry.Int64()
		ok := isStr && err == nil && slices.Equal(e.Fields, []string{"expiry", "token"})
		return lesson.Entry{User: user, Token: tok, Expiry: exp}, ok
	}
	return lesson.Entry{}, false
}

// String shows tokens the way the report does.
func (t tokensObs) String() string {
	if !t.Mapping {
		return fmt.Sprintf("a %s, not a dictionary", t.Type)
	}
	var parts []string
	for _, e := range t.Entries {
		switch {
		case e.Value != "":
			parts = append(parts, fmt.Sprintf("%s: %s", e.Key, e.Value))
		case !slices.Equal(e.Fields, []string{"expiry", "token"}):
			parts = append(parts, fmt.Sprintf("%s: fields %s", e.Key, strings.Join(e.Fields, ", ")))
		default:
			parts = append(parts, fmt.Sprintf("%s: %v/%s", e.Key, e.Token, e.Expiry))
		}
	}
	if len(parts) == 0 {
		return "empty"
	}
	return strings.Join(parts, ", ")
}

// tokensText shows lesson tokens the way the report does.
func tokensText(tokens lesson.Tokens) string {
	parts := make([]string, len(tokens))
	for i, e := range tokens {
		parts[i] = fmt.Sprintf("%s: %s/%d", e.User, e.Token, e.Expiry)
	}
	return strings.Join(parts, ", ")
}

func pass(id string, step int, msg string) Test {
	return Test{ID: id, Step: step, Status: Pass, Message: msg}
}

func fail(id string, step int, msg, expected, actual string) Test {
	return Test{ID: id, Step: step, Status: Fail, Message: msg, Expected: expected, Actual: actual}
}

// pythonTests turns the harness's observations into every step's tests.
func pythonTests(obs *observation) []Test {
	var tests []Test
	initial := lesson.InitialTokens()

	// Step 1: tokens, exactly as the exercise gives it.
	switch {
	case !obs.HasTokens:
		tests = append(tests, fail("tokens-exists", 1, "there is no variable called tokens", "a dictionary called tokens", "none"))
	case !obs.InitialTokens.Mapping:
		tests = append(tests, fail("tokens-exists", 1, "tokens is not a dictionary", "a dictionary", obs.InitialTokens.Type))
	default:
		tests = append(tests, pass("tokens-exists", 1, "tokens is a dictionary"))
	}
	if got := obs.InitialTokens; !obs.HasTokens {
		tests = append(tests, fail("tokens-entries", 1, "not checked: there is no variable called tokens", tokensText(initial), "none"))
	} else if tokensEqual(got, initial) {
		tests = append(tests, pass("tokens-entries", 1, "tokens holds alice, bob and carol with the exercise's tokens and expiries"))
	} else {
		tests = append(tests, fail("tokens-entries", 1, "tokens does not hold exactly the exercise's three entries", tokensText(initial), got.String()))
	}

	// Step 2: current_time is 120.
	switch {
	case !obs.HasCurrentTime:
		tests = append(tests, fail("current-time", 2, "there is no variable called current_time", "120", "none"))
	case obs.CurrentTime != "120":
		tests = append(tests, fail("current-time", 2, "current_time is not 120", "120", obs.CurrentTime))
	default:
		tests = append(tests, pass("current-time", 2, "current_time is 120"))
	}

	// Step 3: refresh_token, by what it does on fresh data.
	tests = append(tests, refreshTests(obs)...)

	// Step 4: the program's output, and alice refreshed.
	tests = append(tests, outputTest(obs.Stdout))
	wantAlice := lesson.Entry{User: "alice", Token: lesson.NewToken, Expiry: lesson.DefaultTime + lesson.Lifetime}
	if got, ok := obs.FinalTokens.entry("alice"); ok && got == wantAlice {
		tests = append(tests, pass("alice-refreshed", 4, "after the program runs, alice has newtoken123 expiring at 220"))
	} else {
		tests = append(tests, fail("alice-refreshed", 4, "after the program runs, alice's token is not refreshed",
			"alice: newtoken123/220", entryString(obs.FinalTokens, "alice")))
	}
	return tests
}

func tokensEqual(got tokensObs, want lesson.Tokens) bool {
	if !got.Mapping || got.Count != len(want) {
		return false
	}
	for _, w := range want {
		if e, ok := got.entry(w.User); !ok || e != w {
			return false
		}
	}
	return true
}

func entryString(t tokensObs, user string) string {
	for _, e := range t.Entries {
		if e.Key == user {
			return tokensObs{Mapping: true, Entries: []entryObs{e}}.String()
		}
	}
	return user + ": missing"
}

// The step 3 tests and the probes each one looks at.
var refreshChecks = []struct {
	id, pass string
	kinds    []string
}{
	{"refresh-expired", "an expired token is renewed to newtoken123, expiring at current_time + 100", []string{"expired"}},
	{"refresh-valid", "a token that has not expired is left alone", []string{"valid"}},
	{"refresh-boundary", "a token whose expiry equals current_time is left alone", []string{"boundary"}},
	{"refresh-other-time", "it reads the global current_time (checked at other times)", []string{"other-time", "other-time-valid"}},
}

func refreshTests(obs *observation) []Test {
	const step = 3
	var notCallable string
	switch {
	case !obs.HasRefreshToken:
		notCallable = "there is no function called refresh_token"
	case !obs.RefreshTokenCallable:
		notCallable = "refresh_token is not a function"
	case obs.TakesOneArgument != nil && !*obs.TakesOneArgument:
		notCallable = "refresh_token cannot be called with one argument, the user"
	case len(obs.Probes) == 0:
		notCallable = "refresh_token could not be probed: tokens is not a dictionary"
	}
	ids := []string{"refresh-exists"}
	for _, c := range refreshChecks {
		ids = append(ids, c.id)
	}
	ids = append(ids, "refresh-only-user", "refresh-in-place")
	if notCallable != "" {
		tests := []Test{fail("refresh-exists", step, notCallable, "refresh_token(user)", "none")}
		for _, id := range ids[1:] {
			tests = append(tests, fail(id, step, "not checked: "+notCallable, "", ""))
		}
		return tests
	}

	tests := []Test{pass("refresh-exists", step, "refresh_token takes one argument, the user")}
	for _, c := range refreshChecks {
		t := pass(c.id, step, c.pass)
		for _, p := range obs.Probes {
			if !slices.Contains(c.kinds, p.Kind) {
				continue
			}
			if bad := probeProblem(p); bad != nil {
				t = *bad
				t.ID, t.Step = c.id, step
				break
			}
		}
		tests = append(tests, t)
	}

	only := pass("refresh-only-user", step, "it changes only the user it is given")
	inPlace := pass("refresh-in-place", step, "it updates tokens in place")
	for _, p := range obs.Probes {
		if !p.SameObject || !p.After.Mapping {
			inPlace = fail("refresh-in-place", step, fmt.Sprintf("refresh_token('%s') replaced tokens instead of updating it", p.User),
				"the same tokens dictionary, updated", "a new "+p.After.Type)
		}
		for _, u := range lesson.Users() {
			if u == p.User || p.Raised != "" {
				continue
			}
			before, _ := p.Before.entry(u)
			if after, ok := p.After.entry(u); !ok || after != before {
				only = fail("refresh-only-user", step, fmt.Sprintf("refresh_token('%s') also changed %s", p.User, u),
					entryString(p.Before, u), entryString(p.After, u))
			}
		}
	}
	return append(tests, only, inPlace)
}

// probeProblem returns a failing test when the probe's user did not end up
// as the rule says, else nil.
func probeProblem(p probe) *Test {
	call := fmt.Sprintf("refresh_token('%s')", p.User)
	before, _ := p.Before.entry(p.User)
	want, renewed := lesson.RefreshToken(before, p.Time)
	setup := fmt.Sprintf("at current_time %d with expiry %d", p.Time, before.Expiry)
	if p.Raised != "" {
		t := fail("", 0, fmt.Sprintf("%s raised %s", call, p.Raised), fmt.Sprintf("%s: %s/%d", p.User, want.Token, want.Expiry), "an exception")
		return &t
	}
	got, ok := p.After.entry(p.User)
	if ok && got == want {
		return nil
	}
	msg := fmt.Sprintf("%s %s should leave it alone", call, setup)
	if renewed {
		msg = fmt.Sprintf("%s %s should renew it", call, setup)
		if ok && got.Token == lesson.NewToken && got.Expiry == lesson.DefaultTime+lesson.Lifetime && p.Time != lesson.DefaultTime {
			msg += "; it set expiry 220: does it use 120 instead of the global current_time?"
		}
	} else if before.Expiry == p.Time {
		msg += ` (the expiry equals the time, and "less than" is strict)`
	}
	t := fail("", 0, msg, fmt.Sprintf("%s: %s/%d", p.User, want.Token, want.Expiry), entryString(p.After, p.User))
	return &t
}

// outputTest compares what the program printed with the exercise's line.
func outputTest(stdout string) Test {
	const wantLine = "Refreshed token for alice: newtoken123\n"
	if stdout == wantLine {
		return pass("output", 4, "it prints exactly: Refreshed token for alice: newtoken123")
	}
	t := fail("output", 4, "it does not print exactly the expected line", wantLine, stdout)
	t.Diff = lineDiff(wantLine, stdout)
	return t
}
