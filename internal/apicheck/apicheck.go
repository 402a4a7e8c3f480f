// Package apicheck checks a token server, in any language, against the
// contract tokenlab serve follows: a checker, kept apart from the server
// it was first written against, and reporting as check does.
package apicheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/tokenlab/tokenlab/internal/tokenapi"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

// Checks are the checks of a server, in order (grade.APIChecks).
var Checks = grade.APIChecks

// client talks to the server under test.
type client struct {
	ctx  context.Context
	base string
	http *http.Client
}

// response is an answer, read whole (at most 64 KiB).
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (c *client) do(method, path, contentType, body, bearer string) (response, error) {
	req, err := http.NewRequestWithContext(c.ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		return response{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := c.http.Do(req)
	if err != nil {
		if late := c.late(method, path, err); late != nil {
			return response{}, late
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		var oe *net.OpError
		if errors.As(err, &oe) && oe.Err != nil {
			err = oe.Err
			var se *os.SyscallError
			if errors.As(err, &se) {
				err = se.Err
			}
		}
		return response{}, fmt.Errorf("cannot reach %s (%s %s): %v; is the server running?", c.base, method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		if late := c.late(method, path, err); late != nil {
			return response{}, fmt.Errorf("%w, %d bytes into its answer's body", late, len(data))
		}
		return response{}, fmt.Errorf("%s %s: the answer's body was cut off after %d bytes: %v", method, path, len(data), err)
	}
	r := response{status: res.StatusCode, header: res.Header, raw: string(data)}
	_ = json.Unmarshal(data, &r.body)
	return r, nil
}

// late says what ran out when err is a timeout: the whole check's time
// (its context's deadline), or the time for one answer; else nil.
func (c *client) late(method, path string, err error) error {
	if errors.Is(c.ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("stopped during %s %s: the whole check ran out of time", method, path)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%s %s: no whole answer within %s", method, path, c.http.Timeout)
	}
	return nil
}

func (c *client) postJSON(path, body string) (response, error) {
	return c.do(http.MethodPost, path, "application/json", body, "")
}

func (c *client) postForm(path string, form url.Values) (response, error) {
	return c.do(http.MethodPost, path, "application/x-www-form-urlencoded", form.Encode(), "")
}

func (r response) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

// pair is a token pair a server gave.
type pair struct {
	access, refresh string
	expiresIn       int64
}

func (r response) pair() (pair, string) {
	p := pair{access: r.str("access_token"), refresh: r.str("refresh_token")}
	n, ok := r.body["expires_in"].(float64)
	switch {
	case r.status != http.StatusOK:
		return p, fmt.Sprintf("status %d, want 200", r.status)
	case p.access == "" || p.refresh == "":
		return p, "no access_token and refresh_token in the answer"
	case !strings.EqualFold(r.str("token_type"), "Bearer"):
		return p, fmt.Sprintf("token_type %q, want Bearer", r.str("token_type"))
	case !ok || n <= 0 || n != float64(int64(n)):
		return p, "expires_in is not a whole number of seconds above 0"
	}
	p.expiresIn = int64(n)
	return p, ""
}

func (c *client) login(user, password string) (response, error) {
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	return c.postJSON("/login", string(body))
}

func (c *client) refresh(tok string) (response, error) {
	return c.postForm("/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok}})
}

func (c *client) me(access string) (response, error) {
	return c.do(http.MethodGet, "/me", "", "", access)
}

func (c *client) setClock(body string) (int64, error) {
	r, err := c.postJSON("/clock", body)
	if err != nil {
		return 0, err
	}
	n, ok := r.body["now"].(float64)
	if r.status != http.StatusOK || !ok {
		return 0, fmt.Errorf("POST /clock %s: status %d, want 200 and {\"now\": T}", body, r.status)
	}
	return int64(n), nil
}

// Run checks the server at base (such as http://127.0.0.1:8080)
// against the contract tokenlab serve follows, and reports like check: a
// test per behaviour, in order. A server that cannot be reached, or that
// cannot log in at all, is an error.
func Run(ctx context.Context, base string, hc *http.Client) grade.Submission {
	s := &session{c: &client{ctx: ctx, base: strings.TrimSuffix(base, "/"), http: hc}}
	sub := grade.Submission{Path: base}
	results := map[string]grade.Test{}
	for _, nc := range checks {
		t, err := nc.run(s)
		if err != nil {
			sub.Status, sub.Message, sub.Tests = grade.Error, err.Error(), []grade.Test{}
			return sub
		}
		results[nc.id] = t
	}
	for _, c := range Checks {
		t := results[c.ID]
		t.ID, t.Step = c.ID, c.Step
		if t.Status == grade.Pass {
			t.Message = c.Name
		}
		sub.Tests = append(sub.Tests, t)
	}
	sub.Status, sub.Message = grade.Pass, fmt.Sprintf("all %d checks pass", len(sub.Tests))
	for _, t := range sub.Tests {
		if t.Status == grade.Note {
			sub.Message = fmt.Sprintf("every check passes, with advice: %s", t.Message)
		}
	}
	for _, t := range sub.Tests {
		if t.Status == grade.Fail {
			sub.Status, sub.Message = grade.Fail, fmt.Sprintf("%s fails: %s", t.ID, t.Message)
			break
		}
	}
	return sub
}

// namedCheck is one check of Checks: it gives the check's result, or an
// error when the server cannot be talked to at all, which ends the run.
type namedCheck struct {
	id  string
	run func(*session) (grade.Test, error)
}

// checks are Checks' checks, in the same order. Each one that moves the
// server's clock, rotates or revokes runs on a login of its own.
var checks = []namedCheck{
	{"login", checkLogin},
	{"login-refused", checkLoginRefused},
	{"me", checkMe},
	{"me-no-token", checkMeNoToken},
	{"valid-at-expiry", checkValidAtExpiry},
	{"expired-after", checkExpiredAfter},
	{"refresh", checkRefresh},
	{"old-access-refused", checkOldAccessRefused},
	{"rotation", checkRotation},
	{"reuse-detection", checkReuseDetection},
	{"revocation", checkRevocation},
	{"invalid-grant", checkInvalidGrant},
	{"wrong-method", checkWrongMethod},
	{"malformed-login", checkMalformedLogin},
	{"malformed-token", checkMalformedToken},
}

// session is what one run's checks share: the client, and what earlier
// checks found that later ones build on.
type session struct {
	c     *client
	first pair // alice's first login

	expiring pair  // the login valid-at-expiry moved the clock to the end of
	expiry   int64 // and that access token's expiry

	replaced, refreshed pair // a refresh's pair before and after; zero if refresh failed
}

func passed() grade.Test { return grade.Test{Status: grade.Pass} }

func failed(msg, want, got string) grade.Test {
	return grade.Test{Status: grade.Fail, Message: msg, Expected: want, Actual: got}
}

func skipped(why string) grade.Test {
	return grade.Test{Status: grade.Skip, Message: "not checked: " + why}
}

// statusAndBody is an answer as a failure shows it.
func statusAndBody(r response) string {
	return fmt.Sprintf("%d %s", r.status, strings.TrimSpace(r.raw))
}

// fresh logs alice in for a check of its own: a new family.
func (s *session) fresh() (pair, error) {
	r, err := s.c.login("alice", tokenapi.Password("alice"))
	if err != nil {
		return pair{}, err
	}
	p, bad := r.pair()
	if bad != "" {
		return pair{}, fmt.Errorf("logging in again: %s", bad)
	}
	return p, nil
}

func checkLogin(s *session) (grade.Test, error) {
	r, err := s.c.login("alice", tokenapi.Password("alice"))
	if err != nil {
		return grade.Test{}, err
	}
	first, bad := r.pair()
	if bad != "" {
		return grade.Test{}, fmt.Errorf("POST /login as alice/alice-demo: %s; every other check needs a login", bad)
	}
	s.first = first
	return passed(), nil
}

// checkLoginRefused logs in as carol, whom no other check logs in: a server
// that holds a user after wrong passwords (serve does, with 429) holds only
// her, and checking again and again never locks alice out.
func checkLoginRefused(s *session) (grade.Test, error) {
	r, err := s.c.login("carol", "not-the-password")
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusUnauthorized || r.status == http.StatusTooManyRequests {
		return passed(), nil
	}
	return failed("a login with a wrong password is not refused with 401", "401", fmt.Sprint(r.status)), nil
}

func checkMe(s *session) (grade.Test, error) {
	r, err := s.c.me(s.first.access)
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusOK && r.str("user") == "alice" {
		return passed(), nil
	}
	return failed("GET /me with alice's access token does not answer 200 {\"user\": \"alice\"}", `200 {"user":"alice"}`, statusAndBody(r)), nil
}

func checkMeNoToken(s *session) (grade.Test, error) {
	r, err := s.c.me("")
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusUnauthorized && strings.HasPrefix(strings.ToLower(r.header.Get("WWW-Authenticate")), "bearer") {
		return passed(), nil
	}
	return failed("GET /me without a token must be 401 with a WWW-Authenticate: Bearer challenge (RFC 6750)",
		"401, WWW-Authenticate: Bearer ...", fmt.Sprintf("%d, WWW-Authenticate: %q", r.status, r.header.Get("WWW-Authenticate"))), nil
}

// checkValidAtExpiry moves the server's clock to a new login's access
// expiry: the lesson's rule, strict "<", says it is still valid.
func checkValidAtExpiry(s *session) (grade.Test, error) {
	now, err := s.c.setClock(`{"advance": 0}`)
	if err != nil {
		return grade.Test{}, err
	}
	if s.expiring, err = s.fresh(); err != nil {
		return grade.Test{}, err
	}
	s.expiry = now + s.expiring.expiresIn
	if _, err := s.c.setClock(fmt.Sprintf(`{"now": %d}`, s.expiry)); err != nil {
		return grade.Test{}, err
	}
	r, err := s.c.me(s.expiring.access)
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusOK {
		return passed(), nil
	}
	return failed(fmt.Sprintf("at time %d, the access token's expiry, it is refused: a token whose expiry equals the time is still valid (expiry < now means expired)", s.expiry),
		"200", fmt.Sprint(r.status)), nil
}

// checkExpiredAfter moves the clock one second past valid-at-expiry's.
func checkExpiredAfter(s *session) (grade.Test, error) {
	if _, err := s.c.setClock(fmt.Sprintf(`{"now": %d}`, s.expiry+1)); err != nil {
		return grade.Test{}, err
	}
	r, err := s.c.me(s.expiring.access)
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusUnauthorized && strings.Contains(r.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		return passed(), nil
	}
	return failed(fmt.Sprintf("at time %d, past the access token's expiry %d, it must be 401 with WWW-Authenticate: Bearer error=\"invalid_token\"", s.expiry+1, s.expiry),
		`401, error="invalid_token"`, fmt.Sprintf("%d, WWW-Authenticate: %q", r.status, r.header.Get("WWW-Authenticate"))), nil
}

// checkRefresh refreshes a new login and tries the new access token; the
// three checks after it look at what the refresh left behind.
func checkRefresh(s *session) (grade.Test, error) {
	p, err := s.fresh()
	if err != nil {
		return grade.Test{}, err
	}
	r, err := s.c.refresh(p.refresh)
	if err != nil {
		return grade.Test{}, err
	}
	next, bad := r.pair()
	if bad == "" {
		me, err := s.c.me(next.access)
		if err != nil {
			return grade.Test{}, err
		}
		if me.status != http.StatusOK {
			bad = fmt.Sprintf("the new access token is refused by GET /me (%d)", me.status)
		}
	}
	if bad != "" {
		return failed("POST /token with grant_type=refresh_token does not give a working new pair: "+bad, "200 and a new pair", strings.TrimSpace(r.raw)), nil
	}
	s.replaced, s.refreshed = p, next
	return passed(), nil
}

// refreshFailed reports whether refresh failed, so that the checks of
// what it leaves behind cannot run.
func (s *session) refreshFailed() bool { return s.refreshed.access == "" }

func checkOldAccessRefused(s *session) (grade.Test, error) {
	if s.refreshFailed() {
		return skipped("a refresh does not work"), nil
	}
	r, err := s.c.me(s.replaced.access)
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusUnauthorized {
		return passed(), nil
	}
	// Neither RFC 6749 nor serve's contract asks for this: an access token
	// may live out its short life.
	return grade.Test{Status: grade.Note,
		Message: "after a refresh, the access token it replaced still works until it expires; no RFC requires refusing it, " +
			"but a server that does leaves a leaked copy less time to be used", Expected: "401", Actual: fmt.Sprint(r.status)}, nil
}

func checkRotation(s *session) (grade.Test, error) {
	if s.refreshFailed() {
		return skipped("a refresh does not work"), nil
	}
	rotates := s.refreshed.refresh != s.replaced.refresh
	if rotates {
		r, err := s.c.refresh(s.replaced.refresh)
		if err != nil {
			return grade.Test{}, err
		}
		rotates = r.status != http.StatusOK
	}
	if rotates {
		return passed(), nil
	}
	return failed("a refresh must rotate the refresh token: give a new one, and refuse the one it replaced", "a new refresh_token; the old one refused", "the old refresh token still works"), nil
}

// checkReuseDetection uses a rotated refresh token again, on a login of its
// own, and then tries the newest one.
func checkReuseDetection(s *session) (grade.Test, error) {
	if s.refreshFailed() {
		return skipped("a refresh does not work"), nil
	}
	p, err := s.fresh()
	if err != nil {
		return grade.Test{}, err
	}
	r, err := s.c.refresh(p.refresh)
	if err != nil {
		return grade.Test{}, err
	}
	second, _ := r.pair()
	if second.refresh == "" || second.refresh == p.refresh {
		return skipped("the server does not rotate refresh tokens"), nil
	}
	if _, err = s.c.refresh(p.refresh); err != nil { // the reuse
		return grade.Test{}, err
	}
	if r, err = s.c.refresh(second.refresh); err != nil {
		return grade.Test{}, err
	}
	if r.status != http.StatusOK {
		return passed(), nil
	}
	return failed("after a rotated refresh token came back, the newest one of that login still works: reuse must revoke the whole family (RFC 9700 4.14.2)",
		"the newest refresh token refused", "200"), nil
}

// checkRevocation revokes (RFC 7009) a login of its own.
func checkRevocation(s *session) (grade.Test, error) {
	p, err := s.fresh()
	if err != nil {
		return grade.Test{}, err
	}
	r, err := s.c.postForm("/revoke", url.Values{"token": {p.refresh}})
	if err != nil {
		return grade.Test{}, err
	}
	if r.status != http.StatusOK {
		return failed("POST /revoke with token=<refresh token> does not answer 200", "200", fmt.Sprint(r.status)), nil
	}
	if r, err = s.c.refresh(p.refresh); err != nil {
		return grade.Test{}, err
	}
	if r.status != http.StatusOK {
		return passed(), nil
	}
	return failed("a revoked refresh token still gets new tokens", "refused", "200"), nil
}

func checkInvalidGrant(s *session) (grade.Test, error) {
	r, err := s.c.refresh("no-such-token-" + s.first.refresh)
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusBadRequest && r.str("error") == "invalid_grant" {
		return passed(), nil
	}
	return failed("an unknown refresh token must be 400 with {\"error\": \"invalid_grant\"} (RFC 6749 5.2); 401 is for a client that fails to authenticate",
		`400 {"error":"invalid_grant"}`, statusAndBody(r)), nil
}

// checkWrongMethod: RFC 6749 (section 3.2) has the token endpoint take POST
// and says nothing of the answer to another method: 405 says it best, and a
// 404 from a router that matches on method and path is as good.
func checkWrongMethod(s *session) (grade.Test, error) {
	r, err := s.c.do(http.MethodGet, "/token", "", "", "")
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusMethodNotAllowed || r.status == http.StatusNotFound {
		return passed(), nil
	}
	return failed("GET /token must be refused, 405 Method Not Allowed (or 404): the token endpoint takes POST (RFC 6749, section 3.2)", "405 or 404", fmt.Sprint(r.status)), nil
}

func checkMalformedLogin(s *session) (grade.Test, error) {
	r, err := s.c.postJSON("/login", "{")
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusBadRequest {
		return passed(), nil
	}
	return failed("a login body that is not JSON must be 400", "400", fmt.Sprint(r.status)), nil
}

func checkMalformedToken(s *session) (grade.Test, error) {
	r, err := s.c.postForm("/token", url.Values{"refresh_token": {s.first.refresh}})
	if err != nil {
		return grade.Test{}, err
	}
	if r.status == http.StatusBadRequest && r.str("error") == "invalid_request" {
		return passed(), nil
	}
	return failed("a token request without grant_type must be 400 invalid_request", `400 {"error":"invalid_request"}`, statusAndBody(r)), nil
}
