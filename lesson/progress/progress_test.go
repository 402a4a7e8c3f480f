package progress

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tokenlab/tokenlab/quiz"
)

func TestAddAttemptKeepsTheBestAndTheLast(t *testing.T) {
	p := New(5)
	p.AddAttempt(Attempt{Score: 4, Asked: 5, Finished: true}, 5)
	p.AddAttempt(Attempt{Score: 2, Asked: 5, Finished: true}, 5)
	if p.Quiz.Attempts != 2 || p.Quiz.Best != 4 || p.Quiz.Total != 5 || p.Quiz.Last.Score != 2 {
		t.Errorf("quiz = %+v, last %+v; want 2 attempts, best 4 of 5, last score 2", p.Quiz, p.Quiz.Last)
	}
}

// Test attempts are kept apart from practice attempts.
func TestAddTestAttemptKeepsItsOwnRecord(t *testing.T) {
	p := New(5)
	p.AddAttempt(Attempt{Score: 3, Asked: 5, Finished: true}, 5)
	p.AddTestAttempt(Attempt{Score: 9, Asked: 10, Finished: true}, 10)
	p.AddTestAttempt(Attempt{Score: 7, Asked: 10, Finished: true}, 10)
	if p.Test == nil || p.Test.Attempts != 2 || p.Test.Best != 9 || p.Test.Total != 10 || p.Test.Last.Score != 7 {
		t.Errorf("test = %+v; want 2 attempts, best 9 of 10, last score 7", p.Test)
	}
	if p.Quiz.Attempts != 1 || p.Quiz.Best != 3 || p.Quiz.Total != 5 {
		t.Errorf("quiz = %+v; the test changed the practice record", p.Quiz)
	}
	got, err := Decode(p.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestStrongTestFollowsTheRule(t *testing.T) {
	all := func(wrong ...int) Attempt {
		a := Attempt{Asked: 10, Finished: true}
		for q := 1; q <= 10; q++ {
			ok := !slices.Contains(wrong, q)
			a.Answers = append(a.Answers, Answer{Question: q, Correct: ok})
			if ok {
				a.Score++
			}
		}
		return a
	}
	stopped := all()
	stopped.Finished, stopped.Answers, stopped.Score = false, stopped.Answers[:9], 9
	tests := []struct {
		name string
		last Attempt
		want bool
	}{
		{"all right", all(), true},
		{"two easy wrong", all(1, 6), true},
		{"a hard one wrong", all(10), false}, // question 10 is hard
		{"three wrong", all(1, 2, 3), false},
		{"stopped early", stopped, false},
	}
	for _, tt := range tests {
		p := New(5)
		p.AddTestAttempt(tt.last, 10)
		if got := p.StrongTest(); got != tt.want {
			t.Errorf("%s: StrongTest = %v, want %v", tt.name, got, tt.want)
		}
	}
	if New(5).StrongTest() {
		t.Error("StrongTest is true with no test taken")
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	p := New(5)
	p.SetSteps(1, 2)
	p.AddAttempt(Attempt{
		Answers: []Answer{{Question: 1, Choice: "A", Correct: true}, {Question: 2, Choice: "", Correct: false}},
		Score:   1, Asked: 5,
	}, 5)
	got, err := Decode(p.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestEncodeIsTheDocumentedFormat(t *testing.T) {
	p := New(5)
	p.SetSteps(2, 1)
	want := `{
  "version": 1,
  "steps_done": [
    1,
    2
  ],
  "quiz": {
    "attempts": 0,
    "best": 0,
    "total": 5,
    "last": null
  }
}
`
	if got := string(p.Encode()); got != want {
		t.Errorf("Encode =\n%s\nwant\n%s", got, want)
	}
}

// Decode refuses anything tokenlab would not write, saying why.
func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty", ``, "not valid JSON"},
		{"truncated", `{"version": 1, "steps_do`, "not valid JSON"},
		{"not an object", `[1, 2]`, "not valid JSON"},
		{"no version", `{"steps_done": []}`, "no version field"},
		{"newer", `{"version": 2}`, "written by a newer tokenlab (format version 2; this one reads version 1)"},
		{"version zero", `{"version": 0}`, "unknown format version 0"},
		{"unknown field", `{"version": 1, "streak": 3}`, `unknown field "streak"`},
		{"wrong type", `{"version": 1, "steps_done": "1,2"}`, "not a progress file"},
		{"two values", `{"version": 1} {"version": 1}`, "not valid JSON"},
		{"step 5", `{"version": 1, "steps_done": [1, 5]}`, "steps_done has step 5; steps are 1 to 4"},
		{"step 0", `{"version": 1, "steps_done": [0]}`, "steps_done has step 0"},
		{"unsorted", `{"version": 1, "steps_done": [2, 1]}`, "not sorted without repeats"},
		{"repeated", `{"version": 1, "steps_done": [1, 1]}`, "not sorted without repeats"},
		{"negative", `{"version": 1, "quiz": {"attempts": -1}}`, "negative count"},
		{"best over total", `{"version": 1, "quiz": {"attempts": 1, "best": 6, "total": 5, "last": {"score": 6, "asked": 5}}}`, "best 6 is more than its total 5"},
		{"attempts without last", `{"version": 1, "quiz": {"attempts": 2, "best": 1, "total": 5}}`, "disagree"},
		{"last over best", `{"version": 1, "quiz": {"attempts": 1, "best": 1, "total": 5, "last": {"score": 3, "asked": 5}}}`, "last score 3"},
		{"test best over total", `{"version": 1, "test": {"attempts": 1, "best": 11, "total": 10, "last": {"score": 11, "asked": 10}}}`, "test best 11 is more than its total 10"},
		{"test attempts without last", `{"version": 1, "test": {"attempts": 1, "best": 1, "total": 10}}`, "test attempts and last attempt disagree"},
		{"a key in upper case", `{"Version": 1}`, `unknown field "Version" (field names are lower case`},
		{"a nested key in another case", `{"version": 1, "quiz": {"Attempts": 0}}`, `unknown field "Attempts"`},
		{"a key given twice", `{"version": 1, "steps_done": [1], "steps_done": [1, 2]}`, `the field "steps_done" is given twice`},
		{"a nested key given twice", `{"version": 1, "quiz": {"best": 0, "best": 0}}`, `the field "best" is given twice`},
		{"not UTF-8", "{\"version\": 1, \"quiz\": {\"last\": {\"answers\": [{\"choice\": \"\xff\"}]}}}", "not UTF-8 text"},
		{"more answers than asked", `{"version": 1, "quiz": {"attempts": 1, "best": 0, "total": 5, "last": {"answers": [{"question": 1}, {"question": 2}], "asked": 1}}}`, "more answers than questions asked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode(%s) error = %v, want one containing %q", tt.data, err, tt.want)
			}
		})
	}
}

// A count at the largest int stays there: it never wraps to a negative
// number that the file could not be read back with.
func TestAttemptsSaturate(t *testing.T) {
	p := New(5)
	p.Quiz.Attempts = math.MaxInt
	p.AddAttempt(Attempt{Score: 1, Asked: 5}, 5)
	test := &Quiz{Attempts: math.MaxInt, Total: 10, Last: &Attempt{Asked: 10}}
	p.Test = test
	p.AddTestAttempt(Attempt{Score: 2, Asked: 10}, 10)
	if p.Quiz.Attempts != math.MaxInt || p.Test.Attempts != math.MaxInt {
		t.Fatalf("attempts = %d and %d, want both math.MaxInt", p.Quiz.Attempts, p.Test.Attempts)
	}
	back, err := Decode(p.Encode())
	if err != nil || back.Quiz.Attempts != math.MaxInt {
		t.Fatalf("written, then read back: %v, %v", back.Quiz.Attempts, err)
	}
}

func TestDecodeAcceptsAMinimalFile(t *testing.T) {
	p, err := Decode([]byte(`{"version": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.StepsDone == nil || len(p.StepsDone) != 0 {
		t.Errorf("steps_done = %#v, want an empty list", p.StepsDone)
	}
}

// FuzzDecode: whatever the file holds, Decode either refuses it or returns
// progress that encodes and decodes to itself.
func FuzzDecode(f *testing.F) {
	p := New(5)
	p.SetSteps(1, 3)
	p.AddAttempt(Attempt{Answers: []Answer{{Question: 2, Choice: "C", Correct: true}}, Score: 1, Asked: 5}, 5)
	f.Add(p.Encode())
	f.Add(New(5).Encode())
	f.Add([]byte(`{"version": 1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Decode(data)
		if err != nil {
			return
		}
		again, err := Decode(p.Encode())
		if err != nil {
			t.Fatalf("Decode accepted %q but refuses its own encoding: %v", data, err)
		}
		if diff := cmp.Diff(p, again); diff != "" {
			t.Errorf("re-decoding changed the progress (-first +second):\n%s", diff)
		}
	})
}

// An attempt records answers by the bank's numbers and letters, whatever
// order the options were shown in.
func TestAttemptOfUsesBankLetters(t *testing.T) {
	items := quiz.Shuffle(quiz.Default().Questions, 7)
	s := quiz.NewSession(items)
	if _, err := s.Answer(0); err != nil { // the first option shown
		t.Fatal(err)
	}
	if _, err := s.Answer(-1); err != nil { // unanswered
		t.Fatal(err)
	}
	a := AttemptOf(s.Result())
	want := []Answer{
		{Question: items[0].Number, Choice: quiz.Letter(items[0].Order[0]), Correct: items[0].AnswerIndex() == 0},
		{Question: items[1].Number, Choice: "", Correct: false},
	}
	if diff := cmp.Diff(want, a.Answers); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	if a.Asked != len(items) || a.Finished || a.Score != s.Result().Score() {
		t.Errorf("attempt %+v", a)
	}
}

// Steps done follow the latest check: set, not added to.
func TestSetStepsFollowsTheLatestCheck(t *testing.T) {
	p := New(5)
	if !p.SetSteps(3, 1, 2, 1) || !slices.Equal(p.StepsDone, []int{1, 2, 3}) {
		t.Fatalf("steps %v", p.StepsDone)
	}
	if !p.Done(2) || p.Done(4) {
		t.Errorf("Done(2) = %v, Done(4) = %v", p.Done(2), p.Done(4))
	}
	if p.SetSteps(1, 2, 3) {
		t.Error("setting the same steps reported a change")
	}
	if !p.SetSteps(1) || !slices.Equal(p.StepsDone, []int{1}) {
		t.Errorf("a regression left steps %v", p.StepsDone)
	}
	if !p.SetSteps() || p.StepsDone == nil || len(p.StepsDone) != 0 {
		t.Errorf("no step passing left %v", p.StepsDone)
	}
}

// predict's record keeps the best share of a set, whatever the sets'
// sizes, and reads back as written.
func TestAddDrillsKeepsTheBestShare(t *testing.T) {
	p := New(5)
	p.AddDrills(4, 5)  // 80%
	p.AddDrills(7, 10) // 70%: not better
	p.AddDrills(8, 10) // 80%, a larger set: better
	if d := *p.Predict; d.Attempts != 3 || d.Best != 8 || d.BestOf != 10 {
		t.Fatalf("%+v", d)
	}
	data := p.Encode()
	back, err := Decode(data)
	if err != nil || *back.Predict != *p.Predict {
		t.Errorf("read back: %+v, %v", back.Predict, err)
	}
	bad := strings.Replace(string(data), `"best": 8`, `"best": 11`, 1)
	if bad == string(data) {
		t.Fatalf("no best to change in %s", data)
	}
	if _, err := Decode([]byte(bad)); err == nil {
		t.Errorf("a best over its set was read: %s", bad)
	}
}
