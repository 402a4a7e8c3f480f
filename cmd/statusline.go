package cmd

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// statusLine is progress on a long piece of work, one line on stderr
// redrawn in place and removed at the end. It shows only when stderr is a
// terminal, and only once the work has gone on a while, so quick runs,
// pipes, reports and goldens never see it.
type statusLine struct {
	w     io.Writer
	on    bool
	start time.Time
	mu    sync.Mutex
	next  time.Time // the earliest the line is drawn again
	shown bool
}

const (
	statusRedraw = 100 * time.Millisecond // between draws
	clearLine    = "\r\x1b[2K"
)

// newStatusLine draws on w, a terminal's stderr, when show is true, first
// after delay.
func newStatusLine(w io.Writer, show bool, delay time.Duration) *statusLine {
	now := time.Now()
	return &statusLine{w: w, on: show, start: now, next: now.Add(delay)}
}

// update draws text, followed by the time since the work began, when it is
// time to: it may be called as often as wanted.
func (s *statusLine) update(text func() string) {
	if !s.on {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if now.Before(s.next) {
		return
	}
	s.next = now.Add(statusRedraw)
	s.shown = true
	fmt.Fprintf(s.w, "%s%s · %s", clearLine, text(), elapsed(now.Sub(s.start)))
}

// tick redraws text every second until the returned stop is called, so
// the elapsed time moves while nothing else does.
func (s *statusLine) tick(text func() string) (stop func()) {
	if !s.on {
		return func() {}
	}
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				s.update(text)
			}
		}
	}()
	return func() { close(quit); <-finished }
}

// done removes the line, if it was drawn.
func (s *statusLine) done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown {
		io.WriteString(s.w, clearLine)
		s.shown = false
	}
	s.on = false
}

// elapsed is a duration as the line shows it: 4s, 2m05s.
func elapsed(d time.Duration) string {
	secs := int(d.Seconds())
	if secs < 60 {
		return fmt.Sprintf("%ds", secs)
	}
	return fmt.Sprintf("%dm%02ds", secs/60, secs%60)
}
