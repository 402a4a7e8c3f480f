// Package sandbox runs one untrusted command contained: in bubblewrap where
// it can run, else under process limits, with a timeout, output caps and
// limits on memory, CPU, files and processes, and nothing left behind. It
// knows nothing of what it runs.
package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Limits contain one run of a learner's program.
type Limits struct {
	Timeout     time.Duration `json:"-"`
	TimeoutText string        `json:"timeout"`
	OutputBytes int           `json:"output_bytes"` // each of stdout and stderr
	MemoryBytes int64         `json:"memory_bytes"` // address space of each process
	CPUSeconds  int           `json:"cpu_seconds"`
	FileBytes   int64         `json:"file_bytes"` // largest file it may write
	DiskBytes   int64         `json:"disk_bytes"` // all it may write (bubblewrap's tmpfs)
	Processes   int           `json:"processes"`  // processes at once, for the whole run
	Scope       string        `json:"scope"`      // what the limits apply to (see Runner.Effective)
}

// DefaultLimits are the limits of a run unless its caller says otherwise.
func DefaultLimits() Limits {
	return Limits{
		Timeout:     5 * time.Second,
		TimeoutText: "5s",
		OutputBytes: 64 << 10,
		MemoryBytes: 512 << 20,
		CPUSeconds:  10,
		FileBytes:   1 << 20,
		DiskBytes:   8 << 20,
		Processes:   32,
	}
}

// Containment says how a run was contained, in the words of the report.
type Containment string

const (
	// Bubblewrap: namespaces for network, processes and files, plus the limits.
	Bubblewrap Containment = "bubblewrap"
	// ProcessLimits: rlimits, a separate uid when running as root, a new
	// session and a private directory, without namespaces.
	ProcessLimits Containment = "process limits"
)

// Spec is one contained run.
type Spec struct {
	Argv []string // the program, as it is named inside the sandbox
	// Files are put in its working directory, by name. Each must be within
	// Limits.FileBytes: bubblewrap writes them after the limits are set.
	Files map[string][]byte
	Binds []string // directories outside /usr it needs to read (an interpreter's prefix)
	// Programs are the programs in /usr/bin and the like that the run
	// starts besides Argv[0] (a shell, cat): with bubblewrap, the
	// directories of programs show only those.
	Programs []string
	Limits   Limits
	// Executable names the file in Files that is a program, to be run.
	Executable string
	// Env is added to the run's environment.
	Env []string
	// LimitData limits each process's data (RLIMIT_DATA: its heap and
	// private writable memory) to Limits.MemoryBytes instead of its address
	// space, for runtimes that reserve far more address space than they
	// use (Go, V8); a cgroup still limits the whole run.
	LimitData bool
	// ReportCap bounds what the program may write on fd 3 (Converse);
	// 0 is 1 MiB.
	ReportCap int
	// Converse, when set, gives the program a report pipe on fd 3 and a
	// pipe on fd 4. Converse is called with each line on fd 3, in order,
	// until it is done; fd 4 then gets its answer to that line, and ends.
	Converse func(line []byte) (answer []byte, done bool)
}

// Outcome is what a contained run did.
type Outcome struct {
	Stdout, Stderr []byte
	Report         []byte // what it wrote on fd 3, with Converse
	ExitCode       int    // -1 when killed by a signal
	Signal         string // the signal that ended it, if any
	TimedOut       bool
	Flooded        string // "stdout" or "stderr" when it wrote past the cap
	MemoryPeak     int64  // bytes, when a cgroup measured it; else 0
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
			if c.over != nil {
				c.over()
			}
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
// the caller's beyond a PATH to find an interpreter's helpers, and what the
// run's spec adds.
func scrubbedEnv(home string, extra []string) []string {
	return append([]string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + home,
		"TMPDIR=" + home,
		"LANG=C.UTF-8",
		"PYTHONIOENCODING=utf-8",
	}, extra...)
}

// waitDelay is how long the pipes may stay open once the program has gone:
// a child that escaped the kill and holds them cannot keep check waiting.
const waitDelay = 250 * time.Millisecond

// reportCap bounds what the harness's report may hold.
const reportCap = 1 << 20

// pipe is one of the program's pipes, read here into a buffer.
type pipe struct {
	r, w *os.File
	done chan struct{}
}

func newPipe(dst io.Writer) (*pipe, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p := &pipe{r: r, w: w, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		_, _ = io.Copy(dst, r)
	}()
	return p, nil
}

// finish waits for the pipe's writers to go, at most until deadline, then
// stops reading.
func (p *pipe) finish(deadline <-chan struct{}) {
	select {
	case <-p.done:
	case <-deadline:
	}
	p.r.Close()
	<-p.done
}

// outputs are the program's stdout and stderr, each read into a buffer
// of at most limit bytes; the first to overflow names itself in flooded
// and closes stop.
type outputs struct {
	stdout, stderr *cappedBuffer
	pipes          [2]*pipe // stdout's and stderr's
	stop           chan struct{}
	once           sync.Once
	flooded        string
}

func newOutputs(limit int) (*outputs, error) {
	o := &outputs{stop: make(chan struct{})}
	flood := func(which string) func() {
		return func() { o.once.Do(func() { o.flooded = which; close(o.stop) }) }
	}
	o.stdout = &cappedBuffer{cap: limit, over: flood("stdout")}
	o.stderr = &cappedBuffer{cap: limit, over: flood("stderr")}
	for i, dst := range []*cappedBuffer{o.stdout, o.stderr} {
		p, err := newPipe(dst)
		if err != nil {
			if i == 1 {
				o.pipes[0].r.Close()
				o.pipes[0].w.Close()
			}
			return nil, err
		}
		o.pipes[i] = p
	}
	return o, nil
}

// readReport reads the program's report from reportR, at most s.ReportCap
// bytes. While s.Converse asks for more, each line is handed to it; its
// answer is then written to probeW, which is closed.
func readReport(s Spec, reportR, probeW *os.File) []byte {
	limit := s.ReportCap
	if limit <= 0 {
		limit = reportCap
	}
	br := bufio.NewReader(io.LimitReader(reportR, int64(limit)))
	var report, answer []byte
	for s.Converse != nil {
		line, err := br.ReadBytes('\n')
		report = append(report, line...)
		if err != nil {
			break
		}
		var done bool
		if answer, done = s.Converse(line); done {
			break
		}
		answer = nil
	}
	// Written apart from the reading, so that a program that never
	// reads its probes cannot stall the report.
	go func() { _, _ = probeW.Write(answer); probeW.Close() }()
	rest, _ := io.ReadAll(br)
	return append(report, rest...)
}

// Run runs s contained by r and reports what happened. It returns an error
// only when the run could not be started at all; the outcome then holds
// what the sandbox said on stderr.
func (r *Runner) Run(ctx context.Context, s Spec) (Outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, s.Limits.Timeout)
	defer cancel()

	c, err := r.prepare(s)
	if err != nil {
		return Outcome{}, err
	}
	defer c.cleanup()

	out, err := newOutputs(s.Limits.OutputBytes)
	if err != nil {
		return Outcome{}, err
	}
	childEnds := []*os.File{out.pipes[0].w, out.pipes[1].w}
	defer func() {
		for _, f := range childEnds {
			f.Close()
		}
	}()
	c.cmd.Stdout, c.cmd.Stderr = out.pipes[0].w, out.pipes[1].w
	stdout, stderr := out.stdout, out.stderr

	// The report (fd 3), read here; its first line gets converse's answer
	// on the probe pipe (fd 4).
	reportR, reportW, err := os.Pipe()
	if err != nil {
		return Outcome{}, err
	}
	probeR, probeW, err := os.Pipe()
	if err != nil {
		reportR.Close()
		reportW.Close()
		return Outcome{}, err
	}
	childEnds = append(childEnds, reportW, probeR)
	c.cmd.ExtraFiles = append([]*os.File{reportW, probeR}, c.cmd.ExtraFiles...)
	var report []byte
	reportDone := make(chan struct{})
	go func() {
		defer close(reportDone)
		report = readReport(s, reportR, probeW)
	}()

	// finish waits for the program's pipes to close, at most waitDelay:
	// a child that escaped every kill and holds them cannot keep check
	// waiting (exec.Cmd.WaitDelay does this for the pipes exec makes).
	finish := func() {
		deadline := after(waitDelay)
		for _, p := range out.pipes {
			p.finish(deadline)
		}
		select {
		case <-reportDone:
		case <-deadline:
		}
		reportR.Close()
		<-reportDone
	}

	if err := startRun(c.cmd); err != nil {
		for _, f := range childEnds {
			f.Close()
		}
		childEnds = nil
		finish()
		return Outcome{}, err
	}
	defer endRun(c.cmd.Process.Pid)
	for _, f := range childEnds {
		f.Close() // the child has its own copies
	}
	childEnds = nil

	waited := make(chan error, 1)
	go func() { waited <- c.cmd.Wait() }()
	if c.afterStart != nil {
		if err := c.afterStart(ctx); err != nil {
			c.kill()
			<-waited
			finish()
			if line := firstLine(stderr.bytes()); line != "" {
				err = fmt.Errorf("%v (%s)", err, line)
			}
			return Outcome{Stderr: stderr.bytes()}, err
		}
	}
	var o Outcome
	select {
	case err = <-waited:
	case <-ctx.Done():
		o.TimedOut = true
		c.kill()
		err = <-waited
	case <-out.stop:
		c.kill()
		err = <-waited
	}
	// Whatever the program started and left behind goes with it, and with
	// them the last writers of its pipes.
	c.kill()
	finish()

	o.Stdout, o.Stderr, o.Report, o.Flooded = stdout.bytes(), stderr.bytes(), report, out.flooded
	o.MemoryPeak = c.peak()
	o.ExitCode = c.cmd.ProcessState.ExitCode()
	o.Signal = exitSignal(c.cmd.ProcessState)
	if c.signalsAsCodes && o.Signal == "" && o.ExitCode > 128 && o.ExitCode <= 128+64 {
		o.Signal, o.ExitCode = signalName(o.ExitCode-128), -1
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return o, err
	}
	return o, nil
}

// contained is a prepared run: its command, and how to end and clean up
// after it.
type contained struct {
	cmd     *exec.Cmd
	kill    func()
	peak    func() int64 // the most memory the run used at once, where a cgroup counts it
	cleanup func()
	// signalsAsCodes: a signal that ends the program arrives as exit code
	// 128+N (bubblewrap passes on its child's end that way).
	signalsAsCodes bool
	// afterStart, when set, runs once the command has started and before
	// the program may: it applies what must be applied from outside.
	afterStart func(ctx context.Context) error
}

// after returns a channel closed once d has passed: unlike time.After's,
// every receiver sees it.
func after(d time.Duration) <-chan struct{} {
	done := make(chan struct{})
	time.AfterFunc(d, func() { close(done) })
	return done
}

// workDir makes the private directory a run works in. Its name carries
// tokenlab's process id, so that a later run can remove what a killed
// tokenlab left behind (see sweepWorkDirs).
func workDir() (string, error) {
	return os.MkdirTemp("", fmt.Sprintf("tokenlab-check-%d-", os.Getpid()))
}

// sweepWorkDirs removes the work directories of tokenlab processes that
// are gone: a tokenlab killed mid-run leaves nothing for long.
func sweepWorkDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "tokenlab-check-*-*"))
	for _, d := range dirs {
		pidText, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(d), "tokenlab-check-"), "-")
		var pid int
		if _, err := fmt.Sscan(pidText, &pid); !ok || err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(d)
	}
}

func firstLine(b []byte) string {
	line, _, _ := strings.Cut(string(b), "\n")
	return line
}
