package lesson

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The reference solutions are real programs: these tests run them and compare
// what they do with what the lesson computes, at the exercise's time and at
// others (by rewriting the one line that sets the time).

var solutionTimes = []int64{0, 90, 100, 101, 120, 5000}

func TestPythonSolutionsPrintWhatTheLessonComputes(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test runs every step's solution under every Python found")
	}
	python := lookPython(t)
	for step := 1; step <= StepCount; step++ {
		for _, now := range solutionTimes {
			if step < 2 && now != DefaultTime {
				continue
			}
			src := solutionAt(t, step, Python, now)
			got := runProgram(t, python, writeTemp(t, "solution.py", src))
			if diff := cmp.Diff(wantOutput(t, step, now), got); diff != "" {
				t.Errorf("python step %d at %d: output (-want +got):\n%s", step, now, diff)
			}
		}
	}
}

// pythonProbe runs a solution in a namespace it owns, with the solution's own
// output swallowed, then reports tokens, current_time and what refresh_token
// does to each user on fresh data.
const pythonProbe = `
import contextlib, copy, io, json, sys
ns = {"__name__": "__main__"}
with contextlib.redirect_stdout(io.StringIO()):
    exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), ns)
out = {"tokens": copy.deepcopy(ns.get("tokens")), "current_time": ns.get("current_time")}
if "refresh_token" in ns:
    effects = {}
    for user in ("alice", "bob", "carol"):
        # Probe each user on the data as step 1 created it, reset in place.
        ns["tokens"].clear()
        ns["tokens"].update({"alice": {"token": "abc123", "expiry": 100}, "bob": {"token": "def456", "expiry": 200}, "carol": {"token": "ghi789", "expiry": 50}})
        ns["refresh_token"](user)
        effects[user] = ns["tokens"][user]
    out["effects"] = effects
print(json.dumps(out))
`

type pyEntry struct {
	Token  string `json:"token"`
	Expiry int64  `json:"expiry"`
}

type pyState struct {
	Tokens      map[string]pyEntry `json:"tokens"`
	CurrentTime *int64             `json:"current_time"`
	Effects     map[string]pyEntry `json:"effects"`
}

func TestPythonSolutionsBuildTheLessonsState(t *testing.T) {
	python := lookPython(t)
	probe := writeTemp(t, "probe.py", pythonProbe)
	for step := 1; step <= StepCount; step++ {
		now := int64(130) // step 1 has no time to set
		if step < 2 {
			now = DefaultTime
		}
		src := solutionAt(t, step, Python, now)
		out := runProgram(t, python, probe, writeTemp(t, "solution.py", src))
		var got pyState
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("step %d: probe output %q: %v", step, out, err)
		}
		tr, err := Simulate(step, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		wantTokens := toPy(tr.Tokens)
		if step == 4 {
			wantTokens = toPy(tr.After)
		}
		if diff := cmp.Diff(wantTokens, got.Tokens); diff != "" {
			t.Errorf("step %d: tokens (-want +got):\n%s", step, diff)
		}
		if step >= 2 && (got.CurrentTime == nil || *got.CurrentTime != now) {
			t.Errorf("step %d: current_time = %v, want %d", step, got.CurrentTime, now)
		}
		if step >= 3 {
			want := map[string]pyEntry{}
			for _, c := range tr.Effects {
				want[c.User] = pyEntry{c.After.Token, c.After.Expiry}
			}
			if diff := cmp.Diff(want, got.Effects); diff != "" {
				t.Errorf("step %d: refresh_token effects at %d (-want +got):\n%s", step, now, diff)
			}
		}
	}
}

func TestGoSolutionsPrintWhatTheLessonComputes(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test builds every step's Go solution")
	}
	goTool := filepath.Join(runtimeGOROOT(t), "bin", "go")
	for step := 1; step <= StepCount; step++ {
		times := solutionTimes
		if step < 2 {
			times = []int64{DefaultTime}
		}
		for _, now := range times {
			src := solutionAt(t, step, Go, now)
			got := runProgram(t, goTool, "run", writeTemp(t, "main.go", src))
			if diff := cmp.Diff(wantOutput(t, step, now), got); diff != "" {
				t.Errorf("go step %d at %d: output (-want +got):\n%s", step, now, diff)
			}
		}
	}
}

func TestSolutionsAreCumulative(t *testing.T) {
	for _, lang := range Languages() {
		for step := 2; step <= StepCount; step++ {
			prev, _ := Solution(step-1, lang)
			cur, _ := Solution(step, lang)
			// Every declaration of the previous step is still there.
			for _, line := range strings.Split(prev, "\n") {
				if (strings.HasPrefix(line, "def ") || strings.HasPrefix(line, "var ") || strings.HasPrefix(line, "func refresh") ||
					strings.HasPrefix(line, "tokens = ") || strings.HasPrefix(line, "current_time = ")) && !strings.Contains(cur, line) {
					t.Errorf("%s step %d lacks step %d's %q", lang, step, step-1, line)
				}
			}
		}
	}
	if _, err := Solution(5, Python); err == nil {
		t.Error("Solution(5) did not fail")
	}
	if _, err := Solution(1, "rust"); err == nil {
		t.Error("Solution(1, rust) did not fail")
	}
}

// solutionAt returns the solution for step with its time set to now.
func solutionAt(t *testing.T, step int, lang Language, now int64) string {
	t.Helper()
	src, err := Solution(step, lang)
	if err != nil {
		t.Fatal(err)
	}
	if step < 2 {
		return src
	}
	old := map[Language]string{Python: "current_time = 120\n", Go: "var currentTime = 120\n"}[lang]
	if strings.Count(src, old) != 1 {
		t.Fatalf("%s step %d does not set the time with exactly one %q", lang, step, old)
	}
	return strings.Replace(src, old, strings.Replace(old, "120", fmt.Sprint(now), 1), 1)
}

// wantOutput is what the program of a step prints at now: nothing before step 4.
func wantOutput(t *testing.T, step int, now int64) string {
	t.Helper()
	if step < 4 {
		return ""
	}
	tr, err := Simulate(step, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(tr.Lines(), "\n") + "\n"
}

func toPy(tokens Tokens) map[string]pyEntry {
	m := map[string]pyEntry{}
	for _, e := range tokens {
		m[e.User] = pyEntry{e.Token, e.Expiry}
	}
	return m
}

func lookPython(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to test the Python reference solutions; install Python 3 (see README)")
	}
	return path
}

func runtimeGOROOT(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runProgram(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = t.TempDir()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
