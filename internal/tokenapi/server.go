// Package tokenapi is the exercise's pattern as a real REST API, the way
// OAuth 2.0 does it: short-lived access tokens for requests, refresh
// tokens that are rotated at each use, reuse detection, revocation, and a
// clock a learner can move to see tokens expire. It is what `tokenlab
// serve` runs, and what `tokenlab check --api` expects of a learner's own
// server (see internal/apicheck).
package tokenapi

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Users are the demo accounts: each password is the name followed by
// -demo.
var Users = []string{"alice", "bob", "carol"}

// Password is a demo user's password.
func Password(user string) string { return user + "-demo" }

// Clock is the server's notion of now, in the lesson's whole seconds.
type Clock struct {
	mu     sync.Mutex
	now    int64
	manual bool
}

// NewManualClock is a clock that starts at now and moves only when told
// (POST /clock), so that expiry can be seen without waiting.
func NewManualClock(now int64) *Clock { return &Clock{now: now, manual: true} }

// NewRealClock is the wall clock, in Unix seconds; it cannot be moved.
func NewRealClock() *Clock { return &Clock{} }

// Now is the current time.
func (c *Clock) Now() int64 {
	if !c.manual {
		return time.Now().Unix()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// MaxClock is the latest a manual clock can be set or moved to: far past
// any lesson, and far from where now + a token's lifetime would overflow.
const MaxClock = int64(1) << 50

func (c *Clock) set(now int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
}

// advance moves the clock on by d under its lock, so that simultaneous
// advances all count; it refuses to go past MaxClock.
func (c *Clock) advance(d int64) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.now > MaxClock-d {
		return c.now, false
	}
	c.now += d
	return c.now, true
}

// Event is one request, as the server narrates it.
type Event struct {
	Time   int64  `json:"time"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	User   string `json:"user,omitempty"`
	// Text says what happened in the lesson's terms, never with a token:
	// "alice's access token expired at 220; now 230".
	Text string `json:"text"`
}

// Config is how a server behaves.
type Config struct {
	Clock      *Clock
	AccessTTL  int64       // seconds an access token lives
	RefreshTTL int64       // seconds a refresh token lives
	Log        func(Event) // each request, once answered; may be nil
	// Public lets requests name any host; else a request's Host must be
	// this machine (localhost, or a loopback address), so that a web page
	// cannot reach the server through a name it controls (DNS rebinding).
	Public bool
	// MaxTokens bounds the refresh tokens held (0: DefaultMaxTokens): past
	// it the oldest are forgotten, as if expired, so that a server whose
	// manual clock stands still cannot grow without end.
	MaxTokens int
	// Wall is the real time wrong logins are counted in (nil: time.Now);
	// the lesson's clock, which a learner moves, cannot lift the limit.
	Wall func() time.Time
}

// Wrong passwords: after MaxWrongLogins for one user within LoginWindow,
// that user's logins are refused with 429 until the window has passed.
const (
	MaxWrongLogins = 5
	LoginWindow    = time.Minute
)

// DefaultMaxTokens is MaxTokens when a Config leaves it 0: some 10 MiB.
const DefaultMaxTokens = 20000

// A token is "ID.SECRET": a random ID the store is indexed by, and a
// random secret of 32 bytes of which the store keeps only the SHA-256. The
// ID finds the record; the secret's hash is then compared in constant time,
// so timing tells nothing about a secret, and the store holds nothing that
// could be replayed.
type token struct {
	verifier [sha256.Size]byte // SHA-256 of the secret
	user     string
	expires  int64 // still valid while expires >= now, as in the lesson
	family   *family
	used     bool // a refresh token that was exchanged (rotated)
}

// family is the chain of tokens from one login: revoking it ends them all.
type family struct {
	revoked bool
	access  string // the ID of the family's access token still in use
}

// Server is the token API. Its state is in memory and guarded by one lock,
// so that a check and the change it decides are one step: of two uses of
// one refresh token at once, exactly one wins.
type Server struct {
	cfg     Config
	mu      sync.Mutex
	access  map[string]*token // by ID
	refresh map[string]*token
	issued  int      // pairs issued, to sweep expired records now and then
	order   []string // refresh token IDs, oldest first, to forget past MaxTokens
	wrong   map[string]*wrongLogins
}

// wrongLogins counts one user's wrong passwords since a moment.
type wrongLogins struct {
	since time.Time
	n     int
}

// New returns a server with no tokens issued yet.
func New(cfg Config) *Server {
	if cfg.Wall == nil {
		cfg.Wall = time.Now
	}
	return &Server{cfg: cfg, access: map[string]*token{}, refresh: map[string]*token{}, wrong: map[string]*wrongLogins{}}
}

// Handler serves the API:
//
//	POST /login   {"username", "password"} -> a token pair
//	GET  /me      Authorization: Bearer <access token> -> {"user"}
//	POST /token   grant_type=refresh_token&refresh_token=... -> a new pair
//	POST /revoke  token=... -> 200, the token's family revoked
//	POST /clock   {"advance": S} or {"now": T} -> {"now"} (manual clock)
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	route := func(path, method string, h func(*request)) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			req := &request{w: w, r: r, s: s, now: s.cfg.Clock.Now()}
			if why := s.foreign(r); why != "" {
				req.fail(http.StatusForbidden, "forbidden", why)
				return
			}
			if r.Method != method {
				w.Header().Set("Allow", method)
				req.fail(http.StatusMethodNotAllowed, "invalid_request", fmt.Sprintf("%s takes %s, not %s", path, method, r.Method))
				return
			}
			h(req)
		})
	}
	route("/login", http.MethodPost, s.login)
	route("/me", http.MethodGet, s.me)
	route("/token", http.MethodPost, s.token)
	route("/revoke", http.MethodPost, s.revoke)
	route("/clock", http.MethodPost, s.clock)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		req := &request{w: w, r: r, s: s, now: s.cfg.Clock.Now()}
		req.fail(http.StatusNotFound, "not_found", "no such endpoint; they are POST /login, GET /me, POST /token, POST /revoke and POST /clock")
	})
	return mux
}

// foreign says why a request must be refused as coming from elsewhere
// than a client of the learner's own, or "": a browser's request from
// another site (its Origin is not the server's), or, unless Public, one
// naming a host that is not this machine.
func (s *Server) foreign(r *http.Request) string {
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return fmt.Sprintf("a request from the web page at %q: this server answers its own clients (curl, your code), not other sites", origin)
		}
	}
	if s.cfg.Public {
		return ""
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() || strings.EqualFold(host, "localhost") {
		return ""
	}
	return fmt.Sprintf("the request names the host %q; this server answers only for this machine (localhost), unless started with --public", r.Host)
}

// request is one request being answered.
type request struct {
	w    http.ResponseWriter
	r    *http.Request
	s    *Server
	now  int64
	user string
}

// maxBody is the most a request body may be: a login or a token is small.
const maxBody = 8 << 10

func (q *request) reply(status int, body any, text string) {
	h := q.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store") // RFC 6749 5.1: tokens are never cached
	h.Set("Pragma", "no-cache")
	q.w.WriteHeader(status)
	_ = json.NewEncoder(q.w).Encode(body)
	if q.s.cfg.Log != nil {
		q.s.cfg.Log(Event{Time: q.now, Method: q.r.Method, Path: q.r.URL.Path, Status: status, User: q.user, Text: text})
	}
}

// fail answers with an OAuth-style error body: {"error", "error_description"}.
func (q *request) fail(status int, code, text string) {
	q.reply(status, map[string]string{"error": code, "error_description": text}, text)
}

func (s *Server) login(q *request) {
	var body struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeJSON(q, &body); err != nil {
		q.fail(http.StatusBadRequest, "invalid_request", "the body is not {\"username\": ..., \"password\": ...}: "+err.Error())
		return
	}
	known := false
	for _, u := range Users {
		known = known || u == body.Username
	}
	who := body.Username // the count's key: one of the users, or any other name
	if !known {
		who = ""
	}
	s.mu.Lock()
	w := s.wrong[who]
	wall := s.cfg.Wall()
	if w != nil && wall.Sub(w.since) >= LoginWindow {
		w = nil
		delete(s.wrong, who)
	}
	if w != nil && w.n >= MaxWrongLogins {
		wait := int(w.since.Add(LoginWindow).Sub(wall).Seconds()) + 1
		s.mu.Unlock()
		q.w.Header().Set("Retry-After", fmt.Sprint(wait))
		q.fail(http.StatusTooManyRequests, "too_many_logins",
			fmt.Sprintf("%d wrong logins as %q within %s: try again in %ds", MaxWrongLogins, body.Username, LoginWindow, wait))
		return
	}
	s.mu.Unlock()
	// Compared in constant time, and for an unknown user too.
	ok := subtle.ConstantTimeCompare([]byte(body.Password), []byte(Password(body.Username))) == 1
	if !known || !ok {
		s.mu.Lock()
		if s.wrong[who] == nil {
			s.wrong[who] = &wrongLogins{since: wall}
		}
		s.wrong[who].n++
		s.mu.Unlock()
		q.fail(http.StatusUnauthorized, "invalid_login", fmt.Sprintf("login as %q refused: unknown user or wrong password", body.Username))
		return
	}
	q.user = body.Username
	s.mu.Lock()
	pair := s.issue(body.Username, &family{}, q.now)
	s.mu.Unlock()
	q.reply(http.StatusOK, pair, fmt.Sprintf("%s logged in at %d: access token valid until %d, refresh token until %d",
		q.user, q.now, q.now+s.cfg.AccessTTL, q.now+s.cfg.RefreshTTL))
}

// tokenPair is what /login and /token answer (RFC 6749 5.1).
type tokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
}

// issue makes a new access token and refresh token in f; the caller holds
// the lock. The family's earlier access token stops working.
func (s *Server) issue(user string, f *family, now int64) tokenPair {
	if s.issued++; s.issued%sweepEvery == 0 {
		s.sweep(now)
	}
	access, aid, av := newToken()
	refresh, rid, rv := newToken()
	delete(s.access, f.access)
	f.access = aid
	s.access[aid] = &token{verifier: av, user: user, expires: now + s.cfg.AccessTTL, family: f}
	s.refresh[rid] = &token{verifier: rv, user: user, expires: now + s.cfg.RefreshTTL, family: f}
	s.order = append(s.order, rid)
	s.forgetOldest()
	return tokenPair{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer", ExpiresIn: s.cfg.AccessTTL}
}

// forgetOldest forgets the oldest refresh tokens past MaxTokens; one that
// was its login's latest takes the login's access token with it. The
// caller holds the lock.
func (s *Server) forgetOldest() {
	limit := s.cfg.MaxTokens
	if limit <= 0 {
		limit = DefaultMaxTokens
	}
	for len(s.refresh) > limit && len(s.order) > 0 {
		id := s.order[0]
		s.order = s.order[1:]
		if t, ok := s.refresh[id]; ok {
			delete(s.refresh, id)
			if !t.used {
				delete(s.access, t.family.access)
				t.family.revoked = true
			}
		}
	}
}

// sweepEvery is how many pairs are issued between sweeps of the store.
const sweepEvery = 1024

// sweep forgets the tokens that have expired: they are refused all the
// same, as unknown, so a server that runs on keeps a bounded store. The
// caller holds the lock.
func (s *Server) sweep(now int64) {
	for _, m := range []map[string]*token{s.access, s.refresh} {
		for id, t := range m {
			if t.expires < now {
				delete(m, id)
			}
		}
	}
	live := s.order[:0]
	for _, id := range s.order {
		if _, ok := s.refresh[id]; ok {
			live = append(live, id)
		}
	}
	s.order = live
}

// newToken is a new token, "ID.SECRET", with its ID and the SHA-256 of
// its secret: random bytes from crypto/rand, URL-safe, unpredictable,
// unlike the exercise's newtoken123.
func newToken() (tok, id string, verifier [sha256.Size]byte) {
	b := make([]byte, 12+32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	id = base64.RawURLEncoding.EncodeToString(b[:12])
	secret := base64.RawURLEncoding.EncodeToString(b[12:])
	return id + "." + secret, id, sha256.Sum256([]byte(secret))
}

// lookup finds the token presented: by its ID, then by its secret's hash,
// compared in constant time.
func lookup(m map[string]*token, tok string) *token {
	id, secret, ok := strings.Cut(tok, ".")
	if !ok {
		return nil
	}
	t := m[id]
	if t == nil {
		return nil
	}
	h := sha256.Sum256([]byte(secret))
	if subtle.ConstantTimeCompare(h[:], t.verifier[:]) != 1 {
		return nil
	}
	return t
}

func (s *Server) me(q *request) {
	challenge := func(desc string) {
		q.w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="tokenlab", error="invalid_token", error_description=%q`, desc))
		q.fail(http.StatusUnauthorized, "invalid_token", desc)
	}
	auth := q.r.Header.Get("Authorization")
	scheme, tok, found := strings.Cut(auth, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		// RFC 6750 3.1: no credentials, no error code.
		q.w.Header().Set("WWW-Authenticate", `Bearer realm="tokenlab"`)
		q.fail(http.StatusUnauthorized, "invalid_request", "no access token: send Authorization: Bearer <access token>")
		return
	}
	s.mu.Lock()
	t := lookup(s.access, tok)
	var revoked bool
	if t != nil {
		revoked = t.family.revoked
	}
	s.mu.Unlock()
	switch {
	case t == nil:
		challenge("unknown access token (or one a refresh has replaced)")
		return
	case revoked:
		q.user = t.user
		challenge(fmt.Sprintf("%s's access token was revoked", t.user))
		return
	case t.expires < q.now:
		q.user = t.user
		challenge(fmt.Sprintf("%s's access token expired at %d; now %d", t.user, t.expires, q.now))
		return
	}
	q.user = t.user
	q.reply(http.StatusOK, map[string]string{"user": t.user},
		fmt.Sprintf("%s's access token is valid until %d; now %d", t.user, t.expires, q.now))
}

func (s *Server) token(q *request) {
	if err := parseForm(q); err != nil {
		q.fail(http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	grant, presented := q.r.PostForm.Get("grant_type"), q.r.PostForm.Get("refresh_token")
	switch {
	case grant == "":
		q.fail(http.StatusBadRequest, "invalid_request", "no grant_type: send grant_type=refresh_token&refresh_token=...")
		return
	case grant != "refresh_token":
		q.fail(http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("grant_type %q: this server takes refresh_token", grant))
		return
	case presented == "":
		q.fail(http.StatusBadRequest, "invalid_request", "no refresh_token in the form")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := lookup(s.refresh, presented)
	switch {
	case t == nil:
		q.fail(http.StatusBadRequest, "invalid_grant", "unknown refresh token")
	case t.family.revoked:
		q.user = t.user
		q.fail(http.StatusBadRequest, "invalid_grant", fmt.Sprintf("%s's refresh token was revoked", t.user))
	case t.used:
		// Reuse: two parties had it. End the whole family (RFC 9700 4.14.2).
		q.user = t.user
		t.family.revoked = true
		q.fail(http.StatusBadRequest, "invalid_grant", fmt.Sprintf(
			"%s's refresh token was already used: someone else may have it, so every token of that login is revoked", t.user))
	case t.expires < q.now:
		q.user = t.user
		q.fail(http.StatusBadRequest, "invalid_grant", fmt.Sprintf("%s's refresh token expired at %d; now %d", t.user, t.expires, q.now))
	default:
		q.user = t.user
		t.used = true
		pair := s.issue(t.user, t.family, q.now)
		q.reply(http.StatusOK, pair, fmt.Sprintf("%s's tokens refreshed at %d: new access token until %d, the refresh token rotated",
			t.user, q.now, q.now+s.cfg.AccessTTL))
	}
}

func (s *Server) revoke(q *request) {
	if err := parseForm(q); err != nil {
		q.fail(http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	tok := q.r.PostForm.Get("token")
	if tok == "" {
		q.fail(http.StatusBadRequest, "invalid_request", "no token in the form: send token=...")
		return
	}
	s.mu.Lock()
	t := lookup(s.refresh, tok)
	if t == nil {
		t = lookup(s.access, tok)
	}
	text := "revoke: not a token this server issued, so nothing to do (RFC 7009 answers 200 all the same)"
	if t != nil {
		t.family.revoked = true
		q.user = t.user
		text = fmt.Sprintf("%s's tokens from that login are revoked", t.user)
	}
	s.mu.Unlock()
	q.reply(http.StatusOK, map[string]string{}, text)
}

func (s *Server) clock(q *request) {
	if !s.cfg.Clock.manual {
		q.fail(http.StatusConflict, "real_clock", "the clock is the real one (--clock real): it cannot be moved")
		return
	}
	var body struct {
		Advance *int64 `json:"advance"`
		Now     *int64 `json:"now"`
	}
	err := decodeJSON(q, &body)
	switch {
	case err != nil:
	case (body.Advance == nil) == (body.Now == nil):
		err = fmt.Errorf("give one of advance or now")
	case body.Advance != nil && (*body.Advance < 0 || *body.Advance > 1<<40):
		err = fmt.Errorf("advance must be a whole number of seconds from 0 to %d", int64(1)<<40)
	case body.Now != nil && (*body.Now < 0 || *body.Now > MaxClock):
		err = fmt.Errorf("now must be a whole number from 0 to %d", MaxClock)
	}
	if err != nil {
		q.fail(http.StatusBadRequest, "invalid_request", `the body is not {"advance": S} or {"now": T}: `+err.Error())
		return
	}
	// Moved from the clock as it is now, not as it was when the request
	// began: simultaneous advances each count.
	var now int64
	if body.Advance != nil {
		var ok bool
		if now, ok = s.cfg.Clock.advance(*body.Advance); !ok {
			q.fail(http.StatusBadRequest, "invalid_request", fmt.Sprintf("the clock is at %d and cannot be moved past %d", now, MaxClock))
			return
		}
	} else {
		now = *body.Now
		s.cfg.Clock.set(now)
	}
	q.now = now
	q.reply(http.StatusOK, map[string]int64{"now": now}, fmt.Sprintf("the clock is now %d", now))
}

// decodeJSON reads a small JSON object with no unknown fields, sent as
// application/json. A page on another site can send text/plain or a form
// without asking, but application/json only after a CORS preflight,
// which this server never answers: so no page can post JSON here behind
// the learner's back, whatever its Origin header says.
func decodeJSON(q *request, v any) error {
	if mt, _, err := mime.ParseMediaType(q.r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return fmt.Errorf("the body must be sent as JSON (Content-Type: application/json), not %q", q.r.Header.Get("Content-Type"))
	}
	dec := json.NewDecoder(http.MaxBytesReader(q.w, q.r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("more than one JSON value")
	}
	return nil
}

// parseForm reads a small application/x-www-form-urlencoded body.
func parseForm(q *request) error {
	if ct := q.r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return fmt.Errorf("the body must be a form (Content-Type: application/x-www-form-urlencoded), not %q", ct)
	}
	q.r.Body = http.MaxBytesReader(q.w, q.r.Body, maxBody)
	if err := q.r.ParseForm(); err != nil {
		return fmt.Errorf("the form cannot be read: %v", err)
	}
	return nil
}
