//go:build linux

package sandbox_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/internal/sandbox/sandboxtest"
)

// As root, nothing inside the sandbox is host root: a file only root may
// read, in a directory bound into the sandbox (an interpreter's prefix, a
// venv made with --copies), stays unreadable, in either mode.
func TestRootOnlyFilesStayUnreadable(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("as a normal user the runs are that user (or 65534 mapped to it): the case is root's; CI runs it as root")
	}
	t.Parallel()
	prefix := t.TempDir()
	if err := os.Chmod(prefix, 0o755); err != nil {
		t.Fatal(err)
	}
	const secret = "only-root-may-read-this"
	if err := os.WriteFile(filepath.Join(prefix, "secret"), []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		o, err := r.Run(context.Background(), sandbox.Spec{
			Argv:     []string{"/bin/sh", "-c", "id -u; cat " + filepath.Join(prefix, "secret")},
			Programs: testPrograms,
			Binds:    []string{prefix},
			Limits:   sandbox.DefaultLimits(),
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(o.Stdout), secret) {
			t.Errorf("a file only root may read was read: %q", o.Stdout)
		}
		if uid := strings.SplitN(string(o.Stdout), "\n", 2)[0]; uid == "0" {
			t.Errorf("the program ran as uid 0")
		}
	})
}

// Where no cgroup can be written, the process limit still holds for the
// whole run: RLIMIT_NPROC counts the processes of the run's own user.
func TestProcessesAreLimitedWithoutACgroup(t *testing.T) {
	t.Parallel()
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		sandbox.WithoutCgroups(r)
		l := sandbox.DefaultLimits()
		eff := r.Effective(l)
		if eff.Processes == 0 {
			if os.Geteuid() == 0 || r.Containment() == sandbox.Bubblewrap {
				t.Fatalf("processes are not limited, as root or in bubblewrap: %+v", eff)
			}
			t.Skip("without bubblewrap and not as root, processes are not limited (the report says so)")
		}
		if strings.Contains(eff.Scope, "cgroup") {
			t.Fatalf("the scope claims a cgroup: %q", eff.Scope)
		}
		assertForksLimited(t, r, l, "86.426")
	})
}

// The containing role never kills every process it may signal unless it
// is a user of the run's own. Run in a PID namespace of its own, so that
// a regression kills nothing but itself.
func TestReapWithoutAUserOfItsOwnIsRefused(t *testing.T) {
	bwrap := sandboxtest.Bwrap(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range []string{`{"reap":true}`, `{"reap":true,"uid":1000}`} {
		cmd := exec.Command(bwrap, "--unshare-pid", "--unshare-user", "--die-with-parent", "--dev-bind", "/", "/",
			"--setenv", sandbox.ContainEnv, spec, "--", self)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 126 || !strings.Contains(string(out), "refusing to reap without a user of the run's own") {
			t.Errorf("reap %s: %v %s", spec, err, out)
		}
	}
}

// In a container that refuses user namespaces (Docker's default seccomp
// profile), bubblewrap is installed but cannot start: --sandbox auto says
// why and falls back to process limits, and --sandbox bwrap refuses. The
// environment is made for real, by a bubblewrap with --disable-userns
// around this test binary, as a normal user.
func TestWithoutUserNamespaces(t *testing.T) {
	if sandboxtest.InsideNoUserns() {
		insideNoUserns(t)
		return
	}
	sandboxtest.RunWithoutUserns(t)
}

func insideNoUserns(t *testing.T) {
	r, err := sandbox.New(sandbox.Auto)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Containment() != sandbox.ProcessLimits {
		t.Fatalf("containment %q, want process limits", r.Containment())
	}
	why := r.Unavailable()
	if !strings.HasPrefix(why, "bubblewrap cannot run here (bwrap: ") || !strings.Contains(why, "refuses the namespaces it needs") {
		t.Errorf("the reason is not bubblewrap's own: %q", why)
	}
	o := sandboxRun(t, r, sandbox.DefaultLimits(), "/bin/sh", "-c", "echo contained")
	if string(o.Stdout) != "contained\n" {
		t.Errorf("a run under the fallback: %+v", o)
	}
	_, err = sandbox.New(sandbox.Bwrap)
	var unavailable *sandbox.UnavailableError
	if !errors.As(err, &unavailable) || !strings.HasPrefix(err.Error(), "--sandbox bwrap: bubblewrap cannot run here (bwrap: ") {
		t.Errorf("--sandbox bwrap: %v", err)
	}
}

// Root in a rootless container (a user namespace mapping only a few ids,
// and no further namespaces) cannot give each run a user of its own: runs
// are contained by process limits as that root, every run still works, and
// the limits claim no process limit that nothing enforces.
func TestRootInARootlessContainer(t *testing.T) {
	if !sandboxtest.InsideNoUserns() {
		sandboxtest.RunWithoutUsernsAs(t, 0)
		return
	}
	r, err := sandbox.New(sandbox.Auto)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Containment() != sandbox.ProcessLimits || r.Unavailable() == "" {
		t.Errorf("containment %q, unavailable %q", r.Containment(), r.Unavailable())
	}
	// A cgroup may still be writable (as when this test runs as host root);
	// then it holds, and nothing else claims to.
	switch l := r.Effective(sandbox.DefaultLimits()); {
	case strings.Contains(l.Scope, "cgroup"):
		assertForksLimited(t, r, sandbox.DefaultLimits(), "86.427")
	case l.Processes != 0:
		t.Errorf("the limits claim %d processes, which nothing enforces here: %+v", l.Processes, l)
	}
	o := sandboxRun(t, r, sandbox.DefaultLimits(), "/bin/sh", "-c", "echo contained")
	if string(o.Stdout) != "contained\n" {
		t.Errorf("a run as root in a rootless container: %+v, stderr %s", o, o.Stderr)
	}
}
