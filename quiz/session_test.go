package quiz

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSessionScoresAndMisses(t *testing.T) {
	s := NewSession(InOrder(Default().Questions))
	for _, choice := range []int{0, 0, 1, -1, 0} { // A, A(wrong), B, unanswered, A
		if _, err := s.Answer(choice); err != nil {
			t.Fatal(err)
		}
	}
	r := s.Result()
	if r.Score() != 3 || r.Total != 5 || !r.Finished() {
		t.Errorf("score %d/%d finished %v, want 3/5 true", r.Score(), r.Total, r.Finished())
	}
	if diff := cmp.Diff([]int{2, 4}, r.Missed()); diff != "" {
		t.Errorf("missed (-want +got):\n%s", diff)
	}
	want := []Tally{{"easy", 1, 2}, {"medium", 1, 2}, {"hard", 1, 1}}
	if diff := cmp.Diff(want, r.ByDifficulty()); diff != "" {
		t.Errorf("by difficulty (-want +got):\n%s", diff)
	}
	if _, err := s.Answer(0); err == nil {
		t.Error("Answer after the last question did not fail")
	}
}

func TestSessionRefusesAChoiceWithNoOption(t *testing.T) {
	s := NewSession(InOrder(Default().Questions))
	if _, err := s.Answer(4); err == nil {
		t.Error("Answer(4) on a four-option question did not fail")
	}
	if _, idx, _ := s.Current(); idx != 0 {
		t.Errorf("a refused answer moved the quiz on to %d", idx)
	}
}

func TestSelect(t *testing.T) {
	b := Default()
	tests := []struct {
		numbers []int
		diffs   []string
		want    []int
		err     string
	}{
		{nil, nil, []int{1, 2, 3, 4, 5}, ""},
		{[]int{4, 2}, nil, []int{2, 4}, ""},
		{nil, []string{"medium"}, []int{3, 4}, ""},
		{nil, []string{"hard", "easy"}, []int{1, 2, 5}, ""},
		{[]int{1, 3}, []string{"medium"}, []int{3}, ""},
		{[]int{6}, nil, nil, "no question 6; questions are 1 to 5"},
		{nil, []string{"expert"}, nil, `unknown difficulty "expert"; difficulties are easy, medium, hard`},
		{[]int{1}, []string{"hard"}, nil, "no question is both numbered 1 and hard"},
	}
	for _, tt := range tests {
		qs, err := Select(b, tt.numbers, tt.diffs)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("Select(%v, %v) error = %v, want %q", tt.numbers, tt.diffs, err, tt.err)
			}
			continue
		}
		var got []int
		for _, q := range qs {
			got = append(got, q.Number)
		}
		if err != nil || !cmp.Equal(got, tt.want) {
			t.Errorf("Select(%v, %v) = %v, %v; want %v", tt.numbers, tt.diffs, got, err, tt.want)
		}
	}
}

func TestShuffleIsReproducibleAndKeepsAnswers(t *testing.T) {
	qs := Default().Questions
	a, b := Shuffle(qs, 42), Shuffle(qs, 42)
	if !cmp.Equal(a, b) {
		t.Fatal("the same seed gave two quizzes")
	}
	// Pinned, so a change to the shuffle (which would break replays) is seen.
	var order []int
	for _, it := range a {
		order = append(order, it.Number)
	}
	if diff := cmp.Diff([]int{2, 1, 5, 4, 3}, order); diff != "" {
		t.Errorf("seed 42 question order (-want +got):\n%s", diff)
	}
	differs := false
	for seed := uint64(0); seed < 20; seed++ {
		for _, it := range Shuffle(qs, seed) {
			orig := qs[it.Number-1]
			// Each shown option is the bank option Order names, and the
			// correct one is still the correct one.
			for shown, bank := range it.Order {
				if it.Options[shown] != orig.Options[bank] {
					t.Fatalf("seed %d question %d: shown option %d is not bank option %d", seed, it.Number, shown, bank)
				}
				if shown != bank {
					differs = true
				}
			}
			if it.Options[it.AnswerIndex()].Text != orig.Options[orig.Answer()].Text {
				t.Fatalf("seed %d question %d: answer moved to a different text", seed, it.Number)
			}
		}
	}
	if !differs {
		t.Error("20 seeds never moved an option")
	}
	// The bank itself is untouched.
	if qs[0].Options[0].Text != "To obtain a new access token without asking the user to log in again" {
		t.Error("Shuffle changed the bank")
	}
}

func TestParseLine(t *testing.T) {
	tests := []struct {
		in   string
		want Line
	}{
		{"A", Line{Action: Choose, Choice: 0}},
		{"c", Line{Action: Choose, Choice: 2}},
		{"  d \r", Line{Action: Choose, Choice: 3}},
		{" b", Line{Action: Choose, Choice: 1}},
		{"h", Line{Action: ShowHint}},
		{"HINT", Line{Action: ShowHint}},
		{"q", Line{Action: Quit}},
		{"quit", Line{Action: Quit}},
		{"", Line{Action: Invalid, Problem: "Nothing typed: type a letter A-D, h for a hint, or q to stop."}},
		{"   ", Line{Action: Invalid, Problem: "Nothing typed: type a letter A-D, h for a hint, or q to stop."}},
		{"e", Line{Action: Invalid, Problem: "There is no option E: type a letter A-D, h for a hint, or q to stop."}},
		{"ab", Line{Action: Invalid, Problem: `"ab" is not an answer: type a letter A-D, h for a hint, or q to stop.`}},
		{"1", Line{Action: Invalid, Problem: `"1" is not an answer: type a letter A-D, h for a hint, or q to stop.`}},
	}
	for _, tt := range tests {
		if got := ParseLine(tt.in, 4); got != tt.want {
			t.Errorf("ParseLine(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// The test offers no hint, so its problems do not mention one.
func TestParseTestLine(t *testing.T) {
	tests := []struct {
		in   string
		want Line
	}{
		{"b", Line{Action: Choose, Choice: 1}},
		{"h", Line{Action: ShowHint}},
		{"q", Line{Action: Quit}},
		{"", Line{Action: Invalid, Problem: "Nothing typed: type a letter A-D, or q to stop."}},
		{"e", Line{Action: Invalid, Problem: "There is no option E: type a letter A-D, or q to stop."}},
	}
	for _, tt := range tests {
		if got := ParseTestLine(tt.in, 4); got != tt.want {
			t.Errorf("ParseTestLine(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"A", "b\r", " c ", "h", "q", "", "zz", "é", "\x00", "Ａ", "quit", strings.Repeat("x", 100)} {
		f.Add(s, 4)
	}
	f.Add("g", 7)
	f.Fuzz(func(t *testing.T, s string, options int) {
		if options < 2 || options > MaxOptions {
			return
		}
		l := ParseLine(s, options)
		switch l.Action {
		case Choose:
			if l.Choice < 0 || l.Choice >= options {
				t.Errorf("ParseLine(%q, %d) chose %d", s, options, l.Choice)
			}
		case Invalid:
			if l.Problem == "" || strings.Contains(l.Problem, "\n") {
				t.Errorf("ParseLine(%q) problem %q is not one line", s, l.Problem)
			}
		}
	})
}

func TestParseAnswers(t *testing.T) {
	items := InOrder(Default().Questions)
	tests := []struct {
		in   string
		want []int
		err  string
	}{
		{"A,C,B,D,A", []int{0, 2, 1, 3, 0}, ""},
		{"a, c ,b,d,a", []int{0, 2, 1, 3, 0}, ""},
		{"A,,B,,", []int{0, -1, 1, -1, -1}, ""},
		{"A,C,B,D", nil, "--answers has 4 entries but the quiz has 5 questions; give one per question, empty for unanswered (e.g. A,A,A,A,A)"},
		{"A,C,B,D,E", nil, `--answers entry 5 is "E"; question 5 has options A to D (or leave it empty)`},
		{"A,C,B,D,AB", nil, `--answers entry 5 is "AB"; question 5 has options A to D (or leave it empty)`},
	}
	for _, tt := range tests {
		got, err := ParseAnswers(tt.in, items, "the quiz")
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseAnswers(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !cmp.Equal(got, tt.want) {
			t.Errorf("ParseAnswers(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseAnswers(f *testing.F) {
	for _, s := range []string{"A,C,B,D,A", ",,,,", "a,b", "A,C,B,D,E", "", ",,,,,,", "Z,z,Ω,\x00,é"} {
		f.Add(s)
	}
	items := InOrder(Default().Questions)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseAnswers(s, items, "the quiz")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			return
		}
		if len(got) != len(items) {
			t.Fatalf("ParseAnswers(%q) gave %d choices for %d items", s, len(got), len(items))
		}
		for i, c := range got {
			if c < -1 || c >= len(items[i].Options) {
				t.Errorf("ParseAnswers(%q)[%d] = %d", s, i, c)
			}
		}
	})
}
