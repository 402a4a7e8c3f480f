package sandbox

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// cgroup holds one run in a control group of its own (cgroup v1 memory
// and pids hierarchies), so memory and processes are limited for the whole
// run, not each process. It is nil where none can be made: not root, no
// v1 hierarchies (see the README for what then holds instead).
type cgroup struct {
	dirs []string // the run's directory in each hierarchy
	mem  string   // the one in the memory hierarchy
}

var cgroupSeq atomic.Int64

func newCgroup(l Limits) *cgroup {
	if os.Geteuid() != 0 {
		return nil
	}
	mem, pids := cgroupV1Dir("memory"), cgroupV1Dir("pids")
	if mem == "" || pids == "" {
		return nil
	}
	name := fmt.Sprintf("tokenlab-%d-%d", os.Getpid(), cgroupSeq.Add(1))
	c := &cgroup{}
	for _, parent := range []string{mem, pids} {
		d := filepath.Join(parent, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			c.remove()
			return nil
		}
		c.dirs = append(c.dirs, d)
	}
	c.mem = c.dirs[0]
	if !c.setLimits(l) {
		c.remove()
		return nil
	}
	return c
}

// setLimits sets the run's limits and starts its memory peak afresh.
func (c *cgroup) setLimits(l Limits) bool {
	set := func(dir, file string, v int64) bool {
		return os.WriteFile(filepath.Join(dir, file), []byte(strconv.FormatInt(v, 10)), 0) == nil
	}
	if !set(c.mem, "memory.limit_in_bytes", l.MemoryBytes) || !set(c.dirs[1], "pids.max", int64(l.Processes)) {
		return false
	}
	set(c.mem, "memory.memsw.limit_in_bytes", l.MemoryBytes) // no swapping past the limit, where swap is accounted
	set(c.mem, "memory.max_usage_in_bytes", 0)
	return true
}

// join puts processes in the run's cgroup.
func (c *cgroup) join(pids ...int) error {
	if c == nil {
		return nil
	}
	for _, d := range c.dirs {
		for _, pid := range pids {
			if err := os.WriteFile(filepath.Join(d, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// empty reports whether no process is left in the cgroup.
func (c *cgroup) empty() bool {
	for _, d := range c.dirs {
		data, err := os.ReadFile(filepath.Join(d, "cgroup.procs"))
		if err != nil || len(strings.TrimSpace(string(data))) > 0 {
			return false
		}
	}
	return true
}

// sweepCgroups removes the cgroups of tokenlab processes that are gone.
func sweepCgroups() {
	for _, controller := range []string{"memory", "pids"} {
		parent := cgroupV1Dir(controller)
		if parent == "" {
			continue
		}
		dirs, _ := filepath.Glob(filepath.Join(parent, "tokenlab-*-*"))
		for _, d := range dirs {
			var pid, n int
			if _, err := fmt.Sscanf(filepath.Base(d), "tokenlab-%d-%d", &pid, &n); err == nil && pid != os.Getpid() && !processAlive(pid) {
				_ = os.Remove(d)
			}
		}
	}
}

// cgroupV1Dir is this process's own directory in the v1 hierarchy with the
// controller, or "" when there is none or it cannot be written.
func cgroupV1Dir(controller string) string {
	own := ""
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) == 3 && parts[1] != "" && strings.Contains(","+parts[1]+",", ","+controller+",") {
			own = parts[2]
		}
	}
	mount := filepath.Join("/sys/fs/cgroup", controller)
	var st syscall.Statfs_t
	const cgroupSuperMagic = 0x27e0eb
	if own == "" || syscall.Statfs(mount, &st) != nil || st.Type != cgroupSuperMagic {
		return ""
	}
	dir := filepath.Join(mount, own)
	if syscall.Access(dir, 2 /* W_OK */) != nil {
		return ""
	}
	return dir
}

// procsFiles are the files a process writes itself into to join.
func (c *cgroup) procsFiles() []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, d := range c.dirs {
		out = append(out, filepath.Join(d, "cgroup.procs"))
	}
	return out
}

// killAll kills every process in the run's cgroup until none is left.
func (c *cgroup) killAll() {
	if c == nil {
		return
	}
	for range 500 {
		var pids []string
		for _, d := range c.dirs {
			data, _ := os.ReadFile(filepath.Join(d, "cgroup.procs"))
			pids = append(pids, strings.Fields(string(data))...)
		}
		if len(pids) == 0 {
			return
		}
		for _, p := range pids {
			if pid, err := strconv.Atoi(p); err == nil {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// peak is the most memory the run used at once, in bytes.
func (c *cgroup) peak() int64 {
	if c == nil {
		return 0
	}
	data, _ := os.ReadFile(filepath.Join(c.mem, "memory.max_usage_in_bytes"))
	n, _ := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	return n
}

// heldAfterRun is how much memory a cgroup may still be charged with, once
// its run is over and what can be reclaimed is, and be used again: more
// is memory the run left behind (a file in a shared tmpfs), which would
// count against every later run in it.
const heldAfterRun = 16 << 20

// reusable reports whether an empty cgroup gave its memory back, once
// what can be reclaimed (cached pages) is.
func (c *cgroup) reusable() bool {
	if c.usage() <= heldAfterRun {
		return true
	}
	_ = os.WriteFile(filepath.Join(c.mem, "memory.force_empty"), []byte("0"), 0)
	return c.usage() <= heldAfterRun
}

// usage is the memory the cgroup is charged with, or more than any limit
// when it cannot be read.
func (c *cgroup) usage() int64 {
	data, err := os.ReadFile(filepath.Join(c.mem, "memory.usage_in_bytes"))
	n, perr := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil || perr != nil {
		return 1 << 62
	}
	return n
}

// remove deletes the cgroup once its processes are gone.
func (c *cgroup) remove() {
	if c == nil {
		return
	}
	for _, d := range c.dirs {
		for i := 0; os.Remove(d) != nil && i < 1000; i++ {
			c.killAll()
			time.Sleep(time.Millisecond)
		}
	}
}

// cgroupsAvailable reports whether runs can have cgroups of their own.
func cgroupsAvailable() bool {
	return os.Geteuid() == 0 && cgroupV1Dir("memory") != "" && cgroupV1Dir("pids") != ""
}
