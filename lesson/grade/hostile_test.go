//go:build unix

package grade

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/internal/sandbox/sandboxtest"
)

const hostileDir = "../../testdata/hostile/"

// notPass is "# want: not pass": any verdict but a pass, for an attack
// whose outcome is a race it can only lose.
const notPass = "not pass"

// hostileCase is one file of the corpus and what it must come to.
type hostileCase struct {
	file, status, message string
	escapesWithoutBwrap   bool
	// escapesAsUser: without bubblewrap, as a normal user, the solution
	// is that user: it can do what the user can, and start as many
	// processes as the user may (see the README).
	escapesAsUser bool
}

func hostileCases(t *testing.T) []hostileCase {
	t.Helper()
	paths, err := filepath.Glob(hostileDir + "*.py")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no hostile corpus in %s: %v", hostileDir, err)
	}
	var cases []hostileCase
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := hostileCase{file: filepath.Base(p)}
		for _, line := range strings.Split(string(src), "\n") {
			if want, ok := strings.CutPrefix(line, "# want: "); ok {
				c.status, c.message, _ = strings.Cut(want, ": ")
			}
			if line == "# want: not pass" {
				c.status = notPass
			}
			if line == "# off: escapes" {
				c.escapesWithoutBwrap = true
			}
			if line == "# off as a user: escapes" {
				c.escapesAsUser = true
			}
		}
		if c.status == "" {
			t.Fatalf("%s has no '# want: STATUS: TEXT' line", p)
		}
		cases = append(cases, c)
	}
	return cases
}

// Every attack in testdata/hostile fails to forge a pass or leave a trace.
// Without bubblewrap, the attacks the process limits cannot stop are left
// out ("# off: escapes"; "# off as a user: escapes" when not root): the
// README says what that mode does not hold.
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test runs every hostile solution in every sandbox mode")
	}
	for _, mode := range sandboxtest.Modes(t) {
		t.Run(mode, func(t *testing.T) {
			testHostileCorpus(t, sandboxOptions(t, mode), mode == sandbox.Off)
		})
	}
}

func testHostileCorpus(t *testing.T, opts Options, off bool) {
	// What the attacks are after: a secret in tokenlab's environment and in
	// a private file, and a server on the loopback interface.
	const secret = "s3cr3t-0f-th3-1nstruct0r"
	t.Setenv("TOKENLAB_HOSTILE_SECRET", secret)
	private := t.TempDir()
	if err := os.Chmod(private, 0o700); err != nil {
		t.Fatal(err)
	}
	secretFile := filepath.Join(private, "secret.txt")
	if err := os.WriteFile(secretFile, []byte(secret+"-from-a-file"), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var received atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			received.Add(1)
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port

	// The class: the corpus with the blanks filled in, plus files that
	// are not regular files at all.
	class := t.TempDir()
	if err := os.Chmod(class, 0o755); err != nil {
		t.Fatal(err)
	}
	var cases []hostileCase
	for _, c := range hostileCases(t) {
		if off && (c.escapesWithoutBwrap || c.escapesAsUser && os.Geteuid() != 0) {
			continue
		}
		src, _ := os.ReadFile(hostileDir + c.file)
		text := strings.NewReplacer("{{PORT}}", itoa(port), "{{SECRET_FILE}}", secretFile).Replace(string(src))
		if err := os.WriteFile(filepath.Join(class, c.file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	if err := syscall.Mkfifo(filepath.Join(class, "fifo.py"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, hostileCase{file: "fifo.py", status: "error", message: "it is a named pipe (FIFO), not a regular file"})
	if err := os.Symlink("/dev/zero", filepath.Join(class, "zero.py")); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, hostileCase{file: "zero.py", status: "error", message: "it is a device, not a regular file"})
	if err := os.WriteFile(filepath.Join(class, "huge.py"), make([]byte, MaxSolutionBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, hostileCase{file: "huge.py", status: "error", message: "larger than 1024 KiB"})

	before := fingerprints(t, class)
	start := time.Now()
	var files []string
	for _, c := range cases {
		files = append(files, filepath.Join(class, c.file))
	}
	rep := Check(context.Background(), files, opts)
	t.Logf("%d hostile files checked in %v", len(files), time.Since(start).Round(time.Millisecond))

	for i, c := range cases {
		s := rep.Submissions[i]
		if c.status == notPass {
			if s.Status == Pass {
				t.Errorf("%s: passed", c.file)
			}
			continue
		}
		if string(s.Status) != c.status || !strings.Contains(s.Message, c.message) {
			t.Errorf("%s: %s %q, want %s containing %q", c.file, s.Status, s.Message, c.status, c.message)
		}
	}
	if rep.Summary.Total != len(cases) {
		t.Errorf("the report covers %d of %d files", rep.Summary.Total, len(cases))
	}
	sandboxtest.NothingLeftRunning(t, "97.601", "97.602", "97.603")

	// The other files in the class are as they were.
	after := fingerprints(t, class)
	for name, sum := range before {
		if after[name] != sum {
			t.Errorf("%s was changed by another solution", name)
		}
	}
	// Nothing was written outside the sandbox.
	home, _ := os.UserHomeDir()
	cwd, _ := os.Getwd()
	for _, pattern := range []string{"/tmp/tokenlab-hostile-*", "/var/tmp/tokenlab-hostile-*", "/dev/shm/tokenlab-hostile-*", "/tokenlab-hostile-*", "/dev/tokenlab-hostile-*",
		filepath.Join(home, "tokenlab-hostile-*"), filepath.Join(cwd, "tokenlab-hostile-*")} {
		if found, _ := filepath.Glob(pattern); len(found) > 0 {
			t.Errorf("written outside the sandbox: %v", found)
			for _, f := range found {
				os.Remove(f)
			}
		}
	}
	if n := received.Load(); n > 0 && !(off && os.Geteuid() != 0) {
		t.Errorf("the loopback listener got %d connections", n)
	}
	report, _ := json.Marshal(rep)
	if strings.Contains(string(report), secret) {
		t.Errorf("the planted secret is in the report")
	}
}

// fingerprints are the regular files in dir by name, with their content's hash.
func fingerprints(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string][32]byte{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sums[e.Name()] = sha256.Sum256(data)
	}
	return sums
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// A file listed in a directory is read from that directory without
// following links: swapped for a link to a private file after the
// listing, it is reported, and nothing of the file it leads to is read;
// one with another hard link, which may be any file linked in, is not
// read either.
func TestListedFilesAreReadWithoutLinks(t *testing.T) {
	t.Parallel()
	const secret = "private-content-of-another-file"
	private := filepath.Join(t.TempDir(), "secret.py")
	if err := os.WriteFile(private, []byte("print('"+secret+"')\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	class := t.TempDir()
	swapped, linked := filepath.Join(class, "swapped.py"), filepath.Join(class, "linked.py")
	// Listed as a regular file, then swapped for a link.
	if err := os.Symlink(private, swapped); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(private, linked); err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t)
	opts.Listed = map[string]Listed{swapped: {Dir: class}, linked: {Dir: class}}
	rep := Check(context.Background(), []string{swapped, linked}, opts)
	want := []string{"it became a link after the directory was listed", "it has 2 hard links"}
	for i, s := range rep.Submissions {
		if s.Status != Error || !strings.Contains(s.Message, want[i]) {
			t.Errorf("%s: %s %q, want an error containing %q", s.Path, s.Status, s.Message, want[i])
		}
	}
	if report, _ := json.Marshal(rep); strings.Contains(string(report), secret) {
		t.Error("the linked file's content is in the report")
	}
}
