package lesson

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSimulateStepsFillOnlyWhatTheyDo(t *testing.T) {
	for through := 1; through <= StepCount; through++ {
		tr, err := Simulate(through, DefaultTime, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := [4]bool{len(tr.Tokens) > 0, len(tr.Statuses) > 0, len(tr.Effects) > 0, len(tr.Calls) > 0}
		for step, filled := range got {
			if want := step < through; filled != want {
				t.Errorf("Simulate(%d): step %d filled = %v, want %v", through, step+1, filled, want)
			}
		}
	}
}

func TestSimulateAtDefaultTime(t *testing.T) {
	tr, err := Simulate(4, DefaultTime, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantStatuses := []Status{
		{Entry{"alice", "abc123", 100}, true},
		{Entry{"bob", "def456", 200}, false},
		{Entry{"carol", "ghi789", 50}, true},
	}
	if diff := cmp.Diff(wantStatuses, tr.Statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	wantEffects := []Call{
		{"alice", Entry{"alice", "abc123", 100}, Entry{"alice", NewToken, 220}, true},
		{"bob", Entry{"bob", "def456", 200}, Entry{"bob", "def456", 200}, false},
		{"carol", Entry{"carol", "ghi789", 50}, Entry{"carol", NewToken, 220}, true},
	}
	if diff := cmp.Diff(wantEffects, tr.Effects); diff != "" {
		t.Errorf("effects (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Refreshed token for alice: newtoken123"}, tr.Lines()); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	wantAfter := Tokens{{"alice", NewToken, 220}, {"bob", "def456", 200}, {"carol", "ghi789", 50}}
	if diff := cmp.Diff(wantAfter, tr.After); diff != "" {
		t.Errorf("tokens after (-want +got):\n%s", diff)
	}
	// The calls work on a copy: step 1's tokens are as created.
	if diff := cmp.Diff(InitialTokens(), tr.Tokens); diff != "" {
		t.Errorf("step 1 tokens changed by step 4 (-want +got):\n%s", diff)
	}
}

func TestSimulateLines(t *testing.T) {
	tests := []struct {
		name  string
		now   int64
		users []string
		want  []string
	}{
		{"default is alice", 120, nil, []string{"Refreshed token for alice: newtoken123"}},
		{"bob still valid", 120, []string{"bob"}, []string{"Token for bob is still valid: def456 (expires at 200)"}},
		{"carol", 120, []string{"carol"}, []string{"Refreshed token for carol: newtoken123"}},
		{"alice at 90", 90, []string{"alice"}, []string{"Token for alice is still valid: abc123 (expires at 100)"}},
		{"boundary", 100, []string{"alice"}, []string{"Token for alice is still valid: abc123 (expires at 100)"}},
		{"order kept", 120, []string{"carol", "alice"}, []string{
			"Refreshed token for carol: newtoken123",
			"Refreshed token for alice: newtoken123",
		}},
		{"second call sees the first", 120, []string{"alice", "alice"}, []string{
			"Refreshed token for alice: newtoken123",
			"Token for alice is still valid: newtoken123 (expires at 220)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Simulate(4, tt.now, tt.users)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, tr.Lines()); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSimulateRefusesBadInput(t *testing.T) {
	tests := []struct {
		name    string
		through int
		now     int64
		users   []string
		want    string
	}{
		{"step 0", 0, 120, nil, "no step 0; steps are 1 to 4"},
		{"step 5", 5, 120, nil, "no step 5; steps are 1 to 4"},
		{"negative time", 4, -1, nil, "current time -1 is out of range; use a whole number from 0 to 9223372036854775707"},
		{"overflowing time", 4, MaxTime + 1, nil, "current time 9223372036854775708 is out of range; use a whole number from 0 to 9223372036854775707"},
		{"unknown user", 4, 120, []string{"alice", "dave"}, `unknown user "dave"; users are alice, bob, carol`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Simulate(tt.through, tt.now, tt.users)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Simulate error = %v, want %q", err, tt.want)
			}
		})
	}
}
