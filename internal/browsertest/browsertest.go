// Package browsertest drives headless Chromium for tests of the HTML
// reports: it loads a page at a given window width, for the screen or for
// print, measures it with a script, and takes screenshots. It speaks the
// DevTools protocol over the pipe Chromium offers (--remote-debugging-pipe):
// no port, no network, nothing but the browser.
package browsertest

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Path finds Chromium; without it the test fails where TOKENLAB_E2E=require
// (as in CI) and is skipped elsewhere. -short skips it too.
func Path(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: this test renders pages in Chromium")
	}
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

// Flags are what every headless run gets: no first-run screens, no
// background traffic, a profile of its own.
func Flags(profile string) []string {
	return []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--disable-background-networking", "--disable-component-update", "--user-data-dir=" + profile}
}

// A Browser is one headless Chromium with one page, driven over its pipe.
type Browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	send    *os.File
	recv    *bufio.Reader
	next    int
	session string
}

// Start starts Chromium with a blank page; it is ended when the test ends.
func Start(t *testing.T) *Browser {
	t.Helper()
	bin := Path(t)
	// Chromium reads commands on fd 3 and writes answers on fd 4.
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ansR, ansW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append(Flags(filepath.Join(t.TempDir(), "profile")), "--remote-debugging-pipe", "about:blank")...)
	cmd.ExtraFiles = []*os.File{cmdR, ansW}
	if err := cmd.Start(); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	cmdR.Close()
	ansW.Close()
	b := &Browser{t: t, cmd: cmd, send: cmdW, recv: bufio.NewReader(ansR)}
	t.Cleanup(func() {
		cmdW.Close() // Chromium ends when its pipe closes
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		ansR.Close()
	})
	var target struct {
		TargetID string `json:"targetId"`
	}
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	return b
}

// call sends one command and waits for its answer, skipping events.
func (b *Browser) call(session, method string, params any, result any) {
	b.t.Helper()
	b.next++
	msg := map[string]any{"id": b.next, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := b.send.Write(append(data, 0)); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	for {
		line, err := b.recv.ReadBytes(0)
		if err != nil {
			b.t.Fatalf("%s: no answer from Chromium: %v", method, err)
		}
		var answer struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(line[:len(line)-1], &answer); err != nil {
			b.t.Fatalf("%s: %v", method, err)
		}
		if answer.ID != b.next {
			continue // an event, or an answer to no one
		}
		if answer.Error != nil {
			b.t.Fatalf("%s: %s", method, answer.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(answer.Result, result); err != nil {
				b.t.Fatalf("%s: %v", method, err)
			}
		}
		return
	}
}

// Load shows the file at path in a window width pixels wide, for the
// screen or, with print, as it prints, and waits until it has loaded.
func (b *Browser) Load(path string, width int, print bool) {
	b.t.Helper()
	b.call(b.session, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}, nil)
	media := "screen"
	if print {
		media = "print"
	}
	b.call(b.session, "Emulation.setEmulatedMedia", map[string]any{"media": media}, nil)
	b.call(b.session, "Page.navigate", map[string]any{"url": "file://" + path}, nil)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var state string
		b.Eval("document.readyState", &state)
		if state == "complete" {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s did not finish loading (%s)", path, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Eval runs a script in the page and decodes what it returns into out.
func (b *Browser) Eval(expr string, out any) {
	b.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	b.call(b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r)
	if r.Exception != nil {
		b.t.Fatalf("script failed: %s %s", r.Exception.Text, r.Exception.Exception.Description)
	}
	if err := json.Unmarshal(r.Result.Value, out); err != nil {
		b.t.Fatalf("script result %s: %v", r.Result.Value, err)
	}
}

// Screenshot saves the whole page as a PNG in ScreenshotDir and returns
// where.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	var shot struct {
		Data string `json:"data"`
	}
	b.call(b.session, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil || len(png) == 0 {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(ScreenshotDir(b.t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
}

// ScreenshotDir is where screenshots are kept for a person to look at:
// $TOKENLAB_SCREENSHOTS, else tokenlab-screenshots in the system's
// temporary directory, which outlives the test (CI keeps it as an
// artefact).
func ScreenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("TOKENLAB_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "tokenlab-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// String is a helper for error messages: v as JSON.
func String(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
