package tokenapi

import (
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func newTestServer(t testing.TB, log func(Event)) (*httptest.Server, *Server) {
	t.Helper()
	s := New(Config{Clock: NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000, Log: log})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, s
}

func login(t testing.TB, base string, c *http.Client) tokenPair {
	t.Helper()
	res, err := c.Post(base+"/login", "application/json", strings.NewReader(`{"username":"bob","password":"bob-demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var p tokenPair
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil || res.StatusCode != 200 {
		t.Fatalf("login: %d %v", res.StatusCode, err)
	}
	return p
}

func refresh(c *http.Client, base, tok string) (tokenPair, int, error) {
	res, err := c.PostForm(base+"/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok}})
	if err != nil {
		return tokenPair{}, 0, err
	}
	defer res.Body.Close()
	var p tokenPair
	_ = json.NewDecoder(res.Body).Decode(&p)
	return p, res.StatusCode, nil
}

// Two uses of one refresh token at the same moment: exactly one wins.
func TestSimultaneousRefreshesOneWins(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, nil)
	for range 50 {
		p := login(t, ts.URL, ts.Client())
		var wg sync.WaitGroup
		codes := make([]int, 2)
		start := make(chan struct{})
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, codes[i], _ = refresh(ts.Client(), ts.URL, p.RefreshToken)
			}()
		}
		close(start)
		wg.Wait()
		if wins := (codes[0] == 200) != (codes[1] == 200); !wins || codes[0]+codes[1] != 200+400 {
			t.Fatalf("two simultaneous refreshes answered %v; want one 200 and one 400", codes)
		}
	}
}

// Tokens are unpredictable: an ID and a 32-byte secret, URL-safe, never
// the same twice; only the secret's hash is kept.
func TestTokensAreRandom(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok, id, verifier := newToken()
		_, secret, _ := strings.Cut(tok, ".")
		if len(tok) != 16+1+43 || !strings.HasPrefix(tok, id+".") || strings.ContainsAny(tok, "+/=") || seen[tok] ||
			verifier != sha256.Sum256([]byte(secret)) {
			t.Fatalf("token %q: want ID.SECRET, URL-safe, new each time, with the secret's hash", tok)
		}
		seen[tok] = true
	}
}

// A token with the right ID but another secret is refused: the secret is
// what proves it.
func TestATokenWithAForgedSecretIsRefused(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, nil)
	p := login(t, ts.URL, ts.Client())
	id, _, _ := strings.Cut(p.RefreshToken, ".")
	other, _, _ := newToken()
	_, secret, _ := strings.Cut(other, ".")
	if _, code, _ := refresh(ts.Client(), ts.URL, id+"."+secret); code != 400 {
		t.Errorf("a refresh token with a forged secret: %d, want 400", code)
	}
	if _, code, _ := refresh(ts.Client(), ts.URL, p.RefreshToken); code != 200 {
		t.Errorf("the real one afterwards: %d, want 200", code)
	}
}

// The load test: 16 clients, each refreshing its own login over and over.
// No token is issued twice and no refresh is lost: every client's chain
// ends in a refresh token that still works.
func BenchmarkConcurrentRefresh(b *testing.B) {
	ts, _ := newTestServer(b, nil)
	const clients = 16
	c := ts.Client()
	c.Transport.(*http.Transport).MaxIdleConnsPerHost = clients
	chains := make([]string, clients)
	for i := range chains {
		chains[i] = login(b, ts.URL, c).RefreshToken
	}
	var mu sync.Mutex
	issued := map[string]bool{}
	per := max(1, b.N/clients)
	b.ResetTimer()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range per {
				p, code, err := refresh(c, ts.URL, chains[i])
				if err != nil || code != 200 {
					b.Errorf("refresh: %d %v", code, err)
					return
				}
				mu.Lock()
				if issued[p.AccessToken] || issued[p.RefreshToken] {
					b.Errorf("a token was issued twice")
				}
				issued[p.AccessToken], issued[p.RefreshToken] = true, true
				mu.Unlock()
				chains[i] = p.RefreshToken
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(per*clients)/b.Elapsed().Seconds(), "refreshes/s")
	for i, tok := range chains {
		if _, code, _ := refresh(c, ts.URL, tok); code != 200 {
			b.Errorf("client %d's last refresh token does not work (%d): a refresh was lost", i, code)
		}
	}
}

func post(t *testing.T, c *http.Client, u, contentType, body string) (int, map[string]any) {
	t.Helper()
	res, err := c.Post(u, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(res.Body).Decode(&m)
	return res.StatusCode, m
}

// A refresh token past its expiry is refused as invalid_grant, at the
// lesson's rule: valid at its expiry, expired one second later.
func TestRefreshTokenExpires(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, nil)
	for _, tt := range []struct {
		at   string
		want int
	}{{`{"now": 1120}`, 200}, {`{"now": 1121}`, 400}} {
		if code, _ := post(t, ts.Client(), ts.URL+"/clock", "application/json", `{"now": 120}`); code != 200 {
			t.Fatal("the clock cannot be set")
		}
		p := login(t, ts.URL, ts.Client()) // at 120: the refresh token lives until 1120
		post(t, ts.Client(), ts.URL+"/clock", "application/json", tt.at)
		if _, code, _ := refresh(ts.Client(), ts.URL, p.RefreshToken); code != tt.want {
			t.Errorf("refresh at %s: %d, want %d", tt.at, code, tt.want)
		}
	}
}

// With the real clock, /clock is off.
func TestRealClockCannotBeMoved(t *testing.T) {
	t.Parallel()
	s := New(Config{Clock: NewRealClock(), AccessTTL: 100, RefreshTTL: 1000})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	code, body := post(t, ts.Client(), ts.URL+"/clock", "application/json", `{"advance": 5}`)
	if code != http.StatusConflict || body["error"] != "real_clock" {
		t.Errorf("POST /clock on the real clock: %d %v", code, body)
	}
	if now := s.cfg.Clock.Now(); now < 1_700_000_000 {
		t.Errorf("the real clock says %d", now)
	}
}

// Whatever a client sends, the server answers with JSON and a status it
// means, and never panics.
func FuzzServer(f *testing.F) {
	f.Add("POST", "/login", "application/json", `{"username":"alice","password":"alice-demo"}`)
	f.Add("POST", "/login", "application/json", `{"username":"alice","password":"x"} {}`)
	f.Add("POST", "/token", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token=%zz")
	f.Add("POST", "/revoke", "application/x-www-form-urlencoded", "token=abc")
	f.Add("POST", "/clock", "application/json", `{"advance": -5}`)
	f.Add("POST", "/clock", "application/json", `{"now": 1e30}`)
	f.Add("GET", "/me", "", "")
	f.Add("DELETE", "/token", "", "")
	s := New(Config{Clock: NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000})
	h := s.Handler()
	f.Fuzz(func(t *testing.T, method, path, contentType, body string) {
		req, err := http.NewRequest(method, "http://localhost"+path, strings.NewReader(body))
		if err != nil || !strings.HasPrefix(path, "/") {
			return // not a request any client could send
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code/100 == 3 {
			return // net/http's mux cleaning a path such as //me: a redirect
		}
		var v map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s %s: the answer is not JSON: %q", method, path, rec.Body.String())
		}
		if rec.Code >= 500 {
			t.Fatalf("%s %s: status %d", method, path, rec.Code)
		}
		if now := s.cfg.Clock.Now(); now < 0 {
			t.Fatalf("the clock went below zero: %d", now)
		}
	})
}

// A server that runs on forgets expired tokens: its store stays bounded.
func TestExpiredTokensAreSwept(t *testing.T) {
	t.Parallel()
	ts, s := newTestServer(t, nil)
	old := login(t, ts.URL, ts.Client()) // at 120: refresh token until 1120
	post(t, ts.Client(), ts.URL+"/clock", "application/json", `{"now": 5000}`)
	for range sweepEvery {
		login(t, ts.URL, ts.Client())
	}
	s.mu.Lock()
	stored := len(s.refresh)
	s.mu.Unlock()
	if stored > sweepEvery {
		t.Errorf("%d refresh tokens stored after a sweep, want at most %d", stored, sweepEvery)
	}
	if _, code, _ := refresh(ts.Client(), ts.URL, old.RefreshToken); code != 400 {
		t.Errorf("a swept, expired refresh token: %d, want 400", code)
	}
}

// Simultaneous advances of the clock all count, and the clock cannot be
// moved past MaxClock, however many advances add up.
func TestClockAdvancesAddUp(t *testing.T) {
	t.Parallel()
	ts, s := newTestServer(t, nil)
	start := s.cfg.Clock.Now()
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			res, err := ts.Client().Post(ts.URL+"/clock", "application/json", strings.NewReader(`{"advance": 1}`))
			if err == nil {
				res.Body.Close()
			}
		})
	}
	wg.Wait()
	if got := s.cfg.Clock.Now() - start; got != 200 {
		t.Errorf("200 advances of 1 moved the clock by %d", got)
	}

	post := func(body string) int {
		res, err := ts.Client().Post(ts.URL+"/clock", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := post(`{"now": 1125899906842000}`); code != http.StatusOK {
		t.Fatalf("setting the clock near MaxClock: %d", code)
	}
	for range 3 {
		post(`{"advance": 1099511627776}`) // 2^40, the most one advance may be
	}
	if now := s.cfg.Clock.Now(); now > MaxClock || now < 0 {
		t.Errorf("the clock went to %d, past %d", now, MaxClock)
	}
	if code := post(`{"advance": 1099511627776}`); code != http.StatusBadRequest {
		t.Errorf("an advance past MaxClock: %d, want 400", code)
	}
}

// JSON is taken only as application/json: the kinds of body a page on any
// site may send without a preflight (text/plain, a form) are refused, and
// change nothing, even with no Origin header to tell.
func TestJSONOnlyAsApplicationJSON(t *testing.T) {
	t.Parallel()
	ts, s := newTestServer(t, nil)
	for _, path := range []string{"/login", "/clock"} {
		body := map[string]string{"/login": `{"username":"bob","password":"bob-demo"}`, "/clock": `{"advance": 50}`}[path]
		for _, ct := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""} {
			res, err := http.Post(ts.URL+path, ct, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(msg), "Content-Type: application/json") {
				t.Errorf("POST %s as %q: %d %s, want 400 naming application/json", path, ct, res.StatusCode, msg)
			}
		}
		res, err := http.Post(ts.URL+path, "application/json; charset=utf-8", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("POST %s as JSON: %d, want 200", path, res.StatusCode)
		}
	}
	if now := s.cfg.Clock.Now(); now != 120+50 {
		t.Errorf("the clock is at %d: only the JSON advance may have moved it to 170", now)
	}
}

// A web page cannot use the learner's server: a browser's request from
// another site (its Origin) is refused, and so is a request naming a host
// other than this machine (DNS rebinding), unless the server is public.
func TestForeignRequestsAreRefused(t *testing.T) {
	t.Parallel()
	ts, _ := newTestServer(t, nil)
	pub := httptest.NewServer(New(Config{Clock: NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000, Public: true}).Handler())
	t.Cleanup(pub.Close)
	login := `{"username":"bob","password":"bob-demo"}`
	tests := []struct {
		name         string
		base         string
		host, origin string
		want         int
	}{
		{"curl", ts.URL, "", "", http.StatusOK},
		{"the server's own page", ts.URL, "", ts.URL, http.StatusOK},
		{"localhost by name", ts.URL, "localhost:8080", "", http.StatusOK},
		{"another site's page", ts.URL, "", "https://evil.example", http.StatusForbidden},
		{"a rebound name", ts.URL, "evil.example:8080", "", http.StatusForbidden},
		{"a rebound name, public", pub.URL, "evil.example:8080", "", http.StatusOK},
		{"another site's page, public", pub.URL, "", "https://evil.example", http.StatusForbidden},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(http.MethodPost, tt.base+"/login", strings.NewReader(login))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if tt.host != "" {
			req.Host = tt.host
		}
		if tt.origin != "" {
			req.Header.Set("Origin", tt.origin)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, res.StatusCode, tt.want)
		}
	}
}

// The store is bounded while the clock stands still: past MaxTokens the
// oldest logins are forgotten, their tokens refused as unknown, and the
// newest still work.
func TestStoreIsBounded(t *testing.T) {
	t.Parallel()
	s := New(Config{Clock: NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000, MaxTokens: 10})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	var pairs []tokenPair
	for range 50 {
		pairs = append(pairs, login(t, ts.URL, ts.Client()))
	}
	s.mu.Lock()
	held := len(s.refresh) + len(s.access)
	s.mu.Unlock()
	if held > 20 {
		t.Errorf("%d tokens held after 50 logins with MaxTokens 10", held)
	}
	if _, code, err := refresh(ts.Client(), ts.URL, pairs[0].RefreshToken); err != nil || code != http.StatusBadRequest {
		t.Errorf("the oldest login's refresh token: %d %v, want 400", code, err)
	}
	if _, code, err := refresh(ts.Client(), ts.URL, pairs[49].RefreshToken); err != nil || code != http.StatusOK {
		t.Errorf("the newest login's refresh token: %d %v, want 200", code, err)
	}
}

// Wrong passwords are limited per user in real time: the sixth within a
// minute, and even the right one then, is 429 with Retry-After; another
// user is not held up; a minute later logins work again.
func TestWrongLoginsAreLimited(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	wall := time.Unix(1_000_000, 0)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return wall }
	s := New(Config{Clock: NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000, Wall: now})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	try := func(user, password string) (int, string) {
		res, err := ts.Client().Post(ts.URL+"/login", "application/json",
			strings.NewReader(`{"username":"`+user+`","password":"`+password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode, res.Header.Get("Retry-After")
	}
	for i := range MaxWrongLogins {
		if code, _ := try("alice", "guess"); code != http.StatusUnauthorized {
			t.Fatalf("wrong login %d: %d, want 401", i+1, code)
		}
	}
	if code, retry := try("alice", "guess"); code != http.StatusTooManyRequests || retry != "61" {
		t.Errorf("a wrong login past the limit: %d, Retry-After %q; want 429, 61", code, retry)
	}
	if code, _ := try("alice", "alice-demo"); code != http.StatusTooManyRequests {
		t.Errorf("the right password while held: %d, want 429", code)
	}
	if code, _ := try("bob", "bob-demo"); code != http.StatusOK {
		t.Errorf("another user: %d, want 200", code)
	}
	mu.Lock()
	wall = wall.Add(LoginWindow)
	mu.Unlock()
	if code, _ := try("alice", "alice-demo"); code != http.StatusOK {
		t.Errorf("a minute later: %d, want 200", code)
	}
}
