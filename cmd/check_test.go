package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
)

const class = "../testdata/solutions/class"

// A class of correct, subtly wrong and hostile solutions, in one command.
func TestCheckClass(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			r := run(t, "check", class, "--timeout", "3s", "--format", format)
			if r.code != ExitFailed || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			golden.Assert(t, []byte(r.stdout))
			// hal.py starts `sleep 97.533` and leaves it: it must be gone.
			procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
			for _, p := range procs {
				if b, _ := os.ReadFile(p); strings.Contains(string(b), "97.533") {
					t.Errorf("left running: %q", b)
				}
			}
		})
	}
}

func TestCheckJSONShape(t *testing.T) {
	r := run(t, "check", class, "--timeout", "3s", "--format", "json")
	var rep struct {
		Submissions []struct {
			Path    string `json:"path"`
			Status  string `json:"status"`
			Message string `json:"message"`
			Tests   []struct {
				ID, Status, Message, Expected, Actual string
				Step                                  int
			} `json:"tests"`
		} `json:"submissions"`
		Summary struct{ Total, Pass, Fail, Error int } `json:"summary"`
		Limits  map[string]any                         `json:"limits"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ann.py": "pass", "ben.py": "pass", "cy.py": "fail", "dee.py": "fail", "ed.py": "error", "fay.py": "fail",
		"gus.py": "error", "hal.py": "pass", "ivy.py": "error"}
	if len(rep.Submissions) != len(want) {
		t.Fatalf("%d submissions", len(rep.Submissions))
	}
	for i, s := range rep.Submissions {
		name := s.Path[strings.LastIndex(s.Path, "/")+1:]
		if want[name] != s.Status {
			t.Errorf("%s: %s, want %s", name, s.Status, want[name])
		}
		if i > 0 && rep.Submissions[i-1].Path > s.Path {
			t.Errorf("not in path order: %s before %s", rep.Submissions[i-1].Path, s.Path)
		}
	}
	if rep.Summary.Total != 9 || rep.Summary.Pass != 3 || rep.Summary.Fail != 3 || rep.Summary.Error != 3 {
		t.Errorf("summary %+v", rep.Summary)
	}
	if rep.Limits["timeout"] != "3s" || rep.Limits["output_bytes"] != float64(65536) {
		t.Errorf("limits %v", rep.Limits)
	}
}

func TestCheckOneFilePassesWithExitZero(t *testing.T) {
	r := run(t, "check", class+"/ann.py")
	if r.code != ExitOK || !strings.Contains(r.stdout, "1 checked: 1 passed, 0 failed, 0 errors") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
	golden.Assert(t, []byte(r.stdout))
}

func TestCheckStepOnly(t *testing.T) {
	r := run(t, "check", class+"/cy.py", "--step", "3")
	if r.code != ExitFailed {
		t.Errorf("exit %d", r.code)
	}
	golden.Assert(t, []byte(r.stdout))
}

func TestCheckBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no_paths", []string{"check"}, "tokenlab: check needs at least one solution file or directory (for example: tokenlab check solution.py)"},
		{"missing_path", []string{"check", "nope.py"}, "tokenlab: cannot check nope.py: nope.py: no such file or directory"},
		{"no_solutions", []string{"check", "../testdata/solutions/empty"}, "tokenlab: no Python solutions (.py files) in ../testdata/solutions/empty (add --recursive to look in its subdirectories)"},
		{"no_python", []string{"check", class, "--python", "python-nowhere"}, "tokenlab: no Python interpreter: python-nowhere was not found; install Python 3 or name one with --python"},
		{"step_7", []string{"check", class, "--step", "7"}, "tokenlab: no step 7; steps are 1, 2, 3, 4"},
		{"timeout_zero", []string{"check", class, "--timeout", "0s"}, `tokenlab: invalid value "0s" for --timeout: must be more than zero, e.g. 5s or 500ms`},
		{"jobs_zero", []string{"check", class, "--jobs", "0"}, `tokenlab: invalid value "0" for --jobs: must be at least 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertUsageError(t, run(t, tt.args...), tt.want)
		})
	}
}
