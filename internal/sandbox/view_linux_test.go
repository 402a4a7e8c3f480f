package sandbox_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/internal/sandbox/sandboxtest"
)

// With bubblewrap, the directories of programs hold only the programs the
// run starts, and tokenlab's own program, wherever it is in view, is an
// empty file: the reference solutions it embeds are out of reach.
func TestProgramsAndTokenlabOutOfView(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("installs a stand-in for tokenlab under /usr/local/lib, which takes root (CI runs this as root)")
	}
	r := sandboxtest.Runner(t, sandbox.Bwrap)
	self := filepath.Join("/usr/local/lib", "tokenlab-view-test-"+filepath.Base(t.TempDir()))
	if err := os.WriteFile(self, []byte("REFERENCE SOLUTION"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(self) })
	sandbox.HideAsTokenlab(r, self)
	o, err := r.Run(context.Background(), sandbox.Spec{
		Argv:     []string{"/bin/sh", "-c", `ls /usr/bin /usr/local/bin; cat "$0"; echo "[end]"`, self},
		Programs: []string{"ls", "cat"},
		Limits:   sandbox.DefaultLimits(),
	})
	if err != nil {
		t.Fatal(err)
	}
	out := string(o.Stdout)
	if strings.Contains(out, "REFERENCE SOLUTION") || !strings.HasSuffix(out, "\n[end]\n") {
		t.Errorf("tokenlab's program was readable: %q (stderr %q)", out, o.Stderr)
	}
	listed := strings.Fields(strings.Split(out, "[end]")[0])
	for _, name := range listed {
		switch name {
		case "/usr/bin:", "/usr/local/bin:", "ls", "cat", "sh", "dash", "bash":
		default:
			t.Errorf("the sandbox sees the program %s", name)
		}
	}
}

// As root with bubblewrap, util-linux's setpriv enters the run's user (a
// quarter of the cost of tokenlab's own program, scripts/bench-check), from
// a directory the run, once it is that user, can neither list nor use.
func TestRootEntersTheRunsUserWithSetprivOutOfReach(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("a normal user's runs are entered by bubblewrap's own user namespace")
	}
	r := sandboxtest.Runner(t, sandbox.Bwrap)
	if _, err := os.Stat("/usr/bin/setpriv"); err == nil && r.Setpriv() == "" {
		t.Fatal("setpriv is installed, but tokenlab's own program enters the run's user")
	}
	o, err := r.Run(context.Background(), sandbox.Spec{
		Argv:     []string{"/bin/sh", "-c", `id -u; ls /.tokenlab; /.tokenlab/setpriv --reuid=0 true && echo ROOT AGAIN; echo "[end]"`},
		Programs: []string{"id", "ls"},
		Limits:   sandbox.DefaultLimits(),
	})
	if err != nil {
		t.Fatal(err)
	}
	out := string(o.Stdout)
	if strings.HasPrefix(out, "0\n") || strings.Contains(out, "ROOT AGAIN") || strings.Contains(out, "setpriv\n") || !strings.HasSuffix(out, "[end]\n") {
		t.Errorf("the run could reach what entered its user: %q (stderr %q)", out, o.Stderr)
	}
	if !strings.Contains(string(o.Stderr), "Permission denied") {
		t.Errorf("stderr %q: want /.tokenlab refused", o.Stderr)
	}
}

// With bubblewrap, the only writable place is the run's tmpfs, within its
// size: the root, /dev and /dev/shm are read-only.
func TestOnlyTheRunsTmpfsIsWritable(t *testing.T) {
	t.Parallel()
	r := sandboxtest.Runner(t, sandbox.Bwrap)
	l := sandbox.DefaultLimits()
	o, err := r.Run(context.Background(), sandbox.Spec{
		Argv: []string{"/usr/bin/python3", "-I", "-c", `
import os
for place in ("/", "/dev", "/dev/shm", "/usr", "/usr/bin", "/tmp"):
    try:
        with open(os.path.join(place, "tokenlab-written"), "wb") as f:
            f.write(b"x" * 4096)
        print(place, "writable")
    except OSError as e:
        print(place, "refused")
written = 0
try:
    with open("/tmp/big", "wb") as f:
        while written < 64 << 20:
            f.write(b"x" * (1 << 20))
            written += 1 << 20
except OSError:
    pass
print("tmp holds", written >> 20, "MiB")
`},
		Limits: l,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "/ refused\n/dev refused\n/dev/shm refused\n/usr refused\n/usr/bin refused\n/tmp writable\n"
	out := string(o.Stdout)
	if !strings.HasPrefix(out, want) {
		t.Errorf("got %q (stderr %q), want it to begin %q", out, o.Stderr, want)
	}
	if limit := l.DiskBytes >> 20; !strings.Contains(out, "tmp holds ") || strings.Contains(out, "tmp holds 64 MiB") {
		t.Errorf("the run's tmpfs took more than its %d MiB: %q", limit, out)
	}
}

// isolatedRunner runs without bubblewrap as root, where every run gets
// namespaces of its own; elsewhere the test is skipped.
func isolatedRunner(t *testing.T) *sandbox.Runner {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("runs are isolated without bubblewrap only as root (CI runs this as root)")
	}
	r := sandboxtest.Runner(t, sandbox.Off)
	if !r.Isolated() {
		t.Fatal("as root, runs without bubblewrap got no namespaces of their own")
	}
	return r
}

// Without bubblewrap, as root, a run has no network, and a /tmp and a
// /dev/shm of its own that are gone when it ends; tokenlab's program is an
// empty file to it; its working directory and files are there as before.
func TestRootRunsWithoutBubblewrapAreIsolated(t *testing.T) {
	t.Parallel()
	r := isolatedRunner(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var received atomic.Bool
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			received.Store(true)
			c.Close()
		}
	}()
	self := filepath.Join("/usr/local/lib", "tokenlab-isolate-test-"+filepath.Base(t.TempDir()))
	if err := os.WriteFile(self, []byte("REFERENCE SOLUTION"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(self) })
	sandbox.HideAsTokenlab(r, self)
	name := "tokenlab-isolated-" + filepath.Base(t.TempDir())
	o, err := r.Run(context.Background(), sandbox.Spec{
		Argv: []string{"/usr/bin/python3", "-I", "-c", `
import os, socket, sys
name, port, hidden = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for place in ("/tmp", "/dev/shm"):
    with open(os.path.join(place, name), "w") as f:
        f.write("left")
try:
    socket.create_connection(("127.0.0.1", port), timeout=1)
    print("connected")
except OSError:
    print("no network")
print("hidden:", repr(open(hidden).read()))
print("own file:", open("mine.txt").read(), os.path.isdir(os.environ["HOME"]))
`, name, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port), self},
		Files:  map[string][]byte{"mine.txt": []byte("here")},
		Limits: sandbox.DefaultLimits(),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "no network\nhidden: ''\nown file: here True\n"
	if string(o.Stdout) != want {
		t.Errorf("got %q (stderr %q), want %q", o.Stdout, o.Stderr, want)
	}
	if received.Load() {
		t.Error("the run reached a listener on the host's loopback")
	}
	for _, place := range []string{"/tmp", "/dev/shm"} {
		if _, err := os.Stat(filepath.Join(place, name)); err == nil {
			t.Errorf("what the run wrote in %s is still there", place)
			os.Remove(filepath.Join(place, name))
		}
	}
}

// An isolated run's /tmp and /var/tmp are its own, yet a program it needs
// there (an interpreter in a venv under /tmp) is still shown, read-only.
func TestIsolatedRunsStillSeeTheirProgramsUnderTmp(t *testing.T) {
	t.Parallel()
	r := isolatedRunner(t)
	for _, place := range []string{os.TempDir(), "/var/tmp"} {
		dir, err := os.MkdirTemp(place, "tokenlab-shown-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		prog := filepath.Join(dir, "prog")
		script := "#!/bin/sh\necho shown; touch \"$0.written\" 2>/dev/null && echo WRITTEN\n"
		if err := os.WriteFile(prog, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		o, err := r.Run(context.Background(), sandbox.Spec{Argv: []string{prog}, Binds: []string{dir}, Limits: sandbox.DefaultLimits()})
		if err != nil {
			t.Fatal(err)
		}
		if string(o.Stdout) != "shown\n" {
			t.Errorf("a program in %s: stdout %q, stderr %q, want it run and its directory read-only", place, o.Stdout, o.Stderr)
		}
	}
	// A place itself among the binds is not shown again: the run's /tmp
	// stays its own, writable, and holds nothing of the host's.
	marker, err := os.CreateTemp("/tmp", "tokenlab-host-only-")
	if err != nil {
		t.Fatal(err)
	}
	marker.Close()
	t.Cleanup(func() { os.Remove(marker.Name()) })
	o, err := r.Run(context.Background(), sandbox.Spec{
		Argv:  []string{"/bin/sh", "-c", `echo x > /tmp/written && echo wrote; test -e "$0" && echo SEEN; echo end`, marker.Name()},
		Binds: []string{"/tmp"}, Limits: sandbox.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	if string(o.Stdout) != "wrote\nend\n" {
		t.Errorf("with /tmp itself among the binds: %q (stderr %q), want the run's own /tmp, writable", o.Stdout, o.Stderr)
	}
}

// Memory a run leaves charged to its cgroup (a file in a shared tmpfs,
// where runs have no namespaces of their own) does not count against later
// runs: that cgroup is not used again.
func TestACgroupLeftChargedIsNotReused(t *testing.T) {
	t.Parallel()
	r := sandboxtest.Runner(t, sandbox.Off)
	if !r.Cgroups() {
		t.Skip("needs cgroups, which tokenlab makes as root on cgroup v1 (CI runs this as root)")
	}
	sandbox.WithoutIsolation(r)
	// In a directory open to all but not sticky, which tokenlab does not
	// sweep: memory held some way it cannot see.
	shared, err := os.MkdirTemp("/dev/shm", "tokenlab-shared-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(shared) })
	if err := os.Chmod(shared, 0o777); err != nil {
		t.Fatal(err)
	}
	held := filepath.Join(shared, "held")
	l := sandbox.DefaultLimits()
	l.MemoryBytes, l.FileBytes = 160<<20, 200<<20
	fill := `
import sys
with open(sys.argv[1], "wb") as f:
    try:
        for _ in range(150):
            f.write(b"x" * (1 << 20))
            f.flush()
    except OSError:
        pass
`
	if _, err := r.Run(context.Background(), sandbox.Spec{Argv: []string{"/usr/bin/python3", "-I", "-c", fill, held}, Limits: l}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(held); err != nil || st.Size() < 100<<20 {
		t.Fatalf("the run did not leave memory behind to test with: %v", err)
	}
	for i := range 3 {
		o, err := r.Run(context.Background(), sandbox.Spec{Argv: []string{"/usr/bin/python3", "-I", "-c", "x = bytearray(40 << 20); print(len(x) >> 20)"}, Limits: l})
		if err != nil || o.Signal != "" || string(o.Stdout) != "40\n" {
			t.Errorf("run %d after it: %q, signal %q (%v)", i+1, o.Stdout, o.Signal, err)
		}
	}
}

// As root where runs cannot have places of their own (a container without
// CAP_SYS_ADMIN), what a run's user left in the world-writable places is
// removed after it.
func TestWhatARunLeftInSharedPlacesIsRemoved(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("runs have users of their own only as root (CI runs this as root)")
	}
	r := sandboxtest.Runner(t, sandbox.Off)
	sandbox.WithoutIsolation(r)
	name := "tokenlab-left-" + filepath.Base(t.TempDir())
	var places []string
	for _, p := range []string{"/tmp", "/var/tmp", "/dev/shm"} {
		if _, err := os.Stat(p); err == nil {
			places = append(places, filepath.Join(p, name))
		}
	}
	t.Cleanup(func() {
		for _, p := range places {
			os.RemoveAll(p)
		}
	})
	o, err := r.Run(context.Background(), sandbox.Spec{Argv: append([]string{"/usr/bin/python3", "-I", "-c", `
import os, sys
for p in sys.argv[1:]:
    os.mkdir(p)
    with open(os.path.join(p, "inside"), "w") as f:
        f.write("left")
print("written")
`}, places...), Limits: sandbox.DefaultLimits()})
	if err != nil || string(o.Stdout) != "written\n" {
		t.Fatalf("the run: %q %q (%v)", o.Stdout, o.Stderr, err)
	}
	for _, p := range places {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
}
