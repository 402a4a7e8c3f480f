package quiz

import (
	_ "embed"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/internal/golit"
)

//go:embed bank.yaml
var bankYAML []byte

//go:embed test.yaml
var testYAML []byte

// builtinFile is where the built-in banks are written out as Go.
const builtinFile = "banks_gen.go"

// The built-in banks tokenlab runs with are bank.yaml and test.yaml as
// LoadComplete loads them, joined into the test's ten questions: `go test
// ./quiz -update` writes them to banks_gen.go, and this fails while the
// file and the YAML differ.
func TestBuiltinBanksAreTheYAML(t *testing.T) {
	practice, test, err := loadBuiltins()
	if err != nil {
		t.Fatal(err)
	}
	src, err := golit.File("go test ./quiz -update from bank.yaml and test.yaml", "quiz",
		golit.Var{Name: "practiceBank", Doc: "practiceBank is bank.yaml: the exercise's five questions.", Value: *practice},
		golit.Var{Name: "testExtra", Doc: "testExtra is test.yaml: the test's questions 6 to 10, after the practice questions.",
			Value: Bank{Questions: test.Questions[len(practice.Questions):]}},
	)
	if err != nil {
		t.Fatal(err)
	}
	golden.AssertFile(t, builtinFile, src)
	if golden.Updating() {
		return // what is compiled in is the file as it was
	}
	// The file as compiled holds the same questions.
	if diff := cmp.Diff(practice, Default()); diff != "" {
		t.Errorf("Default() against bank.yaml (-YAML +built in):\n%s", diff)
	}
	if diff := cmp.Diff(test, TestBank()); diff != "" {
		t.Errorf("TestBank() against the YAML (-YAML +built in):\n%s", diff)
	}
}

// loadBuiltins loads bank.yaml and test.yaml as LoadComplete loads any bank
// and joins them into the test: ten questions, numbered in order, no id
// twice, every difficulty among them.
func loadBuiltins() (practice, test *Bank, err error) {
	practice, err = LoadComplete("bank.yaml", bankYAML)
	if err != nil {
		return nil, nil, err
	}
	extra, err := LoadComplete("test.yaml", testYAML)
	if err != nil {
		return nil, nil, err
	}
	test = &Bank{Questions: append(append([]Question(nil), practice.Questions...), extra.Questions...)}
	ids := map[string]bool{}
	count := map[string]int{}
	for i := range test.Questions {
		q := &test.Questions[i]
		q.Number = i + 1
		if ids[q.ID] {
			return nil, nil, fmt.Errorf("test.yaml: id %q is a practice question's id too", q.ID)
		}
		ids[q.ID] = true
		count[q.Difficulty]++
	}
	if len(test.Questions) != TestSize {
		return nil, nil, fmt.Errorf("test.yaml: the test has %d questions, want %d", len(test.Questions), TestSize)
	}
	for _, d := range Difficulties {
		if count[d] == 0 {
			return nil, nil, fmt.Errorf("test.yaml: the test has no %s question; it needs easy, medium and hard", d)
		}
	}
	return practice, test, nil
}
