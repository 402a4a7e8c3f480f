package grade

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
)

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

// pythonTests turns what the harness saw, what tokenlab read from the
// program's output and the probes it chose into every step's tests.
//
// written, for Python, is tokens and current_time as the source writes
// them, read before it ran: steps 1 and 2 pass only if both what the
// program holds and what it writes are right, since what it holds is
// reported from inside its own process.
func pythonTests(m *mainMsg, written *writtenMsg, results []probeResult, probes []probe, stdout string) []Test {
	tests := valueTests(m.built(), written)

	// Step 3: refresh_token, by what it does on data it could not know.
	tests = append(tests, refreshTests(m, results, probes)...)

	// Step 4, judged on its own work: the program calls
	// refresh_token('alice') and prints the line from tokens['alice'] as
	// it stands, whatever step 3's function did to it. The call is looked
	// at first: without it, the line has nothing to show.
	if m.calledWith("alice") {
		tests = append(tests, pass("calls-refresh", 4, "the program calls refresh_token('alice')"))
	} else {
		tests = append(tests, fail("calls-refresh", 4, "the program does not call refresh_token('alice')",
			"refresh_token('alice')", callsText(m.Calls)))
	}
	out := outputTest(stdout, printedToken(m.Final.Tokens))
	if r := m.Raised; r != nil {
		// A program that stops with an exception has not finished step
		// 4, whatever it printed first.
		where := ""
		if r.InRefreshToken {
			where = ", inside refresh_token"
		}
		out.Status, out.Message = Fail, r.stopped()+where+" before it ran to its end"
	}
	return append(tests, out)
}

// valueTests are steps 1 and 2: tokens and current_time as the program
// built them (built) and as its source writes them (written).
func valueTests(built globals, written *writtenMsg) []Test {
	var tests []Test
	initial := lesson.InitialTokens()

	// Step 1: tokens, exactly as the exercise gives it, in plain types.
	switch t := built.Tokens; {
	case t == nil:
		tests = append(tests, fail("tokens-exists", 1, "there is no variable called tokens", "a dictionary called tokens", "none"))
	case t.Dict == nil:
		tests = append(tests, fail("tokens-exists", 1, fmt.Sprintf("tokens is a %s, not a plain dict", t.typeName()), "a dict", t.typeName()+": "+t.String()))
	default:
		tests = append(tests, pass("tokens-exists", 1, "tokens is a dictionary"))
	}
	switch t := built.Tokens; {
	case t == nil:
		tests = append(tests, fail("tokens-entries", 1, "not checked: there is no variable called tokens", tokensText(initial), "none"))
	case t.equalTokens(initial) && written != nil && written.Tokens == nil:
		tests = append(tests, fail("tokens-entries", 1, "tokens is not written out as a dictionary of the three entries, "+
			"though it holds them as it runs: write the entries in the dictionary itself, as step 1 gives them", tokensText(initial), "not written out"))
	case t.equalTokens(initial) && written != nil && !written.Tokens.equalTokens(initial):
		tests = append(tests, fail("tokens-entries", 1, "tokens as the program writes it is not exactly the exercise's three entries, "+
			"though it holds them as it runs: write the entries in the dictionary itself, as step 1 gives them",
			tokensText(initial), tokensString(*written.Tokens)))
	case t.equalTokens(initial):
		tests = append(tests, pass("tokens-entries", 1, "tokens holds alice, bob and carol with the exercise's tokens and expiries"))
	default:
		tests = append(tests, fail("tokens-entries", 1, "tokens does not hold exactly the exercise's three entries"+oddTypes(*t),
			tokensText(initial), tokensString(*t)))
	}

	// Step 2: current_time is the int 120.
	switch c := built.CurrentTime; {
	case c == nil:
		tests = append(tests, fail("current-time", 2, "there is no variable called current_time", "120", "none"))
	case c.Int == nil:
		tests = append(tests, fail("current-time", 2, fmt.Sprintf("current_time is a %s, not an int", c.typeName()), "120", c.String()))
	case *c.Int != lesson.DefaultTime:
		tests = append(tests, fail("current-time", 2, "current_time is not 120", "120", c.String()))
	case written != nil && written.CurrentTime == nil:
		tests = append(tests, fail("current-time", 2, "current_time is not written as a number (current_time = 120): "+
			"tokenlab reads step 2 from current_time as the program writes it", "120", "not written out"))
	case written != nil && (written.CurrentTime.Int == nil || *written.CurrentTime.Int != lesson.DefaultTime):
		tests = append(tests, fail("current-time", 2, "current_time as the program writes it is not 120", "120", written.CurrentTime.String()))
	default:
		tests = append(tests, pass("current-time", 2, "current_time is 120"))
	}
	return tests
}

// neverReturnedTests are the tests of a program stopped (problem) during
// its first call of refresh_token: steps 1 and 2 as they were when it
// began, step 3 failed, step 4 not reached.
func neverReturnedTests(c *callingMsg, written *writtenMsg, problem string) []Test {
	tests := valueTests(*c.FirstCall, written)
	call := "refresh_token()"
	if c.User != nil {
		call = "refresh_token(" + c.User.String() + ")"
	}
	msg := fmt.Sprintf("the program's first call, %s, never returned: %s", call, problem)
	tests = append(tests, fail("refresh-exists", 3, msg, "a call that returns", "no return"))
	for _, id := range checkIDs(3)[1:] {
		tests = append(tests, fail(id, 3, "not checked: "+msg, "", ""))
	}
	// Step 4's checks, as every report lists them; advice has nothing to
	// say of a program that did not run.
	const notReached = "not checked: the program never got past its first call of refresh_token"
	for _, id := range checkIDs(4) {
		tests = append(tests, fail(id, 4, notReached, "", ""))
	}
	return tests
}

// checkIDs are a step's checks but advice, in report order.
func checkIDs(step int) []string {
	var ids []string
	for _, c := range pythonChecks {
		if c.Step == step && !IsAdvice(c.ID) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// oddTypes names the first value in tokens that is not of a plain type, as
// "; bob's expiry is a FakeInt, not an int", or "".
func oddTypes(t value) string {
	if t.Dict == nil {
		return ""
	}
	for _, it := range *t.Dict {
		name := it.Key.String()
		if it.Key.Str == nil {
			return fmt.Sprintf("; the key %s is a %s, not a str", name, it.Key.typeName())
		}
		if it.Value.Dict == nil {
			return fmt.Sprintf("; %s's value is a %s, not a plain dict", *it.Key.Str, it.Value.typeName())
		}
		if tok, ok := it.Value.lookup("token"); ok && tok.Str == nil {
			return fmt.Sprintf("; %s's token is a %s, not a str", *it.Key.Str, tok.typeName())
		}
		if exp, ok := it.Value.lookup("expiry"); ok && exp.Int == nil {
			return fmt.Sprintf("; %s's expiry is a %s, not an int", *it.Key.Str, exp.typeName())
		}
	}
	return ""
}

// tokensString shows a tokens value the way the report does.
func tokensString(t value) string {
	if t.Dict == nil {
		return fmt.Sprintf("a %s, not a dict", t.typeName())
	}
	var parts []string
	for _, it := range *t.Dict {
		user := it.Key.String()
		if it.Key.Str != nil {
			user = *it.Key.Str
		}
		if e, ok := t.entry(user); ok && it.Key.Str != nil {
			parts = append(parts, fmt.Sprintf("%s: %s/%d", e.User, e.Token, e.Expiry))
		} else {
			parts = append(parts, user+": "+it.Value.String())
		}
	}
	if t.Len > len(parts) {
		parts = append(parts, fmt.Sprintf("and %d more", t.Len-len(parts)))
	}
	if len(parts) == 0 {
		return "empty"
	}
	return strings.Join(parts, ", ")
}

func entryString(t value, user string) string {
	if e, ok := t.entry(user); ok {
		return fmt.Sprintf("%s: %s/%d", e.User, e.Token, e.Expiry)
	}
	if v, ok := t.lookup(user); ok {
		return user + ": " + v.String()
	}
	return user + ": missing"
}

// The step 3 tests and the kinds of probe each one looks at.
var refreshChecks = []struct {
	id, pass string
	kinds    []string
}{
	{"refresh-expired", "an expired token is renewed to newtoken123, expiring at current_time + 100", []string{probeExpired}},
	{"refresh-valid", "a token that has not expired is left alone", []string{probeValid}},
	{"refresh-boundary", "a token whose expiry equals current_time is left alone", []string{probeBoundary}},
	{"refresh-other-time", "it reads the global current_time (checked at other times)", []string{probeOtherTime, probeOtherTimeValid}},
}

func refreshTests(m *mainMsg, results []probeResult, probes []probe) []Test {
	const step = 3
	var notCallable string
	switch t := m.Final.Tokens; {
	case m.RefreshToken == "missing":
		notCallable = "there is no function called refresh_token"
	case m.RefreshToken == "not-callable":
		notCallable = "refresh_token is not a function"
	case m.RefreshToken == "wrong-arity":
		notCallable = "refresh_token cannot be called with one argument, the user"
	case t == nil:
		notCallable = "refresh_token could not be probed: there is no variable called tokens"
	case t.Dict == nil:
		notCallable = fmt.Sprintf("refresh_token could not be probed: tokens is a %s, not a plain dict", t.typeName())
	}
	ids := checkIDs(step)
	if notCallable != "" {
		tests := []Test{fail("refresh-exists", step, notCallable, "refresh_token(user)", "none")}
		for _, id := range ids[1:] {
			tests = append(tests, fail(id, step, "not checked: "+notCallable, "", ""))
		}
		return tests
	}

	tests := []Test{pass("refresh-exists", step, "refresh_token takes one argument, the user")}
	// A failure at the exercise's own time reads most easily: those
	// probes are looked at first.
	order := make([]int, len(probes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(boolInt(probes[a].Time != lesson.DefaultTime), boolInt(probes[b].Time != lesson.DefaultTime))
	})
	for _, c := range refreshChecks {
		t := pass(c.id, step, c.pass)
		for _, i := range order {
			p := probes[i]
			if !slices.Contains(c.kinds, p.Kind) {
				continue
			}
			if bad := probeProblem(p, results[i]); bad != nil {
				t = *bad
				t.ID, t.Step = c.id, step
				break
			}
		}
		tests = append(tests, t)
	}

	only := pass("refresh-only-user", step, "it changes only the user it is given")
	inPlace := pass("refresh-in-place", step, "it updates tokens in place")
	for i, p := range probes {
		r := results[i]
		if !r.Same || r.Tokens.Dict == nil {
			inPlace = fail("refresh-in-place", step, fmt.Sprintf("refresh_token('%s') replaced tokens instead of updating it", p.User),
				"the same tokens dictionary, updated", "a new "+r.Tokens.typeName())
		}
		if r.Raised != nil {
			continue
		}
		for _, before := range p.Before {
			if before.User == p.User {
				continue
			}
			if after, ok := r.Tokens.entry(before.User); !ok || after != before {
				only = fail("refresh-only-user", step, fmt.Sprintf("refresh_token('%s') also changed %s", p.User, before.User),
					fmt.Sprintf("%s: %s/%d", before.User, before.Token, before.Expiry), entryString(r.Tokens, before.User))
			}
		}
		if r.Tokens.Dict != nil && r.Tokens.Len != len(p.Before) {
			only = fail("refresh-only-user", step, fmt.Sprintf("refresh_token('%s') added or removed users", p.User),
				tokensText(p.Before), tokensString(r.Tokens))
		}
	}
	return append(tests, only, inPlace)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// frozenDefault explains a slip that makes a function use 120 at any time.
const frozenDefault = "(A default argument such as now=current_time keeps the value it had when refresh_token was defined.)"

// probeProblem returns a failing test when the probe's user did not end up
// as the rule says, else nil.
func probeProblem(p probe, r probeResult) *Test {
	call := fmt.Sprintf("refresh_token('%s')", p.User)
	before, _ := p.Before.Lookup(p.User)
	want, renewed := lesson.RefreshToken(before, p.Time)
	wantText := fmt.Sprintf("%s: %s/%d", p.User, want.Token, want.Expiry)
	setup := fmt.Sprintf("at current_time %d with expiry %d", p.Time, before.Expiry)
	if r.Raised != nil {
		t := fail("", 0, fmt.Sprintf("%s raised %s", call, *r.Raised), wantText, "an exception")
		return &t
	}
	got, ok := r.Tokens.entry(p.User)
	if ok && got == want {
		return nil
	}
	msg := fmt.Sprintf("%s %s should leave it alone", call, setup)
	if renewed {
		msg = fmt.Sprintf("%s %s should renew it", call, setup)
		if ok && got.Token == lesson.NewToken && got.Expiry == lesson.DefaultTime+lesson.Lifetime && p.Time != lesson.DefaultTime {
			msg += "; it set expiry 220: does it use 120 instead of the global current_time? " + frozenDefault
		}
		if ok && got == before {
			if p.Time != lesson.DefaultTime {
				msg += "; it changed nothing: does it read the global current_time? " + frozenDefault
			} else {
				msg += "; it changed nothing: check the comparison, and that it updates tokens[user] itself, not a copy of it"
			}
		}
	} else if before.Expiry == p.Time {
		msg += ` (the expiry equals the time, and "less than" is strict)`
	}
	if e, isEntry := r.Tokens.lookup(p.User); isEntry && !ok {
		msg += oddTypes(value{Dict: &[]item{{Key: value{Str: &p.User}, Value: e}}, Len: 1})
	}
	t := fail("", 0, msg, wantText, entryString(r.Tokens, p.User))
	return &t
}

// printedToken is the token step 4's line must end with: alice's, as the
// program left it, else the exercise's newtoken123.
func printedToken(tokens *value) string {
	if tokens != nil {
		if e, ok := tokens.entry("alice"); ok {
			return e.Token
		}
	}
	return lesson.NewToken
}

// callsText lists what refresh_token was called with, for a report.
func callsText(calls []value) string {
	if len(calls) == 0 {
		return "no call"
	}
	parts := make([]string, len(calls))
	for i, c := range calls {
		parts[i] = "refresh_token(" + c.String() + ")"
	}
	return strings.Join(parts, ", ")
}

// outputTest compares what the program printed with step 4's line, which
// ends with token: "Refreshed token for alice: " + tokens['alice']['token'].
func outputTest(stdout, token string) Test {
	wantLine := "Refreshed token for alice: " + token + "\n"
	if stdout == wantLine {
		return pass("output", 4, "it prints exactly: "+strings.TrimSuffix(wantLine, "\n"))
	}
	msg := "it does not print exactly the expected line"
	switch {
	case strings.Join(strings.Fields(stdout), "") == strings.Join(strings.Fields(wantLine), "") && strings.Count(stdout, "\n") <= 1:
		msg = "it prints the right words with other spacing: print(a, b) puts a space between a and b, a + b puts none"
	case token != lesson.NewToken:
		msg = fmt.Sprintf("it does not print the line with tokens['alice']['token'], which is %s after the program runs", token)
	}
	t := fail("output", 4, msg, wantLine, stdout)
	t.Diff = lineDiff(wantLine, stdout)
	return t
}

// notRewritten is why a program could not be run again with other values.
const notRewritten = "not checked: tokenlab runs the program again and, at its first call of refresh_token, " +
	"sets current_time and alice's entry to other values; here that call never came, " +
	"or tokens['alice'] was not a dictionary it could set"

// rerunTest is step 4 judged by behaviour: what the program printed when
// run again with current_time and alice's entry set to values drawn after
// it started. An expired token must be printed renewed; a valid one
// unchanged, or a message said instead. No order of printing, and nothing
// the solution reports about itself, passes without the rule. ended says
// why the reruns did not end, when rr is nil.
func rerunTest(rr *rerunsMsg, reruns []rerun, ended string, step3Fails bool) Test {
	t := rerunVerdict(rr, reruns, ended)
	if t.Status == Fail && step3Fails && rr != nil && rr.Rewritten {
		t.Message += "; what it prints comes from refresh_token, which fails step 3: fix that first"
	}
	return t
}

func rerunVerdict(rr *rerunsMsg, reruns []rerun, ended string) Test {
	const id, step = "output-follows-rule", 4
	switch {
	case rr == nil:
		return fail(id, step, "run again with other values of current_time and alice's entry, it did not run to the end: "+ended, "", "")
	case !rr.Rewritten:
		return fail(id, step, notRewritten, "", "")
	}
	for i, r := range reruns {
		run := rr.Runs[i]
		setup := fmt.Sprintf("run again at current_time = %d with alice's token %s expiring at %d", r.Time, r.Token, r.Expiry)
		if r.expired() && run.Raised != nil {
			return fail(id, step, fmt.Sprintf("%s (expired), it raised %s", setup, *run.Raised), "", "an exception")
		}
		if r.expired() {
			want := "Refreshed token for alice: " + lesson.NewToken + "\n"
			if run.Output != want {
				t := fail(id, step, setup+" (expired), it does not print the renewed token", want, run.Output)
				t.Diff = lineDiff(want, run.Output)
				return t
			}
			continue
		}
		// Still valid: the token printed, if any, is the one it had; a
		// message, nothing, or an exception is the other half of What
		// You'll Learn's last line, which the note advises on.
		kept := "Refreshed token for alice: " + r.Token
		for _, line := range strings.Split(run.Output, "\n") {
			if strings.Contains(line, lesson.NewToken) || strings.HasPrefix(line, "Refreshed token for alice:") && strings.TrimSpace(line) != kept {
				return fail(id, step, setup+" (still valid), it should print the token unchanged, or a message that it is still valid",
					kept+"\n", run.Output)
			}
		}
	}
	return pass(id, step, fmt.Sprintf("run again %d times with other values of current_time and alice's entry, it prints what the rule gives", len(reruns)))
}

// noteTest is the advice on What You'll Learn's "or a message if the
// token is still valid": what the program printed in the first rerun at
// which alice's token had not expired. It passes or is a note, never a
// failure: step 4's task asks only for the refreshed token's line.
func noteTest(rr *rerunsMsg, reruns []rerun, ended string) Test {
	const id, step = "still-valid-message", 4
	advise := func(msg string) Test { return Test{ID: id, Step: step, Status: Note, Message: msg} }
	valid := -1
	for i, r := range reruns {
		if !r.expired() {
			valid = i
			break
		}
	}
	switch {
	case rr == nil:
		return advise("run again when alice's token is still valid, it did not run to the end: " + ended)
	case !rr.Rewritten || valid < 0:
		return advise("not tried: " + strings.TrimPrefix(notRewritten, "not checked: "))
	}
	r, run := reruns[valid], rr.Runs[valid]
	at := fmt.Sprintf("run again at current_time = %d with alice's token %s expiring at %d (still valid),", r.Time, r.Token, r.Expiry)
	if run.Raised != nil {
		return advise(fmt.Sprintf("%s it raised %s", at, *run.Raised))
	}
	var message string
	for _, line := range strings.Split(run.Output, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "Refreshed token for alice") {
			message = line
			break
		}
	}
	switch {
	case message != "":
		if r := []rune(message); len(r) > 80 {
			message = string(r[:77]) + "..."
		}
		return pass(id, step, fmt.Sprintf("%s it prints a message: %s", at, message))
	case strings.TrimSpace(run.Output) == "":
		return advise(fmt.Sprintf("%s it prints nothing; What You'll Learn asks for a message then (step 4's last hint shows how)", at))
	}
	first, _, _ := strings.Cut(strings.TrimSpace(run.Output), "\n")
	return advise(fmt.Sprintf("%s it prints %q, though nothing was refreshed; What You'll Learn asks for a message "+
		"that the token is still valid (step 4's last hint shows how)", at, first))
}
