package lesson

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRefreshToken(t *testing.T) {
	tests := []struct {
		name          string
		in            Entry
		now           int64
		want          Entry
		wantRefreshed bool
	}{
		{"expired", Entry{"alice", "abc123", 100}, 120, Entry{"alice", NewToken, 220}, true},
		{"expiry equals now is still valid", Entry{"alice", "abc123", 100}, 100, Entry{"alice", "abc123", 100}, false},
		{"one past the expiry", Entry{"alice", "abc123", 100}, 101, Entry{"alice", NewToken, 201}, true},
		{"valid", Entry{"bob", "def456", 200}, 120, Entry{"bob", "def456", 200}, false},
		{"long expired", Entry{"carol", "ghi789", 50}, 120, Entry{"carol", NewToken, 220}, true},
		{"time zero", Entry{"carol", "ghi789", 50}, 0, Entry{"carol", "ghi789", 50}, false},
		{"largest time", Entry{"bob", "def456", 200}, MaxTime, Entry{"bob", NewToken, MaxTime + Lifetime}, true},
		{"already refreshed stays", Entry{"alice", NewToken, 220}, 120, Entry{"alice", NewToken, 220}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, refreshed := RefreshToken(tt.in, tt.now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("RefreshToken(%+v, %d) entry (-want +got):\n%s", tt.in, tt.now, diff)
			}
			if refreshed != tt.wantRefreshed {
				t.Errorf("RefreshToken(%+v, %d) refreshed = %v, want %v", tt.in, tt.now, refreshed, tt.wantRefreshed)
			}
		})
	}
}

func TestInitialTokensAreTheExercisesInOrder(t *testing.T) {
	want := Tokens{{"alice", "abc123", 100}, {"bob", "def456", 200}, {"carol", "ghi789", 50}}
	if diff := cmp.Diff(want, InitialTokens()); diff != "" {
		t.Errorf("InitialTokens() (-want +got):\n%s", diff)
	}
	// A caller that changes its copy must not change the next one.
	tokens := InitialTokens()
	tokens[0].Token = "changed"
	if InitialTokens()[0].Token != "abc123" {
		t.Error("InitialTokens shares its backing array between calls")
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{"120", 120, ""},
		{"0", 0, ""},
		{" 90 ", 90, ""},
		{strconv.FormatInt(MaxTime, 10), MaxTime, ""},
		{strconv.FormatInt(MaxTime+1, 10), 0, "too large"},
		{"9223372036854775807", 0, "too large"},
		{"99999999999999999999999", 0, "too large"},
		{"-1", 0, "must not be negative"},
		{"-99999999999999999999999", 0, "must not be negative"},
		{"soon", 0, "must be a whole number from 0 to"},
		{"1.5", 0, "must be a whole number"},
		{"", 0, "must be a whole number"},
		{"0x10", 0, "must be a whole number"},
		{"+5", 0, "without a sign: the time itself, not an offset"},
		{"+", 0, "without a sign"},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseTime(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseTime(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"120", "0", "-1", "soon", "9223372036854775707", "9223372036854775708", " 7 ", "+0", "١٢٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseTime(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("ParseTime(%q) error has more than one line: %q", s, err)
			}
			return
		}
		if n < 0 || n > MaxTime {
			t.Errorf("ParseTime(%q) = %d, outside 0..MaxTime", s, n)
		}
		// Whatever it accepts, refreshing at that time must not overflow.
		if e, _ := RefreshToken(Entry{Expiry: -1}, n); e.Expiry < n {
			t.Errorf("refresh at %d overflowed to %d", n, e.Expiry)
		}
	})
}

func TestCheckUser(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for no error
	}{
		{"alice", ""},
		{"bob", ""},
		{"carol", ""},
		{"Alice", `unknown user "Alice" (did you mean alice?); users are alice, bob, carol`},
		{"BOB", `unknown user "BOB" (did you mean bob?); users are alice, bob, carol`},
		{"carl", `unknown user "carl" (did you mean carol?); users are alice, bob, carol`},
		{"alcie", `unknown user "alcie" (did you mean alice?); users are alice, bob, carol`},
		{"dave", `unknown user "dave"; users are alice, bob, carol`},
		{"", `unknown user ""; users are alice, bob, carol`},
		{"mallory", `unknown user "mallory"; users are alice, bob, carol`},
	}
	for _, tt := range tests {
		err := CheckUser(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
			var unknown *UnknownUserError
			if !errors.As(err, &unknown) {
				t.Errorf("CheckUser(%q) error is %T, want *UnknownUserError", tt.in, err)
			}
		}
		if got != tt.want {
			t.Errorf("CheckUser(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCheckUser(f *testing.F) {
	for _, s := range []string{"alice", "Alice", "dave", "", "ａｌｉｃｅ", "a\nb", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckUser(s)
		known := s == "alice" || s == "bob" || s == "carol"
		if known != (err == nil) {
			t.Fatalf("CheckUser(%q) = %v; known user = %v", s, err, known)
		}
		if err != nil && !strings.HasSuffix(err.Error(), "users are alice, bob, carol") {
			t.Errorf("CheckUser(%q) error does not say which users exist: %q", s, err)
		}
	})
}

func TestParseStep(t *testing.T) {
	tests := []struct {
		in   string
		want int
		err  string
	}{
		{"1", 1, ""},
		{"4", 4, ""},
		{" 2 ", 2, ""},
		{"0", 0, "no step 0; steps are 1, 2, 3, 4"},
		{"5", 0, "no step 5; steps are 1, 2, 3, 4"},
		{"-1", 0, "no step -1; steps are 1, 2, 3, 4"},
		{"x", 0, `invalid step "x"; steps are 1, 2, 3, 4`},
		{"1.0", 0, `invalid step "1.0"; steps are 1, 2, 3, 4`},
		{"99999999999999999999", 0, `invalid step "99999999999999999999"; steps are 1, 2, 3, 4`},
	}
	for _, tt := range tests {
		got, err := ParseStep(tt.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tt.want || gotErr != tt.err {
			t.Errorf("ParseStep(%q) = %d, %q; want %d, %q", tt.in, got, gotErr, tt.want, tt.err)
		}
	}
}

func FuzzParseStep(f *testing.F) {
	for _, s := range []string{"1", "4", "0", "5", "x", "", " 3", "+2", "-0", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseStep(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") || !strings.HasSuffix(err.Error(), "steps are 1, 2, 3, 4") {
				t.Errorf("ParseStep(%q) error %q is not one line naming the steps", s, err)
			}
			return
		}
		if n < 1 || n > StepCount {
			t.Errorf("ParseStep(%q) = %d, outside 1..%d", s, n, StepCount)
		}
	})
}
