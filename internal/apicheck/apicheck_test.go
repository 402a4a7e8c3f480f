package apicheck

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/tokenlab/tokenlab/internal/golden" // accepts -update, as every test binary must
	"github.com/tokenlab/tokenlab/internal/tokenapi"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

// newServeServer is tokenlab serve's server over real HTTP, its clock at
// 120, narrating to log.
func newServeServer(t testing.TB, log func(tokenapi.Event)) (*httptest.Server, *tokenapi.Server) {
	t.Helper()
	s := tokenapi.New(tokenapi.Config{Clock: tokenapi.NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000, Log: log})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, s
}

// tokenlab serve's own server passes every check, over real HTTP.
func TestServerConforms(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var events []tokenapi.Event
	ts, _ := newServeServer(t, func(e tokenapi.Event) { mu.Lock(); events = append(events, e); mu.Unlock() })
	sub := Run(context.Background(), ts.URL, ts.Client())
	if sub.Status != grade.Pass || len(sub.Tests) != len(Checks) {
		t.Fatalf("%s: %s", sub.Status, sub.Message)
	}
	for _, test := range sub.Tests {
		if test.Status != grade.Pass {
			t.Errorf("%s: %s %s", test.ID, test.Status, test.Message)
		}
	}
	// The narration is in the lesson's terms, and never holds a token.
	mu.Lock()
	defer mu.Unlock()
	if len(events) < 20 {
		t.Fatalf("%d events narrated", len(events))
	}
	texts := ""
	for _, e := range events {
		texts += e.Text + "\n"
	}
	for _, want := range []string{"alice logged in at 120", "alice's access token expired at", "every token of that login is revoked", "the refresh token rotated"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the narration lacks %q", want)
		}
	}
}

// A server that differs from serve where the standards leave it free still
// conforms: a 404 for GET /token, and an access token that lives out its
// life after a refresh, which is advice (a note), not a failure.
func TestConformanceLeavesWhatTheRFCsLeaveOpen(t *testing.T) {
	t.Parallel()
	s := tokenapi.New(tokenapi.Config{Clock: tokenapi.NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000})
	inner := s.Handler()
	var mu sync.Mutex
	replaced := map[string]bool{} // access tokens a refresh replaced
	var latest string             // the newest access token given
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/token" && r.Method != http.MethodPost:
			http.NotFound(w, r)
			return
		case r.URL.Path == "/me":
			// Answer for a replaced token as for the newest one.
			mu.Lock()
			if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && replaced[tok] {
				r.Header.Set("Authorization", "Bearer "+latest)
			}
			mu.Unlock()
		}
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		var p struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(rec.Body.Bytes(), &p) == nil && p.AccessToken != "" {
			mu.Lock()
			if latest != "" && r.URL.Path == "/token" {
				replaced[latest] = true
			}
			latest = p.AccessToken
			mu.Unlock()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(ts.Close)
	sub := Run(context.Background(), ts.URL, ts.Client())
	if sub.Status != grade.Pass {
		t.Fatalf("%s: %s", sub.Status, sub.Message)
	}
	for _, test := range sub.Tests {
		want := grade.Pass
		if test.ID == "old-access-refused" {
			want = grade.Note
		}
		if test.Status != want {
			t.Errorf("%s: %s %s, want %s", test.ID, test.Status, test.Message, want)
		}
	}
	if !strings.Contains(sub.Message, "advice") {
		t.Errorf("the message %q does not mention the advice", sub.Message)
	}
}

// A server too slow to check is an error that says what ran out: the time
// for one answer, also when it runs out in the middle of a body, or the
// whole check's time.
func TestConformanceReportsTimeouts(t *testing.T) {
	t.Parallel()
	s := tokenapi.New(tokenapi.Config{Clock: tokenapi.NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000})
	slow := func(delay time.Duration, cut bool) *httptest.Server {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if cut {
				// Headers and half a body at once, the rest too late.
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusOK)
				_, _ = io.WriteString(w, `{"access_token": "`)
				w.(http.Flusher).Flush()
			}
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
			if !cut {
				s.Handler().ServeHTTP(w, r)
			}
		}))
		t.Cleanup(ts.Close)
		return ts
	}
	tests := []struct {
		name    string
		ts      *httptest.Server
		timeout time.Duration // one answer
		whole   time.Duration // the whole check
		want    string
	}{
		{"one answer too late", slow(2*time.Second, false), 100 * time.Millisecond, time.Minute, "POST /login: no whole answer within 100ms"},
		{"a body cut off", slow(2*time.Second, true), 100 * time.Millisecond, time.Minute, "POST /login: no whole answer within 100ms, 18 bytes into its answer's body"},
		{"the whole check too long", slow(40*time.Millisecond, false), time.Second, 300 * time.Millisecond, "the whole check ran out of time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), tt.whole)
			defer cancel()
			client := tt.ts.Client()
			client.Timeout = tt.timeout
			sub := Run(ctx, tt.ts.URL, client)
			if sub.Status != grade.Error || !strings.Contains(sub.Message, tt.want) {
				t.Errorf("%s %q, want an error containing %q", sub.Status, sub.Message, tt.want)
			}
		})
	}
}

// Checking serve again and again, more often than its limit on wrong
// passwords allows, passes every time: the check's wrong login never
// holds the user the other checks log in as.
func TestRepeatedChecksPass(t *testing.T) {
	t.Parallel()
	ts, _ := newServeServer(t, nil)
	for i := range tokenapi.MaxWrongLogins + 3 {
		if sub := Run(context.Background(), ts.URL, ts.Client()); sub.Status != grade.Pass {
			t.Fatalf("check %d: %s %s", i+1, sub.Status, sub.Message)
		}
	}
}

// Every check the reports list runs, once, in the order they list them.
func TestChecksRunInTheReportsOrder(t *testing.T) {
	if len(checks) != len(Checks) {
		t.Fatalf("%d checks run, %d reported", len(checks), len(Checks))
	}
	for i, c := range Checks {
		if checks[i].id != c.ID {
			t.Errorf("check %d runs %s, reported as %s", i+1, checks[i].id, c.ID)
		}
	}
}
