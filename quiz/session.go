package quiz

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Item is a question as shown: its options in the order shown. Letters in
// feedback and reports are always the shown ones, so they stay right after
// shuffling.
type Item struct {
	Question
	// Order[i] is the bank index of the option shown at i.
	Order []int
}

// AnswerIndex is the shown index of the correct option.
func (it Item) AnswerIndex() int { return it.Question.Answer() }

// Select returns the bank's questions chosen by number and difficulty, in
// bank order. Within a flag any value matches; across flags all must. No
// numbers and no difficulties choose every question.
func Select(b *Bank, numbers []int, difficulties []string) ([]Question, error) {
	for _, n := range numbers {
		if n < 1 || n > len(b.Questions) {
			return nil, fmt.Errorf("no question %d; questions are 1 to %d", n, len(b.Questions))
		}
	}
	for _, d := range difficulties {
		if !validDifficulty(d) {
			return nil, fmt.Errorf("unknown difficulty %q; difficulties are easy, medium, hard", d)
		}
	}
	var out []Question
	for _, q := range b.Questions {
		if (len(numbers) == 0 || slices.Contains(numbers, q.Number)) &&
			(len(difficulties) == 0 || slices.Contains(difficulties, q.Difficulty)) {
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no question is both numbered %s and %s", joinInts(numbers), strings.Join(difficulties, " or "))
	}
	return out, nil
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, " or ")
}

// InOrder presents questions as they are, options in bank order.
func InOrder(questions []Question) []Item {
	items := make([]Item, len(questions))
	for i, q := range questions {
		order := make([]int, len(q.Options))
		for j := range order {
			order[j] = j
		}
		items[i] = Item{Question: q, Order: order}
	}
	return items
}

// Shuffle presents questions in an order drawn from seed, each with its
// options shuffled too. The same seed gives the same quiz on every platform
// and Go version: PCG is fully specified, and the shuffle is ours.
func Shuffle(questions []Question, seed uint64) []Item {
	r := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	items := InOrder(questions)
	shuffle(r, len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	for k := range items {
		it := &items[k]
		opts := slices.Clone(it.Options)
		shuffle(r, len(opts), func(i, j int) {
			opts[i], opts[j] = opts[j], opts[i]
			it.Order[i], it.Order[j] = it.Order[j], it.Order[i]
		})
		it.Options = opts
	}
	return items
}

// shuffle is Fisher-Yates with Lemire's unbiased bounded draw.
func shuffle(r *rand.PCG, n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, int(bounded(r, uint64(i+1))))
	}
}

func bounded(r *rand.PCG, n uint64) uint64 {
	for {
		hi, lo := bits.Mul64(r.Uint64(), n)
		if lo >= -n%n {
			return hi
		}
	}
}

// Response is what was chosen for one item; Chosen is -1 when unanswered.
type Response struct {
	Item    Item
	Chosen  int
	Correct bool
}

// ChosenLetter is the shown letter chosen, "" when unanswered.
func (r Response) ChosenLetter() string {
	if r.Chosen < 0 {
		return ""
	}
	return Letter(r.Chosen)
}

// Session is one run through a quiz: a state machine that moves from item
// to item as each is answered.
type Session struct {
	items     []Item
	responses []Response
}

// NewSession starts a quiz over items.
func NewSession(items []Item) *Session { return &Session{items: items} }

// Current is the item waiting for an answer; ok is false when all are answered.
func (s *Session) Current() (it Item, index int, ok bool) {
	if s.Done() {
		return Item{}, len(s.items), false
	}
	return s.items[len(s.responses)], len(s.responses), true
}

// Done reports whether every item has a response.
func (s *Session) Done() bool { return len(s.responses) == len(s.items) }

// Answer records choice (a shown index, or -1 for unanswered) for the
// current item and returns the graded response.
func (s *Session) Answer(choice int) (Response, error) {
	it, _, ok := s.Current()
	if !ok {
		return Response{}, fmt.Errorf("the quiz is over: all %d questions are answered", len(s.items))
	}
	if choice < -1 || choice >= len(it.Options) {
		return Response{}, fmt.Errorf("no option %d; options are A to %s", choice, Letter(len(it.Options)-1))
	}
	r := Response{Item: it, Chosen: choice, Correct: choice == it.AnswerIndex()}
	s.responses = append(s.responses, r)
	return r, nil
}

// AnswerAll is a whole session answered at once, one choice per item as
// ParseAnswers gives them (-1 for unanswered).
func AnswerAll(items []Item, choices []int) (Result, error) {
	s := NewSession(items)
	for _, c := range choices {
		if _, err := s.Answer(c); err != nil {
			return Result{}, err
		}
	}
	return s.Result(), nil
}

// Result is the score so far.
func (s *Session) Result() Result {
	return Result{Responses: slices.Clone(s.responses), Total: len(s.items)}
}

// Result is a quiz's outcome: the responses given, of Total items.
type Result struct {
	Responses []Response
	Total     int
}

// Score counts correct responses.
func (r Result) Score() int {
	n := 0
	for _, resp := range r.Responses {
		if resp.Correct {
			n++
		}
	}
	return n
}

// Finished reports whether every item got a response (possibly unanswered).
func (r Result) Finished() bool { return len(r.Responses) == r.Total }

// Answered counts the responses that chose an option.
func (r Result) Answered() int {
	n := 0
	for _, resp := range r.Responses {
		if resp.Chosen >= 0 {
			n++
		}
	}
	return n
}

// Tally is a score out of a count.
type Tally struct {
	Difficulty     string
	Correct, Total int
}

// ByDifficulty scores the responses per difficulty, easy to hard, leaving
// out difficulties with no responses.
func (r Result) ByDifficulty() []Tally {
	var out []Tally
	for _, d := range Difficulties {
		t := Tally{Difficulty: d}
		for _, resp := range r.Responses {
			if resp.Item.Difficulty == d {
				t.Total++
				if resp.Correct {
					t.Correct++
				}
			}
		}
		if t.Total > 0 {
			out = append(out, t)
		}
	}
	return out
}

// Missed returns the bank numbers of the questions answered wrongly or left
// unanswered, in bank order.
func (r Result) Missed() []int {
	var out []int
	for _, resp := range r.Responses {
		if !resp.Correct {
			out = append(out, resp.Item.Number)
		}
	}
	slices.Sort(out)
	return out
}
