package grade

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// A conversation as the harness holds it for a solution with refresh_token.
func conversation(p plan, results string) []byte {
	return []byte(`{"msg":"main","final":{"tokens":{"dict":[],"len":0},"current_time":{"int":120}},"first_call":null,"refresh_token":"ok"}` + "\n" +
		`{"msg":"probes","results":[` + results + `]}` + "\n" + goodReruns(len(p.reruns)) + "\n")
}

func goodReruns(n int) string {
	run := `{"output":"Token for alice is still valid\n","raised":null}`
	return `{"msg":"reruns","rewritten":true,"runs":[` + strings.TrimSuffix(strings.Repeat(run+",", n), ",") + `]}`
}

func probeResults(n int) string {
	r := `{"raised":null,"line":null,"same":true,"tokens":{"dict":[],"len":0}}`
	return strings.TrimSuffix(strings.Repeat(r+",", n), ",")
}

func TestDecodeReportAcceptsOnlyTheHarnessConversation(t *testing.T) {
	t.Parallel()
	p := makePlan(7, nil)
	probes := p.probes
	goodNote := goodReruns(len(p.reruns))
	good := conversation(p, probeResults(len(probes)))
	if rep, err := decodeReport(good, p, false); err != nil || !rep.complete || len(rep.results) != len(probes) || rep.reruns == nil {
		t.Fatalf("the harness's own conversation: %+v, %v", rep, err)
	}
	// A run that ended during the reruns has its probes.
	noNote := strings.TrimSuffix(string(good), goodNote+"\n")
	if rep, err := decodeReport([]byte(noNote), p, false); err != nil || !rep.complete || rep.reruns != nil {
		t.Fatalf("a conversation without its reruns: %+v, %v", rep, err)
	}
	first, _, _ := bytes.Cut(good, []byte("\n"))
	tests := map[string]string{
		"a second document first":    `{"stage":"done","probes":[{"kind":"made-up"}]}` + "\n" + string(good),
		"a document after":           string(good) + string(first) + "\n",
		"a probe missing":            string(conversation(p, probeResults(len(probes)-1))),
		"a probe too many":           string(conversation(p, probeResults(len(probes)+1))),
		"a rerun missing":            strings.Replace(string(good), goodNote, goodReruns(len(p.reruns)-1), 1),
		"a rerun too many":           strings.Replace(string(good), goodNote, goodReruns(len(p.reruns)+1), 1),
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
		"a second reruns":            string(good) + goodNote + "\n",
		"a rerun with a verdict":     strings.Replace(string(good), `"raised":null}`, `"raised":null,"status":"pass"}`, 1),
		"output from a run not made": strings.Replace(string(good), `"rewritten":true`, `"rewritten":false`, 1),
		"a rerun too long":           strings.Replace(string(good), `"output":"`, `"output":"`+strings.Repeat("x", maxRerunOutput), 1),
		"reruns before the probes":   strings.Replace(string(good), `{"msg":"probes"`, goodNote+"\n"+`{"msg":"probes"`, 1),
		"a dict longer than it says": strings.Replace(string(good), `{"dict":[],"len":0},"current_time"`, `{"dict":[{"key":{"str":"a"},"value":{"int":1}}],"len":0},"current_time"`, 1),
	}
	for name, data := range tests {
		if _, err := decodeReport([]byte(data), p, false); err != errInterfered {
			t.Errorf("%s: %v, want errInterfered", name, err)
		}
	}
}

// Python's report opens with what the source writes, sent before the
// solution runs; one without it, or with it anywhere else, is not the
// harness's.
func TestDecodeReportReadsWhatIsWrittenFirst(t *testing.T) {
	t.Parallel()
	p := makePlan(7, nil)
	good := string(conversation(p, probeResults(len(p.probes))))
	written := `{"msg":"written","tokens":null,"current_time":{"int":120}}` + "\n"
	rep, err := decodeReport([]byte(written+good), p, true)
	if err != nil || !rep.complete || rep.written == nil || rep.written.CurrentTime == nil || *rep.written.CurrentTime.Int != 120 {
		t.Fatalf("with what is written first: %+v, %v", rep, err)
	}
	for name, data := range map[string]string{
		"without it":     good,
		"twice":          written + written + good,
		"after main":     strings.Replace(good, "\n", "\n"+written, 1),
		"an unknown key": strings.Replace(written, `"tokens"`, `"verdict":"pass","tokens"`, 1) + good,
	} {
		if _, err := decodeReport([]byte(data), p, true); err != errInterfered {
			t.Errorf("%s: %v, want errInterfered", name, err)
		}
	}
	// Until a "main" message, tokenlab answers nothing; then the plan.
	c := converse(p)
	if answer, done := c([]byte(written)); done || answer != nil {
		t.Error("tokenlab answered what is written")
	}
	main, _, _ := strings.Cut(good, "\n")
	if answer, done := c([]byte(main + "\n")); !done || string(answer) != string(p.wire(true)) {
		t.Error("tokenlab did not answer main with the plan")
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

// A plan is the same for a seed and a file, and differs between seeds and
// between files; it covers every case the rule must get right, each
// several times, and its reruns hold both expired and valid tokens.
func TestPlan(t *testing.T) {
	t.Parallel()
	src := []byte("print('a')\n")
	a := makePlan(1, src)
	if string(a.wire(true)) != string(makePlan(1, src).wire(true)) {
		t.Error("one seed and file gave two plans")
	}
	if string(a.wire(true)) == string(makePlan(2, src).wire(true)) {
		t.Error("two seeds gave the same plan")
	}
	if string(a.wire(true)) == string(makePlan(1, []byte("print('b')\n")).wire(true)) {
		t.Error("two files gave the same plan under one seed: answers from one report fit the other")
	}
	if bytes.Count(a.wire(false), []byte("\n")) != 1 {
		t.Error("a plan without probes still sends them")
	}
	for seed := range uint64(200) {
		p := makePlan(seed, src)
		kinds := map[string]int{}
		for _, pr := range p.probes {
			kinds[pr.Kind]++
			before, ok := pr.Before.Lookup(pr.User)
			if !ok {
				t.Fatalf("probe of %s has no entry for them", pr.User)
			}
			expired := before.Expired(pr.Time)
			switch pr.Kind {
			case probeExpired, probeOtherTime:
				if !expired {
					t.Errorf("%s probe is not expired: %+v at %d", pr.Kind, before, pr.Time)
				}
			case probeValid, probeOtherTimeValid:
				if expired {
					t.Errorf("%s probe is expired: %+v at %d", pr.Kind, before, pr.Time)
				}
			case probeBoundary:
				if before.Expiry != pr.Time {
					t.Errorf("boundary probe off the boundary: %+v at %d", before, pr.Time)
				}
			}
		}
		if len(p.probes) < 16 || len(kinds) != 5 {
			t.Fatalf("seed %d: %d probes of kinds %v, want at least 16 of all 5 kinds", seed, len(p.probes), kinds)
		}
		for k, n := range kinds {
			if n < 3 {
				t.Errorf("seed %d: kind %s probed %d times, want several", seed, k, n)
			}
		}
		expired := 0
		for _, r := range p.reruns {
			if r.expired() {
				expired++
			}
			if d := r.Expiry - r.Time; d > -5 && d < 5 {
				t.Errorf("seed %d: rerun %+v is near the boundary", seed, r)
			}
		}
		if expired < minEachRerun || len(p.reruns)-expired < minEachRerun {
			t.Errorf("seed %d: %d of %d reruns expired", seed, expired, len(p.reruns))
		}
	}
}

// The report is untrusted input: whatever it holds, decoding it never
// panics, and nothing but the exact conversation is accepted.
func FuzzDecodeReport(f *testing.F) {
	p := makePlan(3, nil)
	probes := p.probes
	f.Add(conversation(p, probeResults(len(probes))))
	f.Add([]byte(`{"msg":"error","kind":"syntax","message":"SyntaxError","line":3}` + "\n"))
	f.Add([]byte(`{"msg":"main","final":{},"first_call":null,"refresh_token":"missing"}` + "\n" + `{"msg":"probes","results":[]}` + "\n" +
		`{"msg":"reruns","rewritten":false,"runs":[]}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := decodeReport(data, p, len(data) > 0 && data[0]%2 == 0)
		if err != nil {
			return
		}
		if rep.main != nil && rep.complete && rep.main.probeable() && len(rep.results) != len(probes) {
			t.Fatalf("accepted %d results for %d probes", len(rep.results), len(probes))
		}
		if rep.main != nil && rep.complete && rep.failure == nil {
			_ = pythonTests(rep.main, rep.written, rep.results, probes, "")
			if nt := noteTest(rep.reruns, p.reruns, "ended"); nt.Status != Pass && nt.Status != Note {
				t.Fatalf("the note's advice is a %s", nt.Status)
			}
			_ = rerunTest(rep.reruns, p.reruns, "ended", false)
		}
	})
}
