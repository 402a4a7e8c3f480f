package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long a file must be quiet after a change before it is
// checked: an editor's save is often several writes, or a write and a
// rename, and one check of the result is enough. Editors finish a save in
// a few milliseconds, and every millisecond here is one the learner waits
// for the verdict (scripts/bench-feedback); a save caught half-written is
// "not checked" and records nothing, and its last write checks it again.
const settle = 25 * time.Millisecond

// rewatchEvery is how often the watched directory is looked at: removed
// and made again, it is a new directory that the old watch does not see.
const rewatchEvery = 500 * time.Millisecond

// fileChanges sends on the returned channel once file has changed and then
// been quiet for quiet (settle when 0, as System gives it).
// It watches the directory, not the file: an editor that saves by renaming
// a new file over the old replaces the inode a file watch would follow. A
// directory removed and made again is watched again, and counts as a
// change. Warnings go to errOut; the watch ends with ctx.
func fileChanges(ctx context.Context, file string, quiet time.Duration, errOut io.Writer) (<-chan struct{}, error) {
	if quiet <= 0 {
		quiet = settle
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s: %v", file, err)
	}
	dir := filepath.Dir(file)
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("cannot watch %s: %v", dir, err)
	}
	watched, _ := os.Stat(dir)
	changes := make(chan struct{})
	go func() {
		defer w.Close()
		rewatch := time.NewTicker(rewatchEvery)
		defer rewatch.Stop()
		var settled <-chan time.Time // fires once the file has been quiet a while
		for {
			select {
			case <-ctx.Done():
				return
			case <-rewatch.C:
				st, err := os.Stat(dir)
				if err != nil || watched != nil && os.SameFile(st, watched) {
					continue // gone for now, or still the one watched
				}
				// (A directory made again may reuse the old one's inode
				// number; the event that it went, below, covers that.)
				_ = w.Remove(dir) // the old watch, if the system has not dropped it
				if err := w.Add(dir); err == nil {
					watched = st
					settled = time.After(quiet)
				}
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if sameFile(ev.Name, file) && !ev.Has(fsnotify.Chmod) {
					settled = time.After(quiet)
				}
				if filepath.Clean(ev.Name) == filepath.Clean(dir) && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
					watched = nil // the directory went: watch the next one
				}
			case err, ok := <-w.Errors:
				if ok {
					fmt.Fprintf(errOut, "tokenlab: warning: watching %s: %v\n", file, err)
				}
			case <-settled:
				settled = nil
				select {
				case changes <- struct{}{}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return changes, nil
}

// sameFile reports whether an event's path names the watched file.
func sameFile(event, file string) bool {
	return filepath.Base(event) == filepath.Base(file) && filepath.Clean(filepath.Dir(event)) == filepath.Clean(filepath.Dir(file))
}
