package sandbox_test

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tokenlab/tokenlab/internal/sandbox"
)

// syscallProbe is a Python program that makes raw system calls with
// ctypes and prints, for each, its errno (0 when it succeeded).
const syscallProbe = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def call(*args):
    ctypes.set_errno(0)
    r = libc.syscall(*[ctypes.c_long(a) if isinstance(a, int) else a for a in args])
    return 0 if r >= 0 else ctypes.get_errno()
nr = dict(a.split("=") for a in sys.argv[1:])
n = {k: int(v) for k, v in nr.items()}
out = []
# Read the planted key, by its id.
buf = ctypes.create_string_buffer(256)
out.append("read=%d" % call(n["keyctl"], 11, n["key"], buf, 256))  # KEYCTL_READ
# Leave a key behind in the session keyring (-3).
out.append("add=%d" % call(n["add_key"], b"user", b"tokenlab-left-behind", b"x", 1, -3))
out.append("request=%d" % call(n["request_key"], b"user", b"tokenlab-planted", None, 0))
out.append("userns=%d" % call(n["unshare"], 0x10000000))
out.append("clone3=%d" % call(n["clone3"], None, 0))
out.append("getpid=%d" % call(n["getpid"]))
pid = os.fork()
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
out.append("fork=ok")
print(" ".join(out))
`

// A run can neither read the keyrings it inherits (the instructor's) nor
// leave a key in them, nor make a user namespace; clone3 is refused so
// that the C library uses clone, which the filter can read; forks and
// ordinary calls work.
func TestSyscallFilter(t *testing.T) {
	t.Parallel()
	key, err := unix.AddKey("user", "tokenlab-planted", []byte("planted secret"), unix.KEY_SPEC_SESSION_KEYRING)
	if err != nil {
		t.Fatalf("cannot plant a key in this session keyring: %v", err)
	}
	t.Cleanup(func() { _, _ = unix.KeyctlInt(unix.KEYCTL_UNLINK, key, unix.KEY_SPEC_SESSION_KEYRING, 0, 0) })
	args := []string{"/usr/bin/python3", "-I", "-c", syscallProbe,
		fmt.Sprintf("key=%d", key),
		fmt.Sprintf("keyctl=%d", unix.SYS_KEYCTL), fmt.Sprintf("add_key=%d", unix.SYS_ADD_KEY),
		fmt.Sprintf("request_key=%d", unix.SYS_REQUEST_KEY), fmt.Sprintf("unshare=%d", unix.SYS_UNSHARE),
		fmt.Sprintf("clone3=%d", unix.SYS_CLONE3), fmt.Sprintf("getpid=%d", unix.SYS_GETPID)}
	want := fmt.Sprintf("read=%d add=%d request=%d userns=%d clone3=%d getpid=0 fork=ok\n",
		syscall.EPERM, syscall.EPERM, syscall.EPERM, syscall.EPERM, syscall.ENOSYS)
	eachSandbox(t, func(t *testing.T, r *sandbox.Runner) {
		o := sandboxRun(t, r, sandbox.DefaultLimits(), args...)
		if string(o.Stdout) != want {
			t.Errorf("got %q (stderr %q, timed out %v), want %q", o.Stdout, o.Stderr, o.TimedOut, want)
		}
		if strings.Contains(string(o.Stdout)+string(o.Stderr), "planted secret") {
			t.Error("the planted key was read")
		}
		if _, err := unix.KeyctlSearch(unix.KEY_SPEC_SESSION_KEYRING, "user", "tokenlab-left-behind", 0); !errors.Is(err, syscall.ENOKEY) {
			t.Errorf("a key the run added is in the session keyring (%v)", err)
		}
	})
}
