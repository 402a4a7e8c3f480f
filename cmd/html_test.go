package cmd

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/golden"
)

// The HTML reports, pinned by goldens and loaded from a file in a real
// browser: headless Chromium renders the charts, nothing reaches the
// network, and a screenshot is left for a person to look at.
func TestHTMLReports(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		exit   int
		charts int // SVG charts the page must render
		texts  []string
	}{
		{"quiz_grade", []string{"quiz", "grade", "../testdata/sheets/class.csv", "--format", "html"}, ExitOK, 7,
			[]string{"Score distribution", "Facility by question", "Question 4: option A drew more answers (4) than the answer, D (2).", "Option D (answer)"}},
		{"check_class", []string{"check", class, "--timeout", "3s", "--format", "html"}, ExitFailed, 2,
			[]string{"Pass rate by step", "Pass rate by check", "does not run to the end", "ann.py"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := tt.args
			if tt.args[0] == "check" {
				args = append(args, "--sandbox", sandboxForGoldens(t))
			}
			r := run(t, args...)
			if r.code != tt.exit || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			golden.Assert(t, []byte(r.stdout))

			page := filepath.Join(t.TempDir(), tt.name+".html")
			if err := os.WriteFile(page, []byte(r.stdout), 0o600); err != nil {
				t.Fatal(err)
			}
			dom, requests := loadInChromium(t, page)
			if got := strings.Count(dom, `role="img"`); got != tt.charts {
				t.Errorf("%d charts with role=img rendered, want %d", got, tt.charts)
			}
			if got := strings.Count(dom, "<desc "); got != tt.charts {
				t.Errorf("%d charts with a text description, want %d", got, tt.charts)
			}
			for _, text := range tt.texts {
				if !strings.Contains(dom, text) {
					t.Errorf("the rendered page lacks %q", text)
				}
			}
			if len(requests) > 0 {
				t.Errorf("the page reached for the network: %v", requests)
			}
		})
	}
}

// The network check can fail: a page that loads an image from the
// network is caught.
func TestChromiumSeesAPageReachForTheNetwork(t *testing.T) {
	t.Parallel()
	page := filepath.Join(t.TempDir(), "reaches.html")
	if err := os.WriteFile(page, []byte(`<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"></body></html>`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, requests := loadInChromium(t, page); len(requests) != 1 || requests[0] != "http://127.0.0.1:9/x.png" {
		t.Errorf("requests seen: %v, want the page's one image", requests)
	}
}

// chromium finds headless Chromium; required where TOKENLAB_E2E=require.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("TOKENLAB_E2E") == "require" {
		t.Fatal("Chromium is needed to render the HTML reports: apt-get install chromium")
	}
	t.Skip("Chromium is not installed (apt-get install chromium): the HTML reports are only pinned by their goldens")
	return ""
}

// loadInChromium loads page from its file in headless Chromium and returns
// the DOM it rendered and the URLs the page itself asked the network for
// (Chromium's own requests, such as update checks, are not the page's). It
// also writes a screenshot for a person to look at, in
// $TOKENLAB_SCREENSHOTS, else tokenlab-screenshots in the system's
// temporary directory, which outlives the test, and says where.
func loadInChromium(t *testing.T, page string) (dom string, requests []string) {
	t.Helper()
	bin := chromium(t)
	dir := t.TempDir()
	netlog := filepath.Join(dir, "netlog.json")
	flags := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--disable-background-networking", "--disable-component-update", "--user-data-dir=" + filepath.Join(dir, "profile")}
	url := "file://" + page
	out, err := exec.Command(bin, append(flags, "--log-net-log="+netlog, "--dump-dom", url)...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	shots := os.Getenv("TOKENLAB_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(os.TempDir(), "tokenlab-screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(shots, strings.TrimSuffix(filepath.Base(page), ".html")+".png")
	if err := exec.Command(bin, append(flags, "--window-size=1000,2400", "--hide-scrollbars", "--screenshot="+shot, url)...).Run(); err != nil {
		t.Fatalf("chromium --screenshot: %v", err)
	}
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
	t.Logf("screenshot: %s", shot)
	return string(out), pageRequests(t, netlog)
}

// pageRequests reads a Chromium net log for the requests a page started:
// those with an initiator, which Chromium's own requests lack.
func pageRequests(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Constants struct {
			EventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int `json:"type"`
			Params struct {
				URL       string `json:"url"`
				Initiator string `json:"initiator"`
			} `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("the net log: %v", err)
	}
	start, ok := log.Constants.EventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("the net log has no URL_REQUEST_START_JOB events to look for")
	}
	var urls []string
	for _, e := range log.Events {
		if e.Type == start && e.Params.URL != "" && e.Params.Initiator != "not an origin" {
			urls = append(urls, e.Params.URL)
		}
	}
	return urls
}
