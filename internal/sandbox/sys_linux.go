package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// dieWithParent has the kernel kill the program if tokenlab dies first.
func dieWithParent(sp *syscall.SysProcAttr) { sp.Pdeathsig = syscall.SIGKILL }

// keepDyingWithParent asks again after a change of user, which clears it.
func keepDyingWithParent() { _ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0, 0, 0) }

// noNewPrivileges makes exec never grant privileges again.
func noNewPrivileges() error { return unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) }

// findBwrap finds bubblewrap on PATH.
func findBwrap() (string, bool) {
	path, err := exec.LookPath("bwrap")
	return path, err == nil
}

// freshUIDsMapped reports whether every user and group id freshUID may
// give exists in this user namespace: in the initial one all do; root in a
// rootless container has a few thousand at most, and could not become one.
func freshUIDsMapped() bool {
	for _, file := range []string{"/proc/self/uid_map", "/proc/self/gid_map"} {
		data, err := os.ReadFile(file)
		if err != nil {
			return false
		}
		covered := false
		for _, line := range strings.Split(string(data), "\n") {
			var inside, outside, count uint64
			if n, _ := fmt.Sscan(line, &inside, &outside, &count); n == 3 &&
				inside <= minFreshUID && inside+count >= minFreshUID+freshUIDSpan {
				covered = true
			}
		}
		if !covered {
			return false
		}
	}
	return true
}

// worldWritable are the places every user may write on a usual system,
// which a run without bubblewrap gets its own of.
var worldWritable = []string{"/tmp", "/var/tmp", "/dev/shm", "/run/lock"}

// isolate moves this thread into new mount, network and IPC namespaces and
// mounts a private tmpfs of size bytes on each world-writable place, so
// that what the run writes there is gone with it and charged to nothing
// after. The working directory, when under /tmp, is bound back at its own
// path, and so are the directories of show under any of the places,
// read-only (an interpreter in /tmp or /var/tmp still runs); hide, a file,
// is covered by an empty one.
func isolate(size int64, hide string, show []string) error {
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	if err := unix.Unshare(unix.CLONE_NEWNS | unix.CLONE_NEWNET | unix.CLONE_NEWIPC); err != nil {
		return fmt.Errorf("new namespaces: %v", err)
	}
	if err := unix.Mount("none", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("private mounts: %v", err)
	}
	// Opened in the new namespace (a mount of another cannot be bound),
	// and held across the mounts that cover their paths.
	var shown []*os.File
	for _, d := range show {
		// Only what is inside a place: the place itself shown would be
		// the host's, not the run's own.
		if !slices.ContainsFunc(worldWritable, func(place string) bool { return d != place && under(d, place) }) {
			continue
		}
		f, err := os.OpenFile(d, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW, 0)
		if err != nil {
			continue // not there: the run will say the program is missing
		}
		defer f.Close()
		shown = append(shown, f)
	}
	opts := fmt.Sprintf("size=%d,mode=1777", max(size, 1<<20))
	for _, place := range worldWritable {
		if st, err := os.Stat(place); err != nil || !st.IsDir() {
			continue
		}
		if err := unix.Mount("tmpfs", place, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, opts); err != nil {
			return fmt.Errorf("a private %s: %v", place, err)
		}
	}
	if under(dir, "/tmp") {
		// "." is still the directory the new /tmp covers. The directories
		// on the way are open to all, as they were, so that the run's user
		// reaches its HOME and TMPDIR by their paths.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := unix.Mount(".", dir, "", unix.MS_BIND, ""); err != nil {
			return fmt.Errorf("the run's directory: %v", err)
		}
		if err := os.Chdir(dir); err != nil {
			return err
		}
	}
	for _, f := range shown {
		if err := os.MkdirAll(f.Name(), 0o755); err != nil {
			return err
		}
		from := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
		if err := unix.Mount(from, f.Name(), "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return fmt.Errorf("showing %s: %v", f.Name(), err)
		}
		if err := unix.Mount("", f.Name(), "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
			return fmt.Errorf("showing %s read-only: %v", f.Name(), err)
		}
	}
	if st, err := os.Stat(hide); hide != "" && err == nil && st.Mode().IsRegular() {
		if err := unix.Mount("/dev/null", hide, "", unix.MS_BIND, ""); err != nil {
			return fmt.Errorf("hiding tokenlab: %v", err)
		}
	}
	return nil
}

// removeOwnedBy removes what uid, a run's own user, left in the
// world-writable places: the entries it owns, and inside the sticky
// directories others made there (/tmp/.X11-unix), theirs.
func removeOwnedBy(uid int) {
	var sweep func(dir string, depth int)
	sweep = func(dir string, depth int) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			path := dir + "/" + e.Name()
			info, err := e.Info()
			if err != nil {
				continue
			}
			st, ok := info.Sys().(*syscall.Stat_t)
			switch {
			case !ok:
			case int(st.Uid) == uid:
				_ = os.RemoveAll(path)
			case depth < 3 && info.IsDir() && info.Mode()&os.ModeSticky != 0 && info.Mode().Perm()&0o002 != 0:
				sweep(path, depth+1)
			}
		}
	}
	for _, place := range worldWritable {
		sweep(place, 0)
	}
}
