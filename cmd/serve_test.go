package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/internal/tokenapi"
)

// startServe runs tokenlab serve in this process on a free loopback port
// and returns its address; the test's end stops it.
func startServe(t *testing.T, extra func(*serveOptions)) (addr string, log *syncBuffer) {
	t.Helper()
	ios, _, _, _ := testStreams(t)
	log = &syncBuffer{}
	ios.ErrOut = log
	o := &serveOptions{g: &globalOptions{ios: ios, currentTime: 120, color: colorNever}, addr: "127.0.0.1:0",
		clock: "manual", accessTTL: 100, refreshTTL: 1000, format: formatText}
	if extra != nil {
		extra(o)
	}
	ready := make(chan string, 1)
	o.ready = func(a string) { ready <- a }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, o) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve did not start: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start in 10s")
	}
	return addr, log
}

// The whole loop: tokenlab serve, and check --api against it, over real
// HTTP; every check passes.
func TestCheckAPIPassesAgainstServe(t *testing.T) {
	t.Parallel()
	addr, log := startServe(t, nil)
	url := "http://" + addr
	for _, format := range []string{"text", "junit"} {
		r := run(t, "check", "--api", url, "--format", format)
		if r.code != ExitOK || r.stderr != "" {
			t.Fatalf("check --api: exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
		}
		t.Run(format, func(t *testing.T) {
			golden.Assert(t, []byte(strings.ReplaceAll(r.stdout, addr, "127.0.0.1:PORT")))
		})
	}
	if !strings.Contains(log.String(), "POST /token: alice's refresh token was already used") {
		t.Errorf("serve's narration lacks the reuse:\n%s", log)
	}
}

// A server written in another language, broken in one way at a time: each
// fault fails exactly its check, with a message that names the rule.
func TestCheckAPIFindsEachFault(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("python3 runs the servers in testdata/servers")
	}
	faults := []struct {
		fault, check, message string
	}{
		{"", "", ""},
		{"status-401", "invalid-grant", "must be 400 with {\"error\": \"invalid_grant\"} (RFC 6749 5.2); 401 is for a client that fails to authenticate"},
		{"no-rotation", "rotation", "a refresh must rotate the refresh token"},
		{"no-reuse-detection", "reuse-detection", "reuse must revoke the whole family (RFC 9700 4.14.2)"},
		{"refresh-after-revoke", "revocation", "a revoked refresh token still gets new tokens"},
		{"expiry-off-by-one", "valid-at-expiry", "a token whose expiry equals the time is still valid"},
	}
	for _, f := range faults {
		t.Run("fault_"+f.fault, func(t *testing.T) {
			t.Parallel()
			url := startPythonServer(t, f.fault)
			r := run(t, "check", "--api", url, "--format", "json")
			var rep struct {
				Submissions []struct {
					Status string
					Tests  []struct{ ID, Status, Message string }
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Submissions) != 1 {
				t.Fatalf("exit %d, %v: %s %s", r.code, err, r.stdout, r.stderr)
			}
			var failing []string
			for _, test := range rep.Submissions[0].Tests {
				if test.Status == "fail" {
					failing = append(failing, test.ID)
					if !strings.Contains(test.Message, f.message) {
						t.Errorf("%s: message %q lacks %q", test.ID, test.Message, f.message)
					}
				}
			}
			want := []string{f.check}
			if f.check == "" {
				want = nil
			}
			if strings.Join(failing, ",") != strings.Join(want, ",") {
				t.Errorf("failing checks %v, want %v", failing, want)
			}
			if wantCode := map[bool]int{true: ExitOK, false: ExitFailed}[f.check == ""]; r.code != wantCode {
				t.Errorf("exit %d, want %d", r.code, wantCode)
			}
		})
	}
}

// startPythonServer runs testdata/servers/server.py with a fault and
// returns its URL.
func startPythonServer(t *testing.T, fault string) string {
	t.Helper()
	cmd := exec.Command("python3", "../testdata/servers/server.py", "--fault", fault)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	port, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("server.py printed no port: %v", err)
	}
	return "http://127.0.0.1:" + strings.TrimSpace(port)
}

func TestServeAndCheckAPIBadInput(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--addr", "0.0.0.0:8080"}, "tokenlab: --addr 0.0.0.0:8080 is not a loopback address (0.0.0.0); use 127.0.0.1 or localhost, or add --public to be reachable from other machines"},
		{[]string{"serve", "--addr", ":8080"}, "tokenlab: --addr :8080 is not a loopback address (every interface); use 127.0.0.1 or localhost, or add --public to be reachable from other machines"},
		{[]string{"serve", "--addr", "8080"}, `tokenlab: invalid value "8080" for --addr: must be host:port, e.g. 127.0.0.1:8080`},
		{[]string{"serve", "--addr", busy.Addr().String()}, "tokenlab: cannot listen on " + busy.Addr().String() + ": the address is in use; stop what uses it or choose another --addr"},
		{[]string{"serve", "--clock", "fast"}, `tokenlab: invalid value "fast" for --clock: must be manual or real`},
		{[]string{"check", "--api", "http://192.0.2.1:8080"}, "tokenlab: --api http://192.0.2.1:8080 is not a loopback address (192.0.2.1); use 127.0.0.1 or localhost, or add --public to be reachable from other machines"},
		{[]string{"check", "--api", "ftp://localhost/"}, `tokenlab: invalid value "ftp://localhost/" for --api: must be a server's URL, e.g. http://127.0.0.1:8080`},
		{[]string{"check", "--api", "http://localhost:8080", "solution.py"}, "tokenlab: check --api checks a server, not files; give the URL alone (for example: tokenlab check --api http://127.0.0.1:8080)"},
		{[]string{"check", "--api", "http://localhost:8080", "--api-timeout", "0s"}, `tokenlab: invalid value "0s" for --api-timeout: must be more than zero, e.g. 60s or 2m`},
	}
	for _, tt := range tests {
		assertUsageLine(t, run(t, tt.args...), tt.want)
	}
}

// A server that is not there is an error of check, exit 1, with the reason.
func TestCheckAPIUnreachable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	r := run(t, "check", "--api", "http://"+addr)
	if flat := strings.Join(strings.Fields(r.stdout), " "); r.code != ExitFailed || !strings.Contains(flat, "The server could not be checked: cannot reach http://"+addr+" (POST /login): connection refused; is the server running?") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
}

// A server that answers every request late, but each within --timeout, is
// stopped by --api-timeout, which the report names.
func TestCheckAPIBoundsTheWholeRun(t *testing.T) {
	t.Parallel()
	inner := tokenapi.New(tokenapi.Config{Clock: tokenapi.NewManualClock(120), AccessTTL: 100, RefreshTTL: 1000}).Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond)
		inner.ServeHTTP(w, r)
	}))
	defer ts.Close()
	r := run(t, "check", "--api", ts.URL, "--api-timeout", "500ms")
	flat := strings.Join(strings.Fields(r.stdout), " ")
	if r.code != ExitFailed || !strings.Contains(flat, "the whole check ran out of time (--api-timeout 500ms; raise it for a slow server)") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
}

// The README teaches serve with the same curl session as serve --help
// (testdata/script/serve.txtar runs it).
func TestREADMEHasTheCurlSession(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), curlSession) {
		t.Error("README.md lacks serve's curl session, as serve --help has it")
	}
}

// --format json logs a JSON line per request, with the lesson's words and
// no token.
func TestServeLogsJSONLines(t *testing.T) {
	t.Parallel()
	addr, log := startServe(t, func(o *serveOptions) { o.format = formatJSON })
	res, err := http.Post("http://"+addr+"/login", "application/json", strings.NewReader(`{"username":"carol","password":"carol-demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	var pair struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(res.Body).Decode(&pair)
	res.Body.Close()
	line, _, _ := strings.Cut(log.String(), "\n")
	var e struct {
		Time   int64
		Method string
		Path   string
		Status int
		User   string
		Text   string
	}
	if err := json.Unmarshal([]byte(line), &e); err != nil || e.Status != 200 || e.User != "carol" || e.Time != 120 ||
		!strings.Contains(e.Text, "carol logged in at 120") {
		t.Errorf("log line %q (%v)", line, err)
	}
	if pair.AccessToken == "" || strings.Contains(log.String(), pair.AccessToken) {
		t.Errorf("the log holds the token, or there was none: %q", log.String())
	}
}

// On a terminal the narration is coloured; piped, it is plain.
func TestServeLogColour(t *testing.T) {
	for _, tty := range []bool{true, false} {
		ios, _, _, _ := testStreams(t)
		var out strings.Builder
		ios.ErrOut, ios.ErrTTY = &out, tty
		newServeLog(ios, formatText, colorAuto).event(tokenapi.Event{Time: 120, Method: "GET", Path: "/me", Status: 401, Text: "alice's access token expired at 100; now 120"})
		if coloured := strings.Contains(out.String(), "\x1b["); coloured != tty {
			t.Errorf("terminal %v: %q", tty, out.String())
		}
		if !strings.Contains(out.String(), "GET /me: alice's access token expired at 100; now 120: ") {
			t.Errorf("line %q", out.String())
		}
	}
}

// A request path with control characters (a terminal title sequence, a
// newline) is logged escaped, one event a line, in text and in JSON.
func TestServeLogEscapesRequests(t *testing.T) {
	t.Parallel()
	for _, format := range []string{formatText, formatJSON} {
		addr, log := startServe(t, func(o *serveOptions) { o.format = format })
		for _, path := range []string{"/%1b]0;PWNED%07", "/x%0a[999]%20GET%20/forged"} {
			res, err := http.Get("http://" + addr + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
		}
		got := log.String()
		if strings.ContainsAny(got, "\x1b\x07") || strings.Count(got, "\n") != 2 {
			t.Errorf("%s log: %q", format, got)
		}
		if format == formatText && (!strings.Contains(got, `GET /\x1b]0;PWNED\x07: `) || !strings.Contains(got, `GET /x\n[999] GET /forged: `)) {
			t.Errorf("text log does not show the paths escaped: %q", got)
		}
	}
}
