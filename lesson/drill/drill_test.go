package drill

import (
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update, as every test binary must
	"github.com/tokenlab/tokenlab/lesson"
)

var (
	entryLine = regexp.MustCompile(`'(\w+)': \{'token': '(\w+)', 'expiry': (-?\d+)\}`)
	timeLine  = regexp.MustCompile(`current_time = (\d+)`)
	callLine  = regexp.MustCompile(`refresh_token\('(\w+)'\)`)
	askLine   = regexp.MustCompile(`tokens\['(\w+)'\]`)
)

// Every drill's right option is what the lesson's rule gives, worked out
// here again from the drill's own code; its four options differ; and every
// set of ten has each kind, the boundary among them.
func TestDrillsFollowTheRule(t *testing.T) {
	for seed := range uint64(200) {
		set := Set(seed, DefaultCount)
		var kinds []string
		for _, q := range set {
			kinds = append(kinds, q.Difficulty)
			var tokens lesson.Tokens
			for _, m := range entryLine.FindAllStringSubmatch(q.Code, -1) {
				expiry, _ := strconv.ParseInt(m[3], 10, 64)
				tokens = append(tokens, lesson.Entry{User: m[1], Token: m[2], Expiry: expiry})
			}
			now, _ := strconv.ParseInt(timeLine.FindStringSubmatch(q.Code)[1], 10, 64)
			for _, c := range callLine.FindAllStringSubmatch(q.Code, -1) {
				for i := range tokens {
					if tokens[i].User == c[1] {
						tokens[i], _ = lesson.RefreshToken(tokens[i], now)
					}
				}
			}
			e, ok := tokens.Lookup(askLine.FindStringSubmatch(q.Prompt)[1])
			if !ok {
				t.Fatalf("seed %d, drill %d asks about a user it does not show:\n%s", seed, q.Number, q.Code)
			}
			if got, want := q.Options[q.Answer()].Text, entry(e); got != want {
				t.Errorf("seed %d, drill %d (%s): answer %s, the rule gives %s\n%s", seed, q.Number, q.Difficulty, got, want, q.Code)
			}
			texts := map[string]bool{}
			for _, o := range q.Options {
				texts[o.Text] = true
				if !o.Correct && o.WhyWrong == "" {
					t.Errorf("seed %d, drill %d: option %q says nothing of why it is wrong", seed, q.Number, o.Text)
				}
			}
			if len(q.Options) != 4 || len(texts) != 4 {
				t.Errorf("seed %d, drill %d: options %v", seed, q.Number, q.Options)
			}
			if q.Difficulty == Boundary && !regexp.MustCompile(`'expiry': `+strconv.FormatInt(now, 10)+`\}`).MatchString(q.Code) {
				t.Errorf("seed %d, drill %d: a boundary drill without an expiry equal to %d:\n%s", seed, q.Number, now, q.Code)
			}
		}
		for _, k := range Kinds {
			if !slices.Contains(kinds, k) {
				t.Errorf("seed %d: no %s drill in %v", seed, k, kinds)
			}
		}
	}
}

// One seed gives one set, every time: a drill can be replayed.
func TestSetIsTheSeeds(t *testing.T) {
	if diff := cmp.Diff(Set(7, 10), Set(7, 10)); diff != "" {
		t.Error(diff)
	}
	if cmp.Equal(Set(7, 10), Set(8, 10)) {
		t.Error("two seeds gave one set")
	}
}

// Drills show times a learner reads at a glance: no expiry below zero.
func TestDrillTimesArePositive(t *testing.T) {
	for seed := range uint64(500) {
		for _, q := range Set(seed, DefaultCount) {
			for _, m := range entryLine.FindAllStringSubmatch(q.Code, -1) {
				if e, _ := strconv.ParseInt(m[3], 10, 64); e <= 0 {
					t.Fatalf("seed %d, drill %d: expiry %d\n%s", seed, q.Number, e, q.Code)
				}
			}
		}
	}
}
