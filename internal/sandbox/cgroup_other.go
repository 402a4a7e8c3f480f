//go:build !linux

package sandbox

// cgroup: control groups are Linux's; elsewhere there is none.
type cgroup struct{}

func newCgroup(Limits) *cgroup         { return nil }
func (c *cgroup) procsFiles() []string { return nil }
func (c *cgroup) killAll()             {}
func (c *cgroup) peak() int64          { return 0 }
func (c *cgroup) remove()              {}

func cgroupsAvailable() bool { return false }

func (c *cgroup) setLimits(Limits) bool { return false }
func (c *cgroup) join(...int) error     { return nil }
func (c *cgroup) empty() bool           { return true }
func (c *cgroup) reusable() bool        { return true }
func sweepCgroups()                     {}
