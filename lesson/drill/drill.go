// Package drill makes predict's drills: a small tokens table, a
// current_time and calls of refresh_token, and the question what an entry
// holds afterwards. Every answer is computed with the lesson's own rule
// (lesson.RefreshToken), so drills cannot drift from it; the wrong options
// are what the mistakes learners make would give.
package drill

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/quiz"
)

// The kinds of drill. Every set of Kinds' length or more has each once.
const (
	Boundary   = "boundary"    // the expiry equals current_time: still valid
	JustAfter  = "just after"  // the expiry is one less than current_time: expired
	JustBefore = "just before" // the expiry is one more: still valid
	NotCalled  = "not called"  // asked about a user refresh_token was not called for
	Twice      = "twice"       // refresh_token called twice in a row for one user
)

// Kinds are the kinds of drill, in the order a set cycles through them.
var Kinds = []string{Boundary, JustAfter, JustBefore, NotCalled, Twice}

// DefaultCount is how many drills a set has unless asked otherwise.
const DefaultCount = 10

// Set is count drills drawn from seed, as quiz questions: each kind at
// least once when count allows, in an order the seed shuffles.
func Set(seed uint64, count int) []quiz.Question {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	kinds := make([]string, count)
	for i := range kinds {
		kinds[i] = Kinds[i%len(Kinds)]
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	qs := make([]quiz.Question, count)
	for i, kind := range kinds {
		qs[i] = make1(r, kind)
		qs[i].Number = i + 1
		qs[i].ID = fmt.Sprintf("drill-%d", i+1)
	}
	return qs
}

// situation is one drill's data before it is asked.
type situation struct {
	tokens lesson.Tokens
	now    int64
	calls  []string
	ask    string
}

// make1 draws one drill of kind.
func make1(r *rand.Rand, kind string) quiz.Question {
	now := 100 + r.Int64N(400) // every expiry drawn below stays positive
	users := lesson.Users()
	tokens := lesson.Tokens{}
	for _, u := range users {
		tokens = append(tokens, lesson.Entry{User: u, Token: fmt.Sprintf("%s%02d", u[:3], r.IntN(100)), Expiry: now - 60 + r.Int64N(120)})
	}
	s := situation{tokens: tokens, now: now}
	pick := users[r.IntN(len(users))]
	set := func(user string, expiry int64) {
		for i := range s.tokens {
			if s.tokens[i].User == user {
				s.tokens[i].Expiry = expiry
			}
		}
	}
	switch kind {
	case Boundary:
		set(pick, now)
		s.calls, s.ask = []string{pick}, pick
	case JustAfter:
		set(pick, now-1)
		s.calls, s.ask = []string{pick}, pick
	case JustBefore:
		set(pick, now+1)
		s.calls, s.ask = []string{pick}, pick
	case NotCalled:
		other := users[(slices.Index(users, pick)+1+r.IntN(len(users)-1))%len(users)]
		set(pick, now-1-r.Int64N(50)) // expired: called, it would be renewed
		set(other, now-1-r.Int64N(50))
		s.calls, s.ask = []string{other}, pick
	case Twice:
		set(pick, now-1-r.Int64N(50))
		s.calls, s.ask = []string{pick, pick}, pick
	}
	return s.question(kind)
}

// entry is a tokens entry as Python shows it.
func entry(e lesson.Entry) string {
	return fmt.Sprintf("{'token': '%s', 'expiry': %d}", e.Token, e.Expiry)
}

// question asks what the asked user's entry holds after the calls. The
// wrong options are what the mistakes learners make give: renewing a
// token that is still valid ("<=", or the user not called), keeping the
// old expiry, the old expiry plus 100, adding 100 again on a second call,
// or leaving an expired token alone.
func (s situation) question(kind string) quiz.Question {
	before, _ := s.tokens.Lookup(s.ask)
	reasoning, after := s.walk()
	called := slices.Contains(s.calls, s.ask)
	renewed := after != before
	renew := func(expiry int64) lesson.Entry {
		e := before
		e.Token, e.Expiry = lesson.NewToken, expiry
		return e
	}
	var notRenewed string
	switch {
	case !called:
		notRenewed = fmt.Sprintf("That renews %s's token, but refresh_token was called for %s only, and changes only the user it is given.", s.ask, strings.Join(s.calls, " and "))
	case before.Expiry == s.now:
		notRenewed = fmt.Sprintf("That is what \"<=\" would give: %d < %d is false, and a token whose expiry equals the time is still valid.", before.Expiry, s.now)
	default:
		notRenewed = fmt.Sprintf("That renews a token that is still valid: %d < %d is false.", before.Expiry, s.now)
	}
	candidates := []quiz.Option{
		{Text: entry(renew(s.now + lesson.Lifetime)), WhyWrong: notRenewed},
		{Text: entry(before), WhyWrong: fmt.Sprintf("That is the entry as it was, but %d < %d is true: the token had expired, so refresh_token renews it.", before.Expiry, s.now)},
		{Text: entry(renew(before.Expiry)), WhyWrong: "That renews the token but keeps its old expiry: a renewed token expires at current_time + 100."},
		{Text: entry(renew(before.Expiry + lesson.Lifetime)), WhyWrong: "That is the old expiry plus 100: a renewed token expires at current_time + 100."},
		{Text: entry(renew(s.now + 2*lesson.Lifetime)), WhyWrong: fmt.Sprintf("That adds 100 twice: the second call finds %d < %d false and changes nothing.", s.now+lesson.Lifetime, s.now)},
	}
	if !renewed {
		// Any renewal is the mistake: the token is not renewed at all.
		for i := 2; i < 4; i++ {
			candidates[i].WhyWrong = notRenewed + " (Renewed, it would expire at current_time + 100.)"
		}
	}
	if kind == Twice {
		candidates = append(candidates[4:], candidates[:4]...)
	} else {
		candidates = candidates[:4] // adding 100 twice needs two calls
	}
	q := quiz.Question{
		Noun:       "Drill",
		Difficulty: kind,
		Stem:       "tokens holds these entries, and current_time is " + fmt.Sprint(s.now) + ":",
		Code:       s.code(),
		Prompt:     fmt.Sprintf("What does tokens['%s'] hold afterwards?", s.ask),
		Reasoning:  reasoning,
	}
	answer := entry(after)
	seen := map[string]bool{answer: true}
	q.Options = append(q.Options, quiz.Option{Text: answer, Correct: true})
	for _, c := range candidates {
		if !seen[c.Text] && len(q.Options) < 4 {
			seen[c.Text] = true
			q.Options = append(q.Options, c)
		}
	}
	if len(q.Options) < 4 {
		q.Options = append(q.Options, quiz.Option{Text: "the program stops with a KeyError",
			WhyWrong: fmt.Sprintf("Every user the program names is a key of tokens, so no lookup raises a KeyError; tokens['%s'] is there.", s.ask)})
	}
	// The right option's place comes from the data, not always first.
	shift := int(before.Expiry+s.now) % len(q.Options)
	q.Options = append(q.Options[shift:], q.Options[:shift]...)
	return q
}

// code is the drill as the program would be written.
func (s situation) code() string {
	var b strings.Builder
	b.WriteString("tokens = {\n")
	for _, e := range s.tokens {
		fmt.Fprintf(&b, "    '%s': %s,\n", e.User, entry(e))
	}
	fmt.Fprintf(&b, "}\ncurrent_time = %d\n", s.now)
	for _, c := range s.calls {
		fmt.Fprintf(&b, "refresh_token('%s')\n", c)
	}
	return b.String()
}

// walk applies the calls to a copy of the tokens with the lesson's rule,
// saying what each does in the lesson's terms, and returns that and the
// asked user's entry after them: the answer and its explanation come from
// one pass, so they cannot disagree.
func (s situation) walk() ([]string, lesson.Entry) {
	var steps []string
	t := s.tokens.Clone()
	for i, c := range s.calls {
		e, _ := t.Lookup(c)
		after, renewed := lesson.RefreshToken(e, s.now)
		call := fmt.Sprintf("refresh_token('%s')", c)
		if len(s.calls) > 1 {
			call = fmt.Sprintf("Call %d, %s", i+1, call)
		}
		if renewed {
			steps = append(steps, fmt.Sprintf("%s: %d < %d is true, so the token had expired: it becomes %s, expiring at %d + 100 = %d.",
				call, e.Expiry, s.now, lesson.NewToken, s.now, after.Expiry))
		} else {
			note := ""
			if e.Expiry == s.now {
				note = " (an expiry equal to the time is still valid)"
			}
			steps = append(steps, fmt.Sprintf("%s: %d < %d is false, so the token is still valid%s: nothing changes.", call, e.Expiry, s.now, note))
		}
		for j := range t {
			if t[j].User == c {
				t[j] = after
			}
		}
	}
	if !slices.Contains(s.calls, s.ask) {
		steps = append(steps, fmt.Sprintf("refresh_token was not called for %s, so %s's entry stays as it was, expired or not.", s.ask, s.ask))
	}
	asked, _ := t.Lookup(s.ask)
	return steps, asked
}
