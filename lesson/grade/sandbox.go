package grade

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Limits contain one run of a learner's program.
type Limits struct {
	Timeout     time.Duration `json:"-"`
	TimeoutText string        `json:"timeout"`
	OutputBytes int           `json:"output_bytes"` // each of stdout and stderr
	MemoryBytes int64         `json:"memory_bytes"` // address space
	CPUSeconds  int           `json:"cpu_seconds"`
	FileBytes   int64         `json:"file_bytes"` // largest file it may write
}

// DefaultLimits are the limits of `tokenlab check` unless flags say otherwise.
func DefaultLimits() Limits {
	return Limits{
		Timeout:     5 * time.Second,
		TimeoutText: "5s",
		OutputBytes: 64 << 10,
		MemoryBytes: 512 << 20,
		CPUSeconds:  10,
		FileBytes:   1 << 20,
	}
}

// spec is one contained run.
type spec struct {
	argv   []string
	dir    string // a fresh temporary directory, also HOME
	limits Limits
	report bool // give the program a report pipe on fd 3
}

// outcome is what a contained run did.
type outcome struct {
	stdout, stderr []byte
	report         []byte
	exitCode       int    // -1 when killed by a signal
	signal         string // the signal that ended it, if any
	timedOut       bool
	flooded        string // "stdout" or "stderr" when it wrote past the cap
}

// cappedBuffer keeps up to cap bytes and calls over once when more arrive.
type cappedBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	cap  int
	over func()
	done bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.cap - c.buf.Len(); len(p) > room {
		c.buf.Write(p[:max(room, 0)])
		if !c.done {
			c.done = true
			c.over()
		}
		return len(p), nil // swallow the rest; the run is being stopped
	}
	return c.buf.Write(p)
}

func (c *cappedBuffer) bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.buf.Bytes())
}

// scrubbedEnv is all the environment a learner's program gets: nothing of
// the caller's beyond a PATH to find an interpreter's helpers.
func scrubbedEnv(dir string) []string {
	return []string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + dir,
		"TMPDIR=" + dir,
		"LANG=C.UTF-8",
		"PYTHONIOENCODING=utf-8",
	}
}

// run runs s contained and reports what happened. It returns an error only
// when the run could not be started at all.
func run(ctx context.Context, s spec) (outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, s.limits.Timeout)
	defer cancel()

	cmd := exec.Command(s.argv[0], s.argv[1:]...)
	cmd.Dir = s.dir
	cmd.Env = scrubbedEnv(s.dir)
	cmd.Stdin = nil // /dev/null
	setContainment(cmd)

	var flooded string
	var floodOnce sync.Once
	stop := make(chan struct{})
	flood := func(which string) func() {
		return func() { floodOnce.Do(func() { flooded = which; close(stop) }) }
	}
	stdout := &cappedBuffer{cap: s.limits.OutputBytes, over: flood("stdout")}
	stderr := &cappedBuffer{cap: s.limits.OutputBytes, over: flood("stderr")}
	// Real pipes, read here: Wait then waits for the program alone, not for
	// a stray child that still holds its output open.
	var copies sync.WaitGroup
	var parentEnds []*os.File
	for _, dst := range []*cappedBuffer{stdout, stderr} {
		r, w, err := os.Pipe()
		if err != nil {
			return outcome{}, err
		}
		if dst == stdout {
			cmd.Stdout = w
		} else {
			cmd.Stderr = w
		}
		parentEnds = append(parentEnds, w)
		copies.Add(1)
		go func() {
			defer copies.Done()
			_, _ = io.Copy(dst, r)
			r.Close()
		}()
	}

	var reportR, reportW *os.File
	if s.report {
		var err error
		if reportR, reportW, err = os.Pipe(); err != nil {
			return outcome{}, err
		}
		cmd.ExtraFiles = []*os.File{reportW} // fd 3 in the child
	}
	err := cmd.Start()
	for _, w := range parentEnds {
		w.Close() // the child has its own copies
	}
	if err != nil {
		if reportR != nil {
			reportR.Close()
			reportW.Close()
		}
		copies.Wait()
		return outcome{}, err
	}
	var report []byte
	var reportDone sync.WaitGroup
	if s.report {
		reportW.Close()
		reportDone.Add(1)
		go func() {
			defer reportDone.Done()
			report, _ = io.ReadAll(io.LimitReader(reportR, 4<<20))
			reportR.Close()
		}()
	}

	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var o outcome
	select {
	case err = <-waited:
	case <-ctx.Done():
		o.timedOut = true
		killGroup(cmd)
		err = <-waited
	case <-stop:
		killGroup(cmd)
		err = <-waited
	}
	// Whatever the program started and left behind goes with it, and with
	// them the last writers of its pipes.
	killGroup(cmd)
	copies.Wait()
	if s.report {
		reportDone.Wait()
	}

	o.stdout, o.stderr, o.report, o.flooded = stdout.bytes(), stderr.bytes(), report, flooded
	o.exitCode = cmd.ProcessState.ExitCode()
	o.signal = exitSignal(cmd.ProcessState)
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return o, err
	}
	return o, nil
}
