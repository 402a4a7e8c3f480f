//go:build unix

package sandbox

// WithoutCgroups makes r contain its runs as on a machine where no cgroup
// can be written (every cgroup v2 host, any user but root).
func WithoutCgroups(r *Runner) {
	r.Close()
	r.cgroups, r.cgroupPool = false, nil
}

// ContainEnv is the variable that starts tokenlab's containing role.
const ContainEnv = containEnv

// HideAsTokenlab makes r hide the program at path as it hides tokenlab's.
func HideAsTokenlab(r *Runner, path string) { r.hidden = path }

// WithoutIsolation makes r run as root without bubblewrap as where no
// namespaces can be made (a container without CAP_SYS_ADMIN).
func WithoutIsolation(r *Runner) { r.isolate = false }

// Cgroups reports whether r gives runs cgroups.
func (r *Runner) Cgroups() bool { return r.cgroups }

// WithoutSetpriv makes r enter a run's user inside bubblewrap as where
// util-linux's setpriv is missing: with tokenlab's own program.
func WithoutSetpriv(r *Runner) { r.setpriv = "" }

// Setpriv is the setpriv r enters a run's user with, or "".
func (r *Runner) Setpriv() string { return r.setpriv }
