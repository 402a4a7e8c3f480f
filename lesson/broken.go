package lesson

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
)

// Bug is one mistake learners make, planted in the finished program by
// changing one line: a program that runs, fails exactly one step, and
// passes all four once that line is put right.
type Bug struct {
	ID    string // a short name, for tests and reports
	Step  int    // the one step the planted program fails
	Fault string // what is wrong, in the lesson's terms; never written to the file
	// edits are the line to change in each language the bug exists in:
	// the right line of the reference solution and the wrong one.
	edits map[Language][2]string
}

// bugs are the mistakes init --broken plants, each in the languages where
// it can happen. Mistakes that leave tokens unchanged (renewing a copy, a
// default argument freezing current_time) are not among them: step 4 is
// judged on what the program prints after a renewal, so they fail two
// steps, where a planted bug fails one. They are made when first asked
// for: their maps would otherwise be built as every command starts.
var bugs = sync.OnceValue(func() []Bug {
	return []Bug{
		{ID: "boundary", Step: 3, Fault: `the expiry test is "<=" where the rule is "<": a token whose expiry equals the time is renewed`,
			edits: map[Language][2]string{
				Python: {"    if tokens[user]['expiry'] < current_time:", "    if tokens[user]['expiry'] <= current_time:"},
				Go:     {"\tif t.Expiry < currentTime {", "\tif t.Expiry <= currentTime {"},
			}},
		{ID: "old-expiry-plus-lifetime", Step: 3, Fault: "a renewed token expires 100 after its old expiry, not 100 after current_time",
			edits: map[Language][2]string{
				Python: {"        tokens[user]['expiry'] = current_time + 100", "        tokens[user]['expiry'] += 100"},
				Go:     {"\t\tt.Expiry = currentTime + 100", "\t\tt.Expiry += 100"},
			}},
		{ID: "literal-time", Step: 3, Fault: "the new expiry is computed from 120 written out, not from current_time, so it is wrong at any other time",
			edits: map[Language][2]string{
				Python: {"        tokens[user]['expiry'] = current_time + 100", "        tokens[user]['expiry'] = 120 + 100"},
				Go:     {"\t\tt.Expiry = currentTime + 100", "\t\tt.Expiry = 120 + 100"},
			}},
		{ID: "wrong-time", Step: 2, Fault: "current_time is 210, where the exercise sets it to 120",
			edits: map[Language][2]string{
				Python: {"current_time = 120", "current_time = 210"},
				Go:     {"var currentTime = 120", "var currentTime = 210"},
			}},
		{ID: "wrong-user", Step: 4, Fault: "the program refreshes bob's token, not alice's",
			edits: map[Language][2]string{
				Python: {"if refresh_token('alice'):", "if refresh_token('bob'):"},
				Go:     {"\tif refreshToken(\"alice\") {", "\tif refreshToken(\"bob\") {"},
			}},
		{ID: "spacing", Step: 4, Fault: `the printed text has two spaces after "alice:", where the task has one`,
			edits: map[Language][2]string{
				Python: {`    print("Refreshed token for alice: " + tokens['alice']['token'])`, `    print("Refreshed token for alice:  " + tokens['alice']['token'])`},
				Go:     {`		fmt.Println("Refreshed token for alice: " + tokens["alice"].Token)`, `		fmt.Println("Refreshed token for alice:  " + tokens["alice"].Token)`},
			}},
		{ID: "wrong-expiry", Step: 1, Fault: "bob's entry expires at 20, where the exercise gives 200",
			edits: map[Language][2]string{
				Python: {"    'bob': {'token': 'def456', 'expiry': 200},", "    'bob': {'token': 'def456', 'expiry': 20},"},
				Go:     {"\t\"bob\":   {Token: \"def456\", Expiry: 200},", "\t\"bob\":   {Token: \"def456\", Expiry: 20},"},
			}},
	}
})

// BugsIn are the bugs that exist in lang, in the order of bugs.
func BugsIn(lang Language) []Bug {
	var in []Bug
	for _, b := range bugs() {
		if _, ok := b.edits[lang]; ok {
			in = append(in, b)
		}
	}
	return in
}

// BugForSeed is the bug a seed chooses in lang.
func BugForSeed(lang Language, seed uint64) (Bug, error) {
	in := BugsIn(lang)
	if len(in) == 0 {
		return Bug{}, fmt.Errorf("no planted bugs in %q; languages are python and go", lang)
	}
	return in[seed%uint64(len(in))], nil
}

// Broken is the finished program in lang with bug planted, to be saved as
// fileName. Its first comment says only that one thing is wrong.
func Broken(lang Language, bug Bug, fileName string) (string, error) {
	edit, ok := bug.edits[lang]
	if !ok {
		return "", fmt.Errorf("the %s bug has no %s form", bug.ID, lang)
	}
	src, err := Solution(StepCount, lang)
	if err != nil {
		return "", err
	}
	if strings.Count(src, edit[0]+"\n") != 1 {
		return "", fmt.Errorf("the %s bug's line is not once in the %s reference solution", bug.ID, lang)
	}
	src = strings.Replace(src, edit[0]+"\n", edit[1]+"\n", 1)
	comment := "#"
	if lang == Go {
		comment = "//"
		// The reference's own first line says it is the finished program.
		_, src, _ = strings.Cut(src, "\n")
	}
	header := append(wrapWords(plantedHeader()+" "+
		"Find it and fix it; the first step it fails shows where to look:", 74), "  tokenlab learn "+fileName)
	var b strings.Builder
	for _, h := range header {
		b.WriteString(comment + " " + h + "\n")
	}
	if lang == Python {
		b.WriteString("\n")
	}
	return b.String() + src, nil
}

// plantedHeader is how a planted program's first comment begins.
func plantedHeader() string {
	return "A complete program for " + Content().Title + ", but one thing is wrong."
}

// Planted reports whether src is a program init --broken wrote, by its
// first comment: checking one is practice, and records no progress.
func Planted(src []byte) bool {
	first := wrapWords(plantedHeader(), 74)[0]
	return bytes.HasPrefix(src, []byte("# "+first)) || bytes.HasPrefix(src, []byte("// "+first))
}

// Fixed is a planted program with its bug's line put right: what a learner
// who found it would save.
func (b Bug) Fixed(lang Language, planted string) string {
	edit := b.edits[lang]
	return strings.Replace(planted, edit[1]+"\n", edit[0]+"\n", 1)
}
