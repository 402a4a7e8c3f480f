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
	c := &client{ctx: ctx, base: strings.TrimSuffix(base, "/"), http: hc}
	sub := grade.Submission{Path: base}
	results := map[string]grade.Test{}
	pass := func(id string) { results[id] = grade.Test{Status: grade.Pass} }
	failed := func(id, msg, want, got string) {
		results[id] = grade.Test{Status: grade.Fail, Message: msg, Expected: want, Actual: got}
	}
	skip := func(id, why string) { results[id] = grade.Test{Status: grade.Skip, Message: "not checked: " + why} }
	// fresh logs alice in for a check of its own: a new family.
	fresh := func() (pair, error) {
		r, err := c.login("alice", tokenapi.Password("alice"))
		if err != nil {
			return pair{}, err
		}
		p, bad := r.pair()
		if bad != "" {
			return pair{}, fmt.Errorf("logging in again: %s", bad)
		}
		return p, nil
	}

	run := func() error {
		r, err := c.login("alice", tokenapi.Password("alice"))
		if err != nil {
			return err
		}
		first, bad := r.pair()
		if bad != "" {
			return fmt.Errorf("POST /login as alice/alice-demo: %s; every other check needs a login", bad)
		}
		pass("login")

		// As carol, whom no other check logs in: a server that holds a user
		// after wrong passwords (serve does, with 429) holds only her, and
		// checking again and again never locks alice out.
		if r, err = c.login("carol", "not-the-password"); err != nil {
			return err
		}
		if r.status == http.StatusUnauthorized || r.status == http.StatusTooManyRequests {
			pass("login-refused")
		} else {
			failed("login-refused", "a login with a wrong password is not refused with 401", "401", fmt.Sprint(r.status))
		}

		if r, err = c.me(first.access); err != nil {
			return err
		}
		if r.status == http.StatusOK && r.str("user") == "alice" {
			pass("me")
		} else {
			failed("me", "GET /me with alice's access token does not answer 200 {\"user\": \"alice\"}", `200 {"user":"alice"}`, fmt.Sprintf("%d %s", r.status, strings.TrimSpace(r.raw)))
		}

		if r, err = c.me(""); err != nil {
			return err
		}
		if r.status == http.StatusUnauthorized && strings.HasPrefix(strings.ToLower(r.header.Get("WWW-Authenticate")), "bearer") {
			pass("me-no-token")
		} else {
			failed("me-no-token", "GET /me without a token must be 401 with a WWW-Authenticate: Bearer challenge (RFC 6750)",
				"401, WWW-Authenticate: Bearer ...", fmt.Sprintf("%d, WWW-Authenticate: %q", r.status, r.header.Get("WWW-Authenticate")))
		}

		// Expiry, on the server's clock: the lesson's rule, strict "<".
		now, err := c.setClock(`{"advance": 0}`)
		if err != nil {
			return err
		}
		p, err := fresh()
		if err != nil {
			return err
		}
		expiry := now + p.expiresIn
		if _, err := c.setClock(fmt.Sprintf(`{"now": %d}`, expiry)); err != nil {
			return err
		}
		if r, err = c.me(p.access); err != nil {
			return err
		}
		if r.status == http.StatusOK {
			pass("valid-at-expiry")
		} else {
			failed("valid-at-expiry", fmt.Sprintf("at time %d, the access token's expiry, it is refused: a token whose expiry equals the time is still valid (expiry < now means expired)", expiry), "200", fmt.Sprint(r.status))
		}
		if _, err := c.setClock(fmt.Sprintf(`{"now": %d}`, expiry+1)); err != nil {
			return err
		}
		if r, err = c.me(p.access); err != nil {
			return err
		}
		if r.status == http.StatusUnauthorized && strings.Contains(r.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
			pass("expired-after")
		} else {
			failed("expired-after", fmt.Sprintf("at time %d, past the access token's expiry %d, it must be 401 with WWW-Authenticate: Bearer error=\"invalid_token\"", expiry+1, expiry),
				`401, error="invalid_token"`, fmt.Sprintf("%d, WWW-Authenticate: %q", r.status, r.header.Get("WWW-Authenticate")))
		}

		// A refresh, and what it leaves behind.
		if p, err = fresh(); err != nil {
			return err
		}
		if r, err = c.refresh(p.refresh); err != nil {
			return err
		}
		next, bad := r.pair()
		if bad == "" {
			if r, err = c.me(next.access); err != nil {
				return err
			}
			if r.status != http.StatusOK {
				bad = fmt.Sprintf("the new access token is refused by GET /me (%d)", r.status)
			}
		}
		if bad != "" {
			failed("refresh", "POST /token with grant_type=refresh_token does not give a working new pair: "+bad, "200 and a new pair", strings.TrimSpace(r.raw))
			for _, id := range []string{"old-access-refused", "rotation", "reuse-detection"} {
				skip(id, "a refresh does not work")
			}
		} else {
			pass("refresh")
			if r, err = c.me(p.access); err != nil {
				return err
			}
			if r.status == http.StatusUnauthorized {
				pass("old-access-refused")
			} else {
				// Neither RFC 6749 nor serve's contract asks for this: an
				// access token may live out its short life.
				results["old-access-refused"] = grade.Test{Status: grade.Note,
					Message: "after a refresh, the access token it replaced still works until it expires; no RFC requires refusing it, " +
						"but a server that does leaves a leaked copy less time to be used", Expected: "401", Actual: fmt.Sprint(r.status)}
			}
			rotates := next.refresh != p.refresh
			if rotates {
				if r, err = c.refresh(p.refresh); err != nil {
					return err
				}
				rotates = r.status != http.StatusOK
			}
			if rotates {
				pass("rotation")
			} else {
				failed("rotation", "a refresh must rotate the refresh token: give a new one, and refuse the one it replaced", "a new refresh_token; the old one refused", "the old refresh token still works")
			}

			// Reuse, on a family of its own.
			if p, err = fresh(); err != nil {
				return err
			}
			if r, err = c.refresh(p.refresh); err != nil {
				return err
			}
			second, _ := r.pair()
			if second.refresh == "" || second.refresh == p.refresh {
				skip("reuse-detection", "the server does not rotate refresh tokens")
			} else {
				if _, err = c.refresh(p.refresh); err != nil { // the reuse
					return err
				}
				if r, err = c.refresh(second.refresh); err != nil {
					return err
				}
				if r.status != http.StatusOK {
					pass("reuse-detection")
				} else {
					failed("reuse-detection", "after a rotated refresh token came back, the newest one of that login still works: reuse must revoke the whole family (RFC 9700 4.14.2)",
						"the newest refresh token refused", "200")
				}
			}
		}

		// Revocation (RFC 7009), on a family of its own.
		if p, err = fresh(); err != nil {
			return err
		}
		if r, err = c.postForm("/revoke", url.Values{"token": {p.refresh}}); err != nil {
			return err
		}
		if r.status != http.StatusOK {
			failed("revocation", "POST /revoke with token=<refresh token> does not answer 200", "200", fmt.Sprint(r.status))
		} else {
			if r, err = c.refresh(p.refresh); err != nil {
				return err
			}
			if r.status != http.StatusOK {
				pass("revocation")
			} else {
				failed("revocation", "a revoked refresh token still gets new tokens", "refused", "200")
			}
		}

		if r, err = c.refresh("no-such-token-" + p.refresh); err != nil {
			return err
		}
		if r.status == http.StatusBadRequest && r.str("error") == "invalid_grant" {
			pass("invalid-grant")
		} else {
			failed("invalid-grant", "an unknown refresh token must be 400 with {\"error\": \"invalid_grant\"} (RFC 6749 5.2); 401 is for a client that fails to authenticate",
				`400 {"error":"invalid_grant"}`, fmt.Sprintf("%d %s", r.status, strings.TrimSpace(r.raw)))
		}

		if r, err = c.do(http.MethodGet, "/token", "", "", ""); err != nil {
			return err
		}
		// RFC 6749 (section 3.2) has the token endpoint take POST and says
		// nothing of the answer to another method: 405 says it best, and
		// a 404 from a router that matches on method and path is as good.
		if r.status == http.StatusMethodNotAllowed || r.status == http.StatusNotFound {
			pass("wrong-method")
		} else {
			failed("wrong-method", "GET /token must be refused, 405 Method Not Allowed (or 404): the token endpoint takes POST (RFC 6749, section 3.2)", "405 or 404", fmt.Sprint(r.status))
		}
		if r, err = c.postJSON("/login", "{"); err != nil {
			return err
		}
		if r.status == http.StatusBadRequest {
			pass("malformed-login")
		} else {
			failed("malformed-login", "a login body that is not JSON must be 400", "400", fmt.Sprint(r.status))
		}
		if r, err = c.postForm("/token", url.Values{"refresh_token": {p.refresh}}); err != nil {
			return err
		}
		if r.status == http.StatusBadRequest && r.str("error") == "invalid_request" {
			pass("malformed-token")
		} else {
			failed("malformed-token", "a token request without grant_type must be 400 invalid_request", `400 {"error":"invalid_request"}`, fmt.Sprintf("%d %s", r.status, strings.TrimSpace(r.raw)))
		}
		return nil
	}
	if err := run(); err != nil {
		sub.Status, sub.Message, sub.Tests = grade.Error, err.Error(), []grade.Test{}
		return sub
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
