package cmd

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long a file must be quiet after a change before it is
// checked: an editor's save is often several writes, or a write and a
// rename, and one check of the result is enough.
const settle = 150 * time.Millisecond

// fileChanges sends on the returned channel once file has changed and then
// been quiet for settle. It watches the directory, not the file: an editor
// that saves by renaming a new file over the old replaces the inode a file
// watch would follow. Warnings go to errOut; the watch ends with ctx.
func fileChanges(ctx context.Context, file string, errOut io.Writer) (<-chan struct{}, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s: %v", file, err)
	}
	if err := w.Add(filepath.Dir(file)); err != nil {
		w.Close()
		return nil, fmt.Errorf("cannot watch %s: %v", filepath.Dir(file), err)
	}
	changes := make(chan struct{})
	go func() {
		defer w.Close()
		var settled <-chan time.Time // fires once the file has been quiet a while
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if sameFile(ev.Name, file) && !ev.Has(fsnotify.Chmod) {
					settled = time.After(settle)
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
