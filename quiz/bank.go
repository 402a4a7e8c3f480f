// Package quiz is the practice quiz: the question bank, a quiz session as a
// state machine, scoring, shuffling, and grading a class's answer sheets. It
// never touches a terminal, a flag or os.Stdout.
package quiz

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Difficulties in the order reports list them.
var Difficulties = []string{"easy", "medium", "hard"}

// MaxOptions keeps the letters h and q free for "hint" and "quit".
const MaxOptions = 7

// Bank is an ordered list of questions. Number counts from 1 in bank order.
type Bank struct {
	Questions []Question `yaml:"questions"`
}

// Question is one multiple-choice question with its explanations.
type Question struct {
	Number     int      `yaml:"-"`
	ID         string   `yaml:"id"`
	Difficulty string   `yaml:"difficulty"`
	Stem       string   `yaml:"stem"`
	Code       string   `yaml:"code"`
	Prompt     string   `yaml:"prompt"`
	Options    []Option `yaml:"options"`
	Hint       string   `yaml:"hint"`
	Reasoning  []string `yaml:"reasoning"`
	QuickCheck string   `yaml:"quick_check"`
	Mistakes   []string `yaml:"mistakes"`
	// Noun is what the question is called on screen; "Question" when
	// empty. No bank sets it: predict's drills are "Drill".
	Noun string `yaml:"-"`
}

// Option is one answer to choose from.
type Option struct {
	Text     string `yaml:"text"`
	Correct  bool   `yaml:"correct"`
	WhyWrong string `yaml:"why_wrong"`
}

// Answer is the index of the question's correct option.
func (q Question) Answer() int {
	for i, o := range q.Options {
		if o.Correct {
			return i
		}
	}
	return -1
}

// Letter is the letter of option i: A, B, C...
func Letter(i int) string { return string(rune('A' + i)) }

// Default returns the built-in bank: the exercise's five questions, from
// bank.yaml.
func Default() *Bank { return &practiceBank }

// TestBank returns the ten questions of `tokenlab test`: the exercise's five
// practice questions, then five of ours (test.yaml) on what those leave open.
func TestBank() *Bank { return testBank() }

var testBank = sync.OnceValue(func() *Bank {
	return &Bank{Questions: slices.Concat(practiceBank.Questions, testExtra.Questions)}
})

// TestSize is how many questions `tokenlab test` asks.
const TestSize = 10

// The built-in banks are bank.yaml and test.yaml, loaded and checked as
// LoadComplete loads any bank, then written out as Go (banks_gen.go) by
// `go test ./quiz -update`, which fails while the two differ: decoding the
// YAML at every start cost ~1.8 ms and ~100 page faults of a `quiz grade`.

// FileError is a fault in a file a user gave (a bank or an answer sheet),
// at a line when one is known: FILE:LINE: what is wrong.
type FileError struct {
	File   string
	Line   int
	Msg    string
	Column int // a sheet's column, from 1, when one is to blame
}

func (e *FileError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d: column %d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Load decodes and validates a bank. name is used in errors only. Unknown
// fields, broken YAML and every rule below are errors of the form
// FILE:LINE: what is wrong. A bank an instructor writes may leave out the
// explanations (hint, reasoning, quick check, mistakes); the quiz shows
// what there is.
func Load(name string, data []byte) (*Bank, error) { return load(name, data, false) }

// LoadComplete is Load for tokenlab's own banks: every question must also
// have a hint, reasoning, a quick check and common mistakes.
func LoadComplete(name string, data []byte) (*Bank, error) { return load(name, data, true) }

// MaxBankBytes is the largest bank tokenlab reads: thousands of questions
// with their explanations fit.
const MaxBankBytes = 4 << 20

func load(name string, data []byte, complete bool) (*Bank, error) {
	if len(data) > MaxBankBytes {
		return nil, &FileError{name, 0, fmt.Sprintf("larger than %d MiB, the most a bank may be", MaxBankBytes>>20), 0}
	}
	// The document first, as written: an alias is refused before anything
	// expands it, so a few lines cannot stand for gigabytes.
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	if alias := findAlias(&doc); alias != nil {
		return nil, &FileError{name, alias.Line, fmt.Sprintf("a YAML alias (*%s); a bank may not use anchors and aliases: write each value out", alias.Value), 0}
	}
	b, err := decodeBank(name, data)
	if err != nil {
		return nil, err
	}
	lines := questionLines(&doc)
	return checkBank(name, b, complete, func(path ...int) int { return lines[fmt.Sprint(path)] })
}

// decodeBank decodes a bank, refusing keys it does not know.
func decodeBank(name string, data []byte) (*Bank, error) {
	var b Bank
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&b); err != nil {
		return nil, yamlError(name, err)
	}
	return &b, nil
}

// checkBank numbers the questions and checks each; line(i) is question i's
// line in the file, line(i, j) its option j's.
func checkBank(name string, b *Bank, complete bool, line func(path ...int) int) (*Bank, error) {
	if len(b.Questions) == 0 {
		return nil, &FileError{name, 1, "no questions; a bank needs a questions: list with at least one question", 0}
	}
	ids := map[string]int{}
	for i := range b.Questions {
		q := &b.Questions[i]
		q.Number = i + 1
		at := line(i)
		fail := func(format string, args ...any) error {
			return &FileError{name, at, fmt.Sprintf("question %d: ", q.Number) + fmt.Sprintf(format, args...), 0}
		}
		switch {
		case strings.TrimSpace(q.ID) == "":
			return nil, fail("needs an id")
		case strings.TrimSpace(q.Stem) == "":
			return nil, fail("needs a stem")
		case !validDifficulty(q.Difficulty):
			return nil, fail("unknown difficulty %q; difficulties are easy, medium, hard", q.Difficulty)
		case len(q.Options) < 2:
			return nil, fail("has %d option(s); a question needs at least 2", len(q.Options))
		case len(q.Options) > MaxOptions:
			return nil, fail("has %d options; at most %d (A to %s), so h and q stay free for hint and quit", len(q.Options), MaxOptions, Letter(MaxOptions-1))
		}
		if complete {
			if part := missingPart(*q); part != "" {
				return nil, fail("needs %s", part)
			}
		}
		if first, dup := ids[q.ID]; dup {
			return nil, fail("duplicate id %q (question %d has it too)", q.ID, first)
		}
		ids[q.ID] = q.Number
		correct := 0
		for j, o := range q.Options {
			at = line(i, j)
			switch {
			case strings.TrimSpace(o.Text) == "":
				return nil, fail("option %s needs a text", Letter(j))
			case o.Correct && o.WhyWrong != "":
				return nil, fail("option %s is correct but has a why_wrong", Letter(j))
			case !o.Correct && strings.TrimSpace(o.WhyWrong) == "":
				return nil, fail("option %s is wrong and needs a why_wrong: one line on why", Letter(j))
			}
			if o.Correct {
				correct++
			}
		}
		if correct != 1 {
			at = line(i)
			return nil, fail("has %d correct options; exactly one must be correct: true", correct)
		}
	}
	return b, nil
}

// missingPart names the first explanation q lacks, or "".
func missingPart(q Question) string {
	blank := func(ss []string) bool {
		for _, s := range ss {
			if strings.TrimSpace(s) == "" {
				return true
			}
		}
		return len(ss) == 0
	}
	switch {
	case strings.TrimSpace(q.Hint) == "":
		return "a hint: one line that points the way without giving the answer"
	case blank(q.Reasoning):
		return "reasoning: a list of the steps to the answer, none blank"
	case strings.TrimSpace(q.QuickCheck) == "":
		return "a quick_check: one line to remember"
	case blank(q.Mistakes):
		return "mistakes: a list of the common mistakes, none blank"
	}
	return ""
}

func validDifficulty(d string) bool {
	for _, known := range Difficulties {
		if d == known {
			return true
		}
	}
	return false
}

// findAlias returns the first alias in the document, or nil.
func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// questionLines maps "[i]" to the line of question i and "[i j]" to the
// line of its option j.
func questionLines(doc *yaml.Node) map[string]int {
	lines := map[string]int{}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return lines
	}
	root := doc.Content[0]
	for k := 0; k+1 < len(root.Content); k += 2 {
		if root.Content[k].Value != "questions" || root.Content[k+1].Kind != yaml.SequenceNode {
			continue
		}
		for i, q := range root.Content[k+1].Content {
			lines[fmt.Sprint([]int{i})] = q.Line
			for f := 0; f+1 < len(q.Content); f += 2 {
				if q.Content[f].Value == "options" {
					for j, o := range q.Content[f+1].Content {
						lines[fmt.Sprint([]int{i, j})] = o.Line
					}
				}
			}
		}
	}
	return lines
}

// yamlError turns a yaml error into FILE:LINE: message, one line.
func yamlError(name string, err error) error {
	var typeErr *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &typeErr) && len(typeErr.Errors) > 0 {
		msgs = typeErr.Errors
	}
	// The first fault is the one to fix first. YAML quotes the value it
	// could not read, which may span lines or run long: keep it one line.
	msg := strings.ReplaceAll(strings.TrimSpace(msgs[0]), "\n", `\n`)
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:200]) + "…"
	}
	if n, rest, ok := splitYAMLLine(strings.TrimPrefix(msg, "yaml: ")); ok {
		return &FileError{name, n, rest, 0}
	}
	if msg == "EOF" {
		return &FileError{name, 0, "empty file; a bank needs a questions: list", 0}
	}
	return &FileError{name, 0, strings.TrimPrefix(msg, "yaml: "), 0}
}

// splitYAMLLine splits "line 12: message" into 12 and "message".
func splitYAMLLine(msg string) (int, string, bool) {
	after, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, "", false
	}
	num, rest, ok := strings.Cut(after, ": ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return 0, "", false
	}
	return n, rest, true
}
