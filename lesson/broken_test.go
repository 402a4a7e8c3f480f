package lesson

import (
	"strings"
	"testing"
)

// Each planted program differs from the finished one in one line, besides
// the header, and its comments give nothing away.
func TestBrokenChangesOneLine(t *testing.T) {
	for _, lang := range Languages() {
		ref, err := Solution(StepCount, lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, bug := range BugsIn(lang) {
			planted, err := Broken(lang, bug, "solution")
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, bug.ID, err)
			}
			prose := strings.NewReplacer("\n# ", " ", "\n// ", " ").Replace(planted)
			if !strings.Contains(prose, "one thing is wrong") {
				t.Errorf("%s/%s: the header does not say one thing is wrong", lang, bug.ID)
			}
			if strings.Contains(planted, bug.ID) || strings.Contains(planted, bug.Fault) {
				t.Errorf("%s/%s: the file names its bug", lang, bug.ID)
			}
			fixed := bug.Fixed(lang, planted)
			refLines := strings.Split(ref, "\n")
			if lang == Go {
				refLines = refLines[1:] // the header replaces the first comment
			}
			body := strings.Join(refLines, "\n")
			if !strings.HasSuffix(fixed, body) {
				t.Errorf("%s/%s: fixing the line does not give the finished program back", lang, bug.ID)
			}
			if changed := diffLines(fixed, planted); changed != 1 {
				t.Errorf("%s/%s: %d lines planted, want 1", lang, bug.ID, changed)
			}
		}
	}
	if len(BugsIn(Python)) < 6 || len(BugsIn(Go)) < 6 {
		t.Errorf("%d Python and %d Go bugs", len(BugsIn(Python)), len(BugsIn(Go)))
	}
}

func diffLines(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(al) != len(bl) {
		return -1
	}
	n := 0
	for i := range al {
		if al[i] != bl[i] {
			n++
		}
	}
	return n
}

func TestBugForSeedCoversEveryBug(t *testing.T) {
	for _, lang := range Languages() {
		seen := map[string]bool{}
		for seed := range uint64(len(BugsIn(lang))) {
			b, err := BugForSeed(lang, seed)
			if err != nil {
				t.Fatal(err)
			}
			seen[b.ID] = true
		}
		if len(seen) != len(BugsIn(lang)) {
			t.Errorf("%s: %d seeds in a row chose %d bugs", lang, len(BugsIn(lang)), len(seen))
		}
	}
}
