package grade

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/lesson"
)

// A conversation as the harness holds it for a solution with refresh_token.
func conversation(probes []probe, results string) []byte {
	return []byte(`{"msg":"main","final":{"tokens":{"dict":[],"len":0},"current_time":{"int":120}},"first_call":null,"refresh_token":"ok"}` + "\n" +
		`{"msg":"probes","results":[` + results + `]}` + "\n" + goodNote + "\n")
}

const goodNote = `{"msg":"note","rewritten":true,"output":"Token for alice is still valid\n","raised":null}`

func probeResults(n int) string {
	r := `{"raised":null,"line":null,"same":true,"tokens":{"dict":[],"len":0}}`
	return strings.TrimSuffix(strings.Repeat(r+",", n), ",")
}

func TestDecodeReportAcceptsOnlyTheHarnessConversation(t *testing.T) {
	t.Parallel()
	probes := makeProbes(7)
	good := conversation(probes, probeResults(len(probes)))
	if rep, err := decodeReport(good, probes); err != nil || !rep.complete || len(rep.results) != len(probes) || rep.note == nil {
		t.Fatalf("the harness's own conversation: %+v, %v", rep, err)
	}
	// A run that ended during the note's run still has every verdict.
	noNote := strings.TrimSuffix(string(good), goodNote+"\n")
	if rep, err := decodeReport([]byte(noNote), probes); err != nil || !rep.complete || rep.note != nil {
		t.Fatalf("a conversation without its note: %+v, %v", rep, err)
	}
	first, _, _ := bytes.Cut(good, []byte("\n"))
	tests := map[string]string{
		"a second document first":    `{"stage":"done","probes":[{"kind":"made-up"}]}` + "\n" + string(good),
		"a document after":           string(good) + string(first) + "\n",
		"a probe missing":            string(conversation(probes, probeResults(len(probes)-1))),
		"a probe too many":           string(conversation(probes, probeResults(len(probes)+1))),
		"an unknown field":           strings.Replace(string(good), `"same":true`, `"same":true,"verdict":"pass"`, 1),
		"an int given as a string":   strings.Replace(string(good), `{"int":120}`, `{"int":"120"}`, 1),
		"a float for an int":         strings.Replace(string(good), `{"int":120}`, `{"int":120.0}`, 1),
		"two kinds in one value":     strings.Replace(string(good), `{"int":120}`, `{"int":120,"str":"120"}`, 1),
		"no kind at all":             strings.Replace(string(good), `{"int":120}`, `{}`, 1),
		"an unknown message":         `{"msg":"verdict","status":"pass"}` + "\n",
		"an unknown refresh state":   strings.Replace(string(good), `"refresh_token":"ok"`, `"refresh_token":"perfect"`, 1),
		"an unknown error kind":      `{"msg":"error","kind":"pass","message":"","line":null}` + "\n",
		"a line cut short":           strings.TrimSuffix(string(good), "\n"),
		"data after a message":       strings.Replace(string(good), "}\n", "} {}\n", 1),
		"a second note":              string(good) + goodNote + "\n",
		"a note with a verdict":      strings.Replace(string(good), `"raised":null}`, `"raised":null,"status":"pass"}`, 1),
		"output from a run not made": strings.Replace(string(good), `"rewritten":true`, `"rewritten":false`, 1),
		"a note too long":            strings.Replace(string(good), `"output":"`, `"output":"`+strings.Repeat("x", maxNoteOutput), 1),
		"a note before the probes":   strings.Replace(string(good), `{"msg":"probes"`, goodNote+"\n"+`{"msg":"probes"`, 1),
		"a dict longer than it says": strings.Replace(string(good), `{"dict":[],"len":0},"current_time"`, `{"dict":[{"key":{"str":"a"},"value":{"int":1}}],"len":0},"current_time"`, 1),
	}
	for name, data := range tests {
		if _, err := decodeReport([]byte(data), probes); err != errInterfered {
			t.Errorf("%s: %v, want errInterfered", name, err)
		}
	}
}

func TestSeedKey(t *testing.T) {
	dir := t.TempDir()
	a, err := LoadSeedKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadSeedKey(dir)
	if err != nil || !bytes.Equal(a, b) || len(a) != seedKeySize {
		t.Fatalf("the key changed between loads: %x then %x (%v)", a, b, err)
	}
	st, err := os.Stat(dir + "/" + SeedKeyFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v (%v), want 0600", st.Mode(), err)
	}
	other, _ := LoadSeedKey(t.TempDir())
	src := []byte("print('hello')\n")
	if first, again := seedFor(src, a, nil), seedFor(src, b, nil); first != again {
		t.Error("one file, one key: two seeds")
	}
	if seedFor(src, a, nil) == seedFor(src, other, nil) {
		t.Error("two keys gave one seed: the seed is not keyed")
	}
	if s := uint64(42); seedFor(src, a, &s) != 42 {
		t.Error("--seed is not used as given")
	}
	if err := os.WriteFile(dir+"/"+SeedKeyFile, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSeedKey(dir); err == nil {
		t.Error("a key file of the wrong size was used")
	}
}

// The probes are the same for a seed, differ between seeds, and cover
// every case the rule must get right.
func TestProbes(t *testing.T) {
	t.Parallel()
	a, b := makeProbes(1), makeProbes(1)
	if string(wireProbes(50, a)) != string(wireProbes(50, b)) {
		t.Error("one seed gave two sets of probes")
	}
	if string(wireProbes(50, a)) == string(wireProbes(50, makeProbes(2))) {
		t.Error("two seeds gave the same probes")
	}
	// The note's run is at a time when alice's token (expiry 100) has
	// not expired, and that time is not the same for every file.
	times := map[int64]bool{}
	for seed := range uint64(200) {
		when := noteTime(seed)
		if when < 10 || lesson.InitialTokens()[0].Expired(when) {
			t.Fatalf("seed %d: note time %d, when alice's token has expired or the time is near 0", seed, when)
		}
		times[when] = true
	}
	if len(times) < 20 {
		t.Errorf("200 seeds gave only %d note times", len(times))
	}
	kinds := map[string]bool{}
	for _, p := range a {
		kinds[p.Kind] = true
		before, ok := p.Before.Lookup(p.User)
		if !ok {
			t.Fatalf("probe of %s has no entry for them", p.User)
		}
		expired := before.Expired(p.Time)
		switch p.Kind {
		case probeExpired, probeOtherTime:
			if !expired {
				t.Errorf("%s probe is not expired: %+v at %d", p.Kind, before, p.Time)
			}
		case probeValid, probeOtherTimeValid, probeBoundary:
			if expired {
				t.Errorf("%s probe is expired: %+v at %d", p.Kind, before, p.Time)
			}
		}
	}
	if len(kinds) != 5 {
		t.Errorf("kinds probed: %v", kinds)
	}
}

// The report is untrusted input: whatever it holds, decoding it never
// panics, and nothing but the exact conversation is accepted.
func FuzzDecodeReport(f *testing.F) {
	probes := makeProbes(3)
	f.Add(conversation(probes, probeResults(len(probes))))
	f.Add([]byte(`{"msg":"error","kind":"syntax","message":"SyntaxError","line":3}` + "\n"))
	f.Add([]byte(`{"msg":"main","final":{},"first_call":null,"refresh_token":"missing"}` + "\n" + `{"msg":"probes","results":[]}` + "\n" +
		`{"msg":"note","rewritten":false,"output":"","raised":null}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := decodeReport(data, probes)
		if err != nil {
			return
		}
		if rep.main != nil && rep.complete && rep.main.probeable() && len(rep.results) != len(probes) {
			t.Fatalf("accepted %d results for %d probes", len(rep.results), len(probes))
		}
		if rep.main != nil && rep.complete && rep.failure == nil {
			_ = pythonTests(rep.main, rep.results, probes, "")
			if nt := noteTest(rep.note, 50, "ended"); nt.Status != Pass && nt.Status != Note {
				t.Fatalf("the note's advice is a %s", nt.Status)
			}
		}
	})
}
