package progress

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLocate(t *testing.T) {
	home := "HOME"
	if runtime.GOOS == "windows" {
		home = "USERPROFILE"
	}
	root := filepath.FromSlash("/r")
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"TOKENLAB_HOME first", map[string]string{"TOKENLAB_HOME": root + "/t", "XDG_STATE_HOME": root + "/x", home: root + "/h"}, "/r/t/progress.json"},
		{"then XDG_STATE_HOME", map[string]string{"XDG_STATE_HOME": root + "/x", home: root + "/h"}, "/r/x/tokenlab/progress.json"},
		{"a relative XDG_STATE_HOME is ignored, as the spec says", map[string]string{"XDG_STATE_HOME": "x", home: root + "/h"}, "/r/h/.local/state/tokenlab/progress.json"},
		{"then home", map[string]string{home: root + "/h"}, "/r/h/.local/state/tokenlab/progress.json"},
		{"a relative TOKENLAB_HOME is ignored the same way", map[string]string{"TOKENLAB_HOME": "t", "XDG_STATE_HOME": root + "/x", home: root + "/h"}, "/r/x/tokenlab/progress.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Locate(env(tt.vars))
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.FromSlash(tt.want); got != want {
				t.Errorf("Locate = %s, want %s", got, want)
			}
		})
	}
	if _, err := Locate(env(nil)); err == nil {
		t.Error("Locate with no environment found a place")
	}
}

func TestLoadMissingFileIsFreshProgressAndCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	s := NewStore(filepath.Join(dir, FileName))
	p, err := s.Load(5)
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != Version || len(p.StepsDone) != 0 || p.Quiz.Total != 5 || p.Quiz.Attempts != 0 {
		t.Errorf("Load = %+v, want fresh progress of a 5-question quiz", p)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load created %s", dir)
	}
}

func TestUpdateCreatesTheDirectoryAndWritesWhole(t *testing.T) {
	s := NewStore(filepath.Join(t.TempDir(), "a", "b", FileName))
	if err := s.Update(5, func(p *Progress) bool { return p.SetSteps(2) }); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	want := New(5)
	want.SetSteps(2)
	if !bytes.Equal(data, want.Encode()) {
		t.Errorf("file =\n%s\nwant\n%s", data, want.Encode())
	}
	assertNoTempFiles(t, filepath.Dir(s.Path()))
}

func TestUpdateWithNoChangeWritesNothing(t *testing.T) {
	s := NewStore(filepath.Join(t.TempDir(), FileName))
	if err := s.Update(5, func(p *Progress) bool { return false }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Error("an update that changed nothing wrote the file")
	}
}

// Replacing is atomic: the new file takes the old one's place by rename,
// so a reader holding the old file still reads it whole, and no temporary
// file is left behind.
func TestUpdateReplacesByRename(t *testing.T) {
	s := NewStore(filepath.Join(t.TempDir(), FileName))
	if err := s.Update(5, func(p *Progress) bool { return p.SetSteps(1) }); err != nil {
		t.Fatal(err)
	}
	old, err := os.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	before, _ := os.Stat(s.Path())
	if err := s.Update(5, func(p *Progress) bool { return p.SetSteps(2) }); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(s.Path())
	if os.SameFile(before, after) {
		t.Error("the file was rewritten in place, not replaced by a new file")
	}
	oldData := new(bytes.Buffer)
	if _, err := oldData.ReadFrom(old); err != nil {
		t.Fatal(err)
	}
	if p, err := Decode(oldData.Bytes()); err != nil || len(p.StepsDone) != 1 {
		t.Errorf("the old file, read after the update: %+v, %v; want it whole with step 1 only", p, err)
	}
	assertNoTempFiles(t, filepath.Dir(s.Path()))
}

// A file tokenlab cannot use is never replaced: Update and Reset's
// neighbours see a *FileError and the bytes stay as they were.
func TestUpdateLeavesACorruptFileByteForByte(t *testing.T) {
	for name, data := range map[string]string{
		"truncated":  `{"version": 1, "steps_done": [1,`,
		"newer":      `{"version": 9, "badges": ["first"]}`,
		"not json":   "steps: 1 2\n",
		"empty file": "",
	} {
		t.Run(name, func(t *testing.T) {
			s := NewStore(filepath.Join(t.TempDir(), FileName))
			if err := os.WriteFile(s.Path(), []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
			called := false
			err := s.Update(5, func(p *Progress) bool { called = true; return p.SetSteps(1) })
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != s.Path() {
				t.Fatalf("Update error = %v, want a *FileError naming %s", err, s.Path())
			}
			if called {
				t.Error("Update applied the change to progress it could not read")
			}
			if got, _ := os.ReadFile(s.Path()); string(got) != data {
				t.Errorf("file is now %q, want it untouched: %q", got, data)
			}
			if _, err := s.Load(5); !errors.As(err, &fe) {
				t.Errorf("Load error = %v, want a *FileError", err)
			}
			assertNoTempFiles(t, filepath.Dir(s.Path()))
		})
	}
}

func TestUnreadableFileIsAFileError(t *testing.T) {
	t.Run("a directory in its place", func(t *testing.T) {
		s := NewStore(filepath.Join(t.TempDir(), FileName))
		if err := os.Mkdir(s.Path(), 0o700); err != nil {
			t.Fatal(err)
		}
		assertFileError(t, s)
	})
	t.Run("no read permission", func(t *testing.T) {
		if runtime.GOOS == "windows" || os.Geteuid() == 0 {
			t.Skip("permission bits do not stop this user reading (root or Windows); the directory case covers unreadable files")
		}
		s := NewStore(filepath.Join(t.TempDir(), FileName))
		if err := os.WriteFile(s.Path(), New(5).Encode(), 0o000); err != nil {
			t.Fatal(err)
		}
		assertFileError(t, s)
		if info, _ := os.Stat(s.Path()); info.Mode().Perm() != 0 {
			t.Errorf("mode changed to %v", info.Mode())
		}
	})
}

func assertFileError(t *testing.T, s *Store) {
	t.Helper()
	var fe *FileError
	if _, err := s.Load(5); !errors.As(err, &fe) {
		t.Errorf("Load error = %v, want a *FileError", err)
	}
	if err := s.Update(5, func(p *Progress) bool { return p.SetSteps(1) }); !errors.As(err, &fe) {
		t.Errorf("Update error = %v, want a *FileError", err)
	}
}

func TestAProgressFileTooLargeIsAFileError(t *testing.T) {
	s := NewStore(filepath.Join(t.TempDir(), FileName))
	big := append([]byte(`{"version": 1, "steps_done": [`), bytes.Repeat([]byte(" "), MaxFileBytes)...)
	if err := os.WriteFile(s.Path(), append(big, "]}"...), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.Load(5)
	if want := "larger than 1 MiB, the most a progress file may be"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Load error = %v, want one containing %q", err, want)
	}
	assertFileError(t, s)
}

// The temporary files of writers killed before their rename are removed by
// the next update, and nothing else is.
func TestUpdateSweepsAbandonedTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	s := NewStore(filepath.Join(dir, FileName))
	stale := []string{".progress.json.123.tmp", ".progress.json.456789.tmp"}
	kept := []string{"progress.json.bak", ".other.json.1.tmp", "notes.txt"}
	for _, name := range append(stale, kept...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Update(5, func(p *Progress) bool { return p.SetSteps(1) }); err != nil {
		t.Fatal(err)
	}
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there (%v)", name, err)
		}
	}
	for _, name := range kept {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
}

func TestResetKeepsEveryOldFile(t *testing.T) {
	dir := t.TempDir()
	s := NewStore(filepath.Join(dir, FileName))
	if backup, err := s.Reset(); err != nil || backup != "" {
		t.Fatalf("Reset with no file = %q, %v; want nothing to do", backup, err)
	}

	contents := []string{"first, corrupt", `{"version": 1}`, "third"}
	var backups []string
	for _, c := range contents {
		if err := os.WriteFile(s.Path(), []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
		backup, err := s.Reset()
		if err != nil {
			t.Fatal(err)
		}
		backups = append(backups, backup)
		if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
			t.Error("Reset left the progress file in place")
		}
	}
	want := []string{FileName + ".bak", FileName + ".bak.2", FileName + ".bak.3"}
	for i, b := range backups {
		if filepath.Dir(b) != dir || filepath.Base(b) != want[i] {
			t.Errorf("backup %d = %s, want %s beside the progress file", i+1, b, want[i])
		}
		if got, _ := os.ReadFile(b); string(got) != contents[i] {
			t.Errorf("backup %s holds %q, want %q", b, got, contents[i])
		}
	}
	if p, err := s.Load(5); err != nil || p.Quiz.Attempts != 0 || len(p.StepsDone) != 0 {
		t.Errorf("after reset: %+v, %v; want fresh progress", p, err)
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".tmp" {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// helperEnv makes this test binary a helper process that adds attempts to
// the store named by its value (see TestMain).
const helperEnv = "TOKENLAB_PROGRESS_TEST_HELPER"

func TestMain(m *testing.M) {
	if path := os.Getenv(helperEnv); path != "" {
		n, _ := strconv.Atoi(os.Getenv(helperEnv + "_N"))
		s := NewStore(path)
		for i := 0; i < n; i++ {
			err := s.Update(5, func(p *Progress) bool {
				p.AddAttempt(Attempt{Score: 1, Asked: 1, Finished: true}, 5)
				return true
			})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The lock holds across processes: many processes updating at once lose
// none of each other's updates.
func TestUpdateLockAcrossProcesses(t *testing.T) {
	const procs, each = 16, 20
	path := filepath.Join(t.TempDir(), "state", FileName)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, procs)
	for range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := exec.Command(exe, "-test.run=^$")
			c.Env = append(os.Environ(), helperEnv+"="+path, helperEnv+"_N="+strconv.Itoa(each))
			if out, err := c.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("helper: %v: %s", err, out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	p, err := NewStore(path).Load(5)
	if err != nil {
		t.Fatal(err)
	}
	if p.Quiz.Attempts != procs*each {
		t.Errorf("attempts = %d, want %d: concurrent updates were lost", p.Quiz.Attempts, procs*each)
	}
	assertNoTempFiles(t, filepath.Dir(path))
}
