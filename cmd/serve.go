package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/internal/tokenapi"
)

// serveOptions are the flags of `tokenlab serve`.
type serveOptions struct {
	g          *globalOptions
	addr       string
	public     bool
	clock      string
	accessTTL  int
	refreshTTL int
	format     string
	// ready, when a test sets it, gets the address once the server listens.
	ready func(addr string)
}

// curlSession is the session serve --help and the README teach; a
// testscript runs it.
const curlSession = `  # log in as alice, and keep the access token and the refresh token
  curl -s localhost:8080/login -H 'Content-Type: application/json' \
    -d '{"username":"alice","password":"alice-demo"}' > login.json
  ACCESS=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' login.json)
  REFRESH=$(sed -n 's/.*"refresh_token":"\([^"]*\)".*/\1/p' login.json)
  # (with jq installed: ACCESS=$(jq -r .access_token login.json))
  # use the access token
  curl -s localhost:8080/me -H "Authorization: Bearer $ACCESS"
  # move the clock past its expiry (it lives 100 seconds): now 401
  curl -s localhost:8080/clock -H 'Content-Type: application/json' \
    -d '{"advance": 101}'
  curl -si localhost:8080/me -H "Authorization: Bearer $ACCESS"
  # refresh: a new access token and a new refresh token (rotation)
  curl -s localhost:8080/token \
    -d grant_type=refresh_token -d refresh_token=$REFRESH
  # the old refresh token again: refused, and the whole login revoked
  curl -s localhost:8080/token \
    -d grant_type=refresh_token -d refresh_token=$REFRESH`

func newServeCmd(g *globalOptions, runF func(context.Context, *serveOptions) error) *cobra.Command {
	o := &serveOptions{g: g}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Run the pattern as a real REST API, to try with curl",
		Long: `Run the token refresh pattern as a real HTTP server, its token endpoint
shaped as OAuth 2.0's (RFC 6749). The exercise's dictionary becomes the
server's token store and current_time its clock:

  POST /login   {"username", "password"}       a token pair: access_token,
                                               refresh_token, token_type Bearer,
                                               expires_in
  GET  /me      Authorization: Bearer ACCESS   {"user"}; 401 with
                                               WWW-Authenticate when the token
                                               is missing, unknown, expired or
                                               revoked (RFC 6750)
  POST /token   grant_type=refresh_token&refresh_token=REFRESH
                                               a new pair; the refresh token is
                                               rotated, and one used twice
                                               revokes its whole login; 400
                                               invalid_grant when unknown,
                                               expired or revoked (RFC 6749)
  POST /revoke  token=TOKEN                    200; the token's login revoked
                                               (RFC 7009)
  POST /clock   {"advance": S} or {"now": T}   move the clock

The users are alice, bob and carol; each password is the name followed by
-demo. /login stands in for a real sign-in: OAuth 2.0 apps do not send a
password to get tokens (RFC 9700, section 2.4, rules that grant out), but
sign the user in on the authorization server's own page. The clock starts
at --current-time (120) and moves only by POST /clock, so expiry is seen
without waiting; --clock real uses the wall clock and turns /clock off.
An access token lives --access-ttl seconds (100, as in the exercise) and is
still valid when its expiry equals the time. Tokens are random, stored
hashed, and never logged. Each request is told on stderr in the lesson's
terms, every value from the request shown escaped (--format json: JSON
lines).

It listens on 127.0.0.1:8080; another --addr must be a loopback address
unless --public is given. It answers only its own clients: a browser's
request from another site (its Origin) is refused with 403, and so is one
naming a host other than this machine, unless --public. /login and /clock
take JSON only as Content-Type: application/json, which no page can send
without a CORS preflight that serve never grants. Ctrl-C stops it.
Then try, in another terminal:

` + curlSession + `

When your own server does the same, check it with tokenlab check --api URL.`,
		Example: `  tokenlab serve
  tokenlab serve --addr 127.0.0.1:9000 --access-ttl 30
  tokenlab serve --clock real --format json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runServe(c.Context(), o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the address to listen on, host:port (port 0: any free port)")
	f.BoolVar(&o.public, "public", false, "allow an --addr that is not loopback, reachable from other machines")
	clock := newEnum(&o.clock, "manual", "manual", "real")
	f.Var(clock, "clock", "manual: starts at --current-time and moves by POST /clock; real: the wall clock")
	_ = c.RegisterFlagCompletionFunc("clock", clock.complete)
	f.Var(newNumber(&o.accessTTL, 100, 1, 1<<30), "access-ttl", "seconds an access token lives")
	f.Var(newNumber(&o.refreshTTL, 1000, 1, 1<<30), "refresh-ttl", "seconds a refresh token lives")
	addFormatFlag(c, &o.format, "of the log on stderr", formatText, formatJSON)
	addTimeFlag(c, g)
	return c
}

// loopbackOnly refuses an address other machines could reach, unless public.
func loopbackOnly(host string, public bool, flag string) error {
	if public {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	if host == "" {
		host = "every interface"
	}
	return usageErrorf("%s is not a loopback address (%s); use 127.0.0.1 or localhost, or add --public to be reachable from other machines", flag, host)
}

func runServe(ctx context.Context, o *serveOptions) error {
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usageErrorf("invalid value %q for --addr: must be host:port, e.g. 127.0.0.1:8080", o.addr)
	}
	if err := loopbackOnly(host, o.public, "--addr "+o.addr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return usageErrorf("cannot listen on %s: the address is in use; stop what uses it or choose another --addr", o.addr)
		}
		return usageErrorf("cannot listen on %s: %v", o.addr, unwrapOpError(err))
	}

	clock := tokenapi.NewManualClock(o.g.currentTime)
	if o.clock == "real" {
		clock = tokenapi.NewRealClock()
	}
	log := newServeLog(o.g.ios, o.format, o.g.color)
	srv := tokenapi.New(tokenapi.Config{Clock: clock, AccessTTL: int64(o.accessTTL), RefreshTTL: int64(o.refreshTTL), Log: log.event, Public: o.public})
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, MaxHeaderBytes: 16 << 10}

	addr := ln.Addr().String()
	if _, err := io.WriteString(o.g.ios.Out, serveBanner(addr, o, clock.Now())); err != nil {
		return err
	}
	if o.ready != nil {
		o.ready(addr)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Ctrl-C: finish the requests under way, then stop.
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	fmt.Fprintln(o.g.ios.ErrOut, "tokenlab: server stopped")
	return nil
}

func unwrapOpError(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}

// serveBanner is what serve prints once it listens.
func serveBanner(addr string, o *serveOptions, now int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "tokenlab serve: listening on http://%s\n", addr)
	if o.clock == "real" {
		b.WriteString("Clock: the wall clock, in Unix seconds; POST /clock is off.\n")
	} else {
		fmt.Fprintf(&b, "Clock: %d, moved only by POST /clock {\"advance\": S} or {\"now\": T}.\n", now)
	}
	fmt.Fprintf(&b, "Access tokens live %ds, refresh tokens %ds.\n", o.accessTTL, o.refreshTTL)
	b.WriteString("Users:")
	for _, u := range tokenapi.Users {
		fmt.Fprintf(&b, " %s (password %s)", u, tokenapi.Password(u))
	}
	b.WriteString("\nCtrl-C stops it; tokenlab serve --help has a curl session to follow.\n")
	return b.String()
}

// serveLog tells each request on stderr: a line of text, coloured on a
// terminal, or a JSON line.
type serveLog struct {
	mu     sync.Mutex
	w      io.Writer
	json   bool
	th     report.Theme
	styled bool
}

func newServeLog(ios *IOStreams, format, color string) *serveLog {
	styled := color == colorAlways || color == colorAuto && ios.ErrTTY && ios.Getenv("NO_COLOR") == "" && ios.Getenv("TERM") != "dumb"
	l := &serveLog{w: ios.ErrOut, json: format == formatJSON, styled: styled}
	if styled {
		l.th = report.NewTheme()
	}
	return l
}

func (l *serveLog) event(e tokenapi.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.json {
		data, _ := json.Marshal(e)
		fmt.Fprintf(l.w, "%s\n", data)
		return
	}
	status := fmt.Sprint(e.Status)
	switch {
	case e.Status < 300:
		status = l.th.Good.Render(status)
	case e.Status < 500:
		status = l.th.Bad.Render(status)
	}
	// Every value from a request is shown escaped, so a request (from any
	// web page the learner opens) can neither reach the terminal with a
	// control sequence nor start a line of its own.
	fmt.Fprintf(l.w, "%s %s %s: %s: %s\n", l.th.Muted.Render(fmt.Sprintf("[%d]", e.Time)),
		report.Visible(e.Method), report.Visible(e.Path), report.Visible(e.Text), status)
}
