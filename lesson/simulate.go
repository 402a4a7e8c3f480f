package lesson

import "fmt"

// StepCount is the number of build steps.
const StepCount = 4

// Status is one token's state at a time, as step 2 shows it.
type Status struct {
	Entry
	Expired bool // Expiry < Time
}

// Call is one call of refresh_token(user): the entry before and after it.
type Call struct {
	User      string
	Before    Entry
	After     Entry
	Refreshed bool
}

// Line is what the finished program prints for the call: the refreshed token,
// or a message that the token is still valid.
func (c Call) Line() string {
	if c.Refreshed {
		return fmt.Sprintf("Refreshed token for %s: %s", c.User, c.After.Token)
	}
	return fmt.Sprintf("Token for %s is still valid: %s (expires at %d)", c.User, c.After.Token, c.After.Expiry)
}

// Trace is what steps 1..Through do at Time. Fields that belong to a later
// step than Through are left empty.
type Trace struct {
	Through int
	Time    int64
	// Step 1: the tokens dictionary as created.
	Tokens Tokens
	// Step 2: each token's status at Time, in exercise order.
	Statuses []Status
	// Step 3: what refresh_token would do to each user, each on fresh data.
	Effects []Call
	// Step 4: the calls for the chosen users, in the order given, on shared
	// data, and tokens after them.
	Calls []Call
	After Tokens
}

// Lines returns what the program prints: one line per call of step 4.
func (t Trace) Lines() []string {
	lines := make([]string, len(t.Calls))
	for i, c := range t.Calls {
		lines[i] = c.Line()
	}
	return lines
}

// Simulate says what steps 1..through do at time now. users are the users
// step 4 calls refresh_token for, in order; none means alice, as the exercise does.
func Simulate(through int, now int64, users []string) (Trace, error) {
	if through < 1 || through > StepCount {
		return Trace{}, fmt.Errorf("no step %d; steps are 1 to %d", through, StepCount)
	}
	if now < 0 || now > MaxTime {
		return Trace{}, fmt.Errorf("current time %d is out of range; use a whole number from 0 to %d", now, MaxTime)
	}
	for _, u := range users {
		if err := CheckUser(u); err != nil {
			return Trace{}, err
		}
	}
	if len(users) == 0 {
		users = []string{"alice"}
	}

	tr := Trace{Through: through, Time: now, Tokens: InitialTokens()}
	if through >= 2 {
		for _, e := range tr.Tokens {
			tr.Statuses = append(tr.Statuses, Status{Entry: e, Expired: e.Expired(now)})
		}
	}
	if through >= 3 {
		for _, e := range tr.Tokens {
			after, refreshed := RefreshToken(e, now)
			tr.Effects = append(tr.Effects, Call{User: e.User, Before: e, After: after, Refreshed: refreshed})
		}
	}
	if through >= 4 {
		tokens := tr.Tokens.Clone()
		for _, u := range users {
			for i, e := range tokens {
				if e.User != u {
					continue
				}
				after, refreshed := RefreshToken(e, now)
				tokens[i] = after
				tr.Calls = append(tr.Calls, Call{User: u, Before: e, After: after, Refreshed: refreshed})
			}
		}
		tr.After = tokens
	}
	return tr, nil
}
