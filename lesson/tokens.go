// Package lesson is the exercise "Token refresh mechanism in Rest API" as
// data and pure functions: the tokens, the refresh rule, the four steps and
// their reference solutions. It never touches a terminal, a flag or os.Stdout.
package lesson

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tokenlab/tokenlab/internal/editdist"
)

// The exercise's constants.
const (
	// DefaultTime is the exercise's current_time.
	DefaultTime int64 = 120
	// NewToken is the token refresh_token issues.
	NewToken = "newtoken123"
	// Lifetime is how long a refreshed token lives: its expiry is current_time + Lifetime.
	Lifetime int64 = 100
	// MaxTime is the largest current_time whose refreshed expiry still fits in an int64.
	MaxTime = math.MaxInt64 - Lifetime
)

// Entry is one user's token: tokens[user] = {'token': Token, 'expiry': Expiry}.
type Entry struct {
	User   string
	Token  string
	Expiry int64
}

// Tokens is the tokens dictionary in exercise order (alice, bob, carol).
// It is a slice, not a map, so it is always listed in that order.
type Tokens []Entry

// InitialTokens returns a fresh copy of the exercise's tokens.
func InitialTokens() Tokens {
	return Tokens{
		{User: "alice", Token: "abc123", Expiry: 100},
		{User: "bob", Token: "def456", Expiry: 200},
		{User: "carol", Token: "ghi789", Expiry: 50},
	}
}

// Users returns the users in exercise order.
func Users() []string {
	return []string{"alice", "bob", "carol"}
}

// Lookup returns the entry for user.
func (t Tokens) Lookup(user string) (Entry, bool) {
	for _, e := range t {
		if e.User == user {
			return e, true
		}
	}
	return Entry{}, false
}

// Clone returns a copy that shares nothing with t.
func (t Tokens) Clone() Tokens {
	return append(Tokens(nil), t...)
}

// Expired reports whether e is expired at now. The rule is strict: a token
// whose expiry equals now is still valid.
func (e Entry) Expired(now int64) bool {
	return e.Expiry < now
}

// RefreshToken applies refresh_token to one entry at now: an expired entry is
// renewed to NewToken expiring at now + Lifetime; any other is returned as is.
// It reports whether it renewed the entry.
func RefreshToken(e Entry, now int64) (Entry, bool) {
	if !e.Expired(now) {
		return e, false
	}
	e.Token = NewToken
	e.Expiry = now + Lifetime
	return e, true
}

// ParseTime parses a current_time given by a user: a whole number from 0 to
// MaxTime, so that current_time + Lifetime cannot overflow.
func ParseTime(s string) (int64, error) {
	t := strings.TrimSpace(s)
	n, err := strconv.ParseInt(t, 10, 64)
	switch {
	case strings.HasPrefix(t, "+"):
		// "+90" could be read as 90 from now: a time is written alone.
		return 0, fmt.Errorf("must be a whole number from 0 to %d, without a sign: the time itself, not an offset", MaxTime)
	case err == nil && n >= 0 && n <= MaxTime:
		return n, nil
	case err == nil && n < 0, strings.HasPrefix(t, "-") && isDigits(t[1:]):
		return 0, fmt.Errorf("must not be negative; use a whole number from 0 to %d", MaxTime)
	case err == nil, isDigits(t):
		return 0, fmt.Errorf("is too large: current_time + %d must fit in 64 bits; use a whole number from 0 to %d", Lifetime, MaxTime)
	default:
		return 0, fmt.Errorf("must be a whole number from 0 to %d", MaxTime)
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ParseStep parses a step number given by a user: 1 to StepCount.
func ParseStep(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("invalid step %q; steps are %s", s, stepList())
	}
	if err := CheckStep(n); err != nil {
		return 0, err
	}
	return n, nil
}

// CheckStep says whether n is a step, naming the steps when it is not.
func CheckStep(n int) error {
	if n < 1 || n > StepCount {
		return fmt.Errorf("no step %d; steps are %s", n, stepList())
	}
	return nil
}

func stepList() string {
	nums := make([]string, StepCount)
	for i := range nums {
		nums[i] = strconv.Itoa(i + 1)
	}
	return strings.Join(nums, ", ")
}

// UnknownUserError says a user is not in tokens, with a suggestion when one is close.
type UnknownUserError struct {
	User       string
	Suggestion string // "" when no user is close
}

func (e *UnknownUserError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "unknown user %q", e.User)
	if e.Suggestion != "" {
		fmt.Fprintf(&b, " (did you mean %s?)", e.Suggestion)
	}
	b.WriteString("; users are " + strings.Join(Users(), ", "))
	return b.String()
}

// CheckUser returns nil when user is in tokens, else an *UnknownUserError.
func CheckUser(user string) error {
	for _, u := range Users() {
		if u == user {
			return nil
		}
	}
	return &UnknownUserError{User: user, Suggestion: suggestUser(user)}
}

// suggestUser returns the user that differs from s only in case or by at most
// two edits, or "" when none is that close.
func suggestUser(s string) string {
	lower := strings.ToLower(strings.TrimSpace(s))
	best, bestDist := "", 3
	for _, u := range Users() {
		if d := editdist.Distance(lower, u); d < bestDist {
			best, bestDist = u, d
		}
	}
	return best
}
