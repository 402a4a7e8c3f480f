// Package progress keeps a learner's progress: the steps their solution
// passes and their quiz attempts, in one versioned JSON file that is never
// lost, half-written or silently replaced.
package progress

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/quiz"
)

// Version is the file format this package reads and writes.
const Version = 1

// Progress is what the file holds.
type Progress struct {
	Version int `json:"version"`
	// StepsDone are the steps a checked solution has passed, sorted.
	StepsDone []int `json:"steps_done"`
	Quiz      Quiz  `json:"quiz"`
	// Test is the record of `tokenlab test`, kept apart from the practice
	// quiz; nil until the first test, so older files read and write as before.
	Test *Quiz `json:"test,omitempty"`
	// Predict is the record of `tokenlab predict`'s drills.
	Predict *Drills `json:"predict,omitempty"`
}

// Drills is the record of predict: how many sets were answered, and the
// best score, as a share of its set (sets differ in size).
type Drills struct {
	Attempts int `json:"attempts"`
	Best     int `json:"best"`    // drills right in the best set
	BestOf   int `json:"best_of"` // drills in that set
}

// AddDrills records a set of drills: score right of total.
func (p *Progress) AddDrills(score, total int) {
	if p.Predict == nil {
		p.Predict = &Drills{}
	}
	d := p.Predict
	d.Attempts = saturatingInc(d.Attempts)
	// Better is a larger share; at the same share, a larger set.
	if d.BestOf == 0 || score*d.BestOf > d.Best*total || score*d.BestOf == d.Best*total && total > d.BestOf {
		d.Best, d.BestOf = score, total
	}
}

// Quiz is the record of the lesson's quiz.
type Quiz struct {
	Attempts int `json:"attempts"`
	// Best is the most questions answered correctly in one attempt, of
	// Total, the questions the quiz has.
	Best  int      `json:"best"`
	Total int      `json:"total"`
	Last  *Attempt `json:"last"` // nil before the first attempt
}

// Attempt is one quiz attempt.
type Attempt struct {
	Answers []Answer `json:"answers"` // in the order asked
	Score   int      `json:"score"`
	// Asked is how many questions the attempt had; Finished is false when
	// it ended early (q, end of input, Ctrl-C).
	Asked    int  `json:"asked"`
	Finished bool `json:"finished"`
}

// Answer is the answer to one question, by the bank's numbering and
// lettering (not a shuffled one); Choice is "" when left unanswered.
type Answer struct {
	Question int    `json:"question"`
	Choice   string `json:"choice"`
	Correct  bool   `json:"correct"`
}

// New is the progress of a learner who has done nothing yet, in a quiz of
// total questions.
func New(total int) Progress {
	return Progress{Version: Version, StepsDone: []int{}, Quiz: Quiz{Total: total}}
}

// SetSteps records steps as the ones done, and only those: progress
// follows the learner's file as it is now, so a step that regresses is no
// longer done. It reports whether anything changed.
func (p *Progress) SetSteps(steps ...int) bool {
	next := slices.Clone(steps)
	slices.Sort(next)
	next = slices.Compact(next)
	if next == nil {
		next = []int{}
	}
	if slices.Equal(next, p.StepsDone) {
		return false
	}
	p.StepsDone = next
	return true
}

// Done reports whether step is done.
func (p Progress) Done(step int) bool { return slices.Contains(p.StepsDone, step) }

// AddAttempt records a quiz attempt in a quiz of total questions.
func (p *Progress) AddAttempt(a Attempt, total int) {
	p.Quiz.Attempts = saturatingInc(p.Quiz.Attempts)
	p.Quiz.Total = total
	p.Quiz.Best = max(p.Quiz.Best, a.Score)
	p.Quiz.Last = &a
}

// AddTestAttempt records an attempt at the ten-question test, of total questions.
func (p *Progress) AddTestAttempt(a Attempt, total int) {
	if p.Test == nil {
		p.Test = &Quiz{}
	}
	p.Test.Attempts = saturatingInc(p.Test.Attempts)
	p.Test.Total = total
	p.Test.Best = max(p.Test.Best, a.Score)
	p.Test.Last = &a
}

// saturatingInc is n+1, but stays at the largest int rather than wrap to
// a negative count the file could not be read back with.
func saturatingInc(n int) int {
	if n == math.MaxInt {
		return n
	}
	return n + 1
}

// StrongTest reports whether the last test attempt met the test's rule
// (quiz.Strong), from the answers it recorded.
func (p Progress) StrongTest() bool {
	if p.Test == nil || p.Test.Last == nil {
		return false
	}
	a := p.Test.Last
	if !a.Finished || a.Score < quiz.PassScore {
		return false
	}
	questions := quiz.TestBank().Questions
	for _, ans := range a.Answers {
		if ans.Question >= 1 && ans.Question <= len(questions) && questions[ans.Question-1].Difficulty == "hard" && !ans.Correct {
			return false
		}
	}
	return true
}

// Encode is the file's bytes: indented JSON and a final newline, so the
// file reads well and diffs well.
func (p Progress) Encode() []byte {
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		panic(err) // only plain values: cannot fail
	}
	return append(data, '\n')
}

// Decode parses a progress file strictly: an unknown field, a newer version
// or values that cannot be right are errors, so a file tokenlab does not
// fully understand is never rewritten and nothing in it is dropped.
func Decode(data []byte) (Progress, error) {
	if err := strictJSON(data); err != nil {
		return Progress{}, err
	}
	var v struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return Progress{}, fmt.Errorf("not valid JSON: %v", err)
	}
	switch {
	case v.Version == nil:
		return Progress{}, fmt.Errorf("no version field")
	case *v.Version > Version:
		return Progress{}, fmt.Errorf("written by a newer tokenlab (format version %d; this one reads version %d)", *v.Version, Version)
	case *v.Version < 1:
		return Progress{}, fmt.Errorf("unknown format version %d", *v.Version)
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Progress
	if err := dec.Decode(&p); err != nil {
		return Progress{}, fmt.Errorf("not a progress file: %v", err)
	}
	if err := p.validate(); err != nil {
		return Progress{}, err
	}
	if p.StepsDone == nil {
		p.StepsDone = []int{}
	}
	return p, nil
}

// isFieldName reports whether key is a key a progress file has, exactly
// as written. (A switch, not a map: nothing to build as every command
// starts.)
func isFieldName(key string) bool {
	switch key {
	case "version", "steps_done", "quiz", "test", "predict", "best_of",
		"attempts", "best", "total", "last",
		"answers", "score", "asked", "finished",
		"question", "choice", "correct":
		return true
	}
	return false
}

// strictJSON refuses what encoding/json lets through: text that is not
// UTF-8 (it would be read as U+FFFD), a key in another letter case (it
// would be matched to the field anyway) and a key given twice (the last
// would win in silence).
func strictJSON(data []byte) error {
	if !utf8.Valid(data) {
		return errors.New("not UTF-8 text")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// Each open object's keys so far; nil for an open array.
	var open []map[string]bool
	expectKey := func() bool { return len(open) > 0 && open[len(open)-1] != nil }
	key := true // whether the next string in an object is a key
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("not valid JSON: %v", err)
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				open = append(open, map[string]bool{})
				key = true
				continue
			case '[':
				open = append(open, nil)
			default:
				open = open[:len(open)-1]
			}
		case string:
			if expectKey() && key {
				if !isFieldName(t) {
					return fmt.Errorf("not a progress file: unknown field %q (field names are lower case, as tokenlab writes them)", t)
				}
				if open[len(open)-1][t] {
					return fmt.Errorf("not a progress file: the field %q is given twice", t)
				}
				open[len(open)-1][t] = true
				key = false
				continue
			}
		}
		// A value: in an object, a key comes next.
		key = expectKey()
	}
}

// validate refuses values no tokenlab writes.
func (p Progress) validate() error {
	for i, s := range p.StepsDone {
		if s < 1 || s > lesson.StepCount {
			return fmt.Errorf("steps_done has step %d; steps are 1 to %d", s, lesson.StepCount)
		}
		if i > 0 && s <= p.StepsDone[i-1] {
			return fmt.Errorf("steps_done is not sorted without repeats")
		}
	}
	if err := p.Quiz.validate("quiz"); err != nil {
		return err
	}
	if p.Test != nil {
		if err := p.Test.validate("test"); err != nil {
			return err
		}
	}
	if d := p.Predict; d != nil {
		switch {
		case d.Attempts < 0 || d.Best < 0 || d.Best > d.BestOf:
			return fmt.Errorf("predict best %d of %d is not a score", d.Best, d.BestOf)
		case (d.Attempts == 0) != (d.BestOf == 0):
			return fmt.Errorf("predict attempts and best disagree")
		}
	}
	return nil
}

// validate refuses a record no tokenlab writes; name is "quiz" or "test".
func (q Quiz) validate(name string) error {
	switch {
	case q.Attempts < 0, q.Total < 0, q.Best < 0:
		return fmt.Errorf("%s has a negative count", name)
	case q.Best > q.Total:
		return fmt.Errorf("%s best %d is more than its total %d", name, q.Best, q.Total)
	case q.Attempts == 0 && q.Last != nil, q.Attempts > 0 && q.Last == nil:
		return fmt.Errorf("%s attempts and last attempt disagree", name)
	}
	if a := q.Last; a != nil {
		switch {
		case a.Score < 0 || a.Score > q.Best:
			return fmt.Errorf("%s last score %d is not between 0 and the best, %d", name, a.Score, q.Best)
		case len(a.Answers) > a.Asked:
			return fmt.Errorf("%s last attempt has more answers than questions asked", name)
		}
	}
	return nil
}

// AttemptOf is a quiz result as progress records it: answers by the bank's
// numbers and letters, whatever order they were shown in.
func AttemptOf(res quiz.Result) Attempt {
	a := Attempt{Answers: []Answer{}, Score: res.Score(), Asked: res.Total, Finished: res.Finished()}
	for _, r := range res.Responses {
		choice := ""
		if r.Chosen >= 0 {
			choice = quiz.Letter(r.Item.Order[r.Chosen])
		}
		a.Answers = append(a.Answers, Answer{Question: r.Item.Number, Choice: choice, Correct: r.Correct})
	}
	return a
}
