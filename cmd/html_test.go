package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/browsertest"
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
			[]string{"Score distribution", "Facility by question", "Question 4: option A drew more answers (4) than the answer, D (2).", "Option D (answer)",
				"Learners", "Ann Lee"}},
		{"check_class", []string{"check", class, "--timeout", classTimeout, "--format", "html"}, ExitFailed, 3,
			[]string{"Points", "100 (full marks)", "Pass rate by step", "Pass rate by check", "does not run to the end", "ann.py",
				"ann.py: pass, 100 points", "0 of 3.57"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.args[0] == "check" && testing.Short() {
				t.Skip("-short: the class is checked for the text and JSON reports; every format in the full suite")
			}
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

// loadInChromium loads page from its file in headless Chromium and returns
// the DOM it rendered and the URLs the page itself asked the network for
// (Chromium's own requests, such as update checks, are not the page's).
func loadInChromium(t *testing.T, page string) (dom string, requests []string) {
	t.Helper()
	bin := browsertest.Path(t)
	dir := t.TempDir()
	netlog := filepath.Join(dir, "netlog.json")
	flags := browsertest.Flags(filepath.Join(dir, "profile"))
	out, err := exec.Command(bin, append(flags, "--log-net-log="+netlog, "--dump-dom", "file://"+page)...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
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

// layout is what measure finds on a page as laid out.
type layout struct {
	Viewport  int      `json:"viewport"`
	PageWidth int      `json:"pageWidth"` // wider than Viewport: the page scrolls sideways
	Offscreen []string `json:"offscreen"` // content cut off at the right, not in a box of its own that scrolls
	Small     []string `json:"small"`     // text drawn smaller than 12 px
	Hidden    []string `json:"hidden"`    // tables and details that take no space (on paper: do not print)
	Tables    int      `json:"tables"`
}

// measure is a script that finds, on the page as laid out: where it is
// wider than its window, what is cut off at the right edge outside a box
// that scrolls, text smaller than 12 px (in a chart, as the chart is
// scaled), and tables or details that are not shown at all.
const measure = `(() => {
  const vw = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + ": " + (el.textContent || "").trim().slice(0, 40);
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) { const s = getComputedStyle(p); if (s.overflowX === "auto" || s.overflowX === "scroll") return p; } return null; };
  const out = {viewport: vw, pageWidth: document.documentElement.scrollWidth, offscreen: [], small: [], hidden: [], tables: 0};
  for (const el of document.querySelectorAll("main *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > vw + 0.5) {
      const box = scrolls(el);
      if (!box || box.getBoundingClientRect().right > vw + 0.5) out.offscreen.push(name(el));
    }
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!own) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) px *= el.getScreenCTM().a;
    if (px < 11.95) out.small.push(name(el) + " (" + px.toFixed(1) + " px)");
  }
  for (const el of document.querySelectorAll("main table, main details")) {
    if (el.tagName === "TABLE") out.tables++;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") out.hidden.push(name(el));
  }
  for (const el of document.querySelectorAll("main details > :not(summary)")) {
    if (el.getBoundingClientRect().height === 0) out.hidden.push("in " + name(el.parentElement));
  }
  return out;
})()`

// The reports on a desk, on a phone (390 px) and on paper: nothing runs
// off the right edge but inside a table's own scrolling box, no text is
// under 12 px, charts included, and on paper every table, the numbers
// behind the charts and each student's checks among them, is there.
// Screenshots at 1280 and 390 px are kept for a person to look at (CI
// keeps them as artefacts).
func TestHTMLReportsAtEveryWidthAndOnPaper(t *testing.T) {
	t.Parallel()
	browsertest.Path(t) // first: without Chromium (or under -short), nothing to check the pages in
	pages := []struct {
		name string
		args []string
		exit int
	}{
		{"quiz_grade", []string{"quiz", "grade", "../testdata/sheets/class.csv", "--format", "html"}, ExitOK},
		{"check_class", []string{"check", class, "--timeout", classTimeout, "--format", "html", "--sandbox", sandboxForGoldens(t)}, ExitFailed},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, p.args...)
			if r.code != p.exit || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			path := filepath.Join(t.TempDir(), p.name+".html")
			if err := os.WriteFile(path, []byte(r.stdout), 0o600); err != nil {
				t.Fatal(err)
			}
			b := browsertest.Start(t)
			for _, width := range []int{1280, 390} {
				b.Load(path, width, false)
				var l layout
				b.Eval(measure, &l)
				if l.PageWidth > l.Viewport {
					t.Errorf("at %d px the page is %d px wide", width, l.PageWidth)
				}
				if len(l.Offscreen) > 0 {
					t.Errorf("at %d px, cut off at the right edge: %s", width, browsertest.String(l.Offscreen))
				}
				if len(l.Small) > 0 {
					t.Errorf("at %d px, text under 12 px: %s", width, browsertest.String(l.Small))
				}
				b.Screenshot(fmt.Sprintf("%s-%d", p.name, width))
			}
			b.Load(path, 800, true)
			var l layout
			b.Eval(measure, &l)
			if l.Tables == 0 || len(l.Hidden) > 0 {
				t.Errorf("on paper, %d tables; left out: %s", l.Tables, browsertest.String(l.Hidden))
			}
		})
	}
}
