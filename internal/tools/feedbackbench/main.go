// Command feedbackbench measures what a learner waits for under watch: the
// time from saving the file to its verdict on screen, against the time of
// running the file itself (python3 -I), in one run. Saves alternate a
// right and a wrong solution, as a learner's edits do; it prints both
// medians and their ratio and exits 1 over -max.
//
//	go run ./internal/tools/feedbackbench [-n 9] [-max 2.5]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/tokenlab/tokenlab/internal/tools/bench"
)

var samples = []string{"testdata/solutions/pass_reference_style.py", "testdata/solutions/fail_step3_boundary.py"}

// verdict is the line of a watch page that gives the check's result.
var verdict = regexp.MustCompile(`^(\d/4 steps pass|Not checked: )`)

func main() {
	saves := flag.Int("n", 9, "saves timed (and runs of the file)")
	maxRatio := flag.Float64("max", 2.5, "limit on the median save-to-verdict time over the median run of the file")
	flag.Parse()
	if err := measure(*saves, *maxRatio); err != nil {
		fmt.Fprintln(os.Stderr, "feedbackbench:", err)
		os.Exit(1)
	}
}

func measure(saves int, maxRatio float64) error {
	dir, err := os.MkdirTemp("", "feedbackbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "tokenlab")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/tokenlab").CombinedOutput(); err != nil {
		return fmt.Errorf("building tokenlab: %v\n%s", err, out)
	}
	// The interpreter itself, not a version manager's shim, for both.
	exe, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		return fmt.Errorf("python3: %v", err)
	}
	python := strings.TrimSpace(string(exe))
	var sources [][]byte
	for _, s := range samples {
		data, err := os.ReadFile(s)
		if err != nil {
			return err
		}
		sources = append(sources, data)
	}

	file := filepath.Join(dir, "work", "solution.py")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	save := func(data []byte) error {
		tmp := file + ".new" // as editors that write a new file and rename it do
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, file)
	}
	if err := save(sources[1]); err != nil {
		return err
	}
	watch := exec.Command(bin, "watch", file, "--no-record", "--python", python)
	watch.Env = append(os.Environ(), "TOKENLAB_HOME="+filepath.Join(dir, "home"))
	keys, err := watch.StdinPipe()
	if err != nil {
		return err
	}
	out, err := watch.StdoutPipe()
	if err != nil {
		return err
	}
	if err := watch.Start(); err != nil {
		return err
	}
	defer func() { keys.Close(); _ = watch.Process.Kill(); _ = watch.Wait() }()
	verdicts := make(chan time.Time, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if verdict.MatchString(sc.Text()) {
				verdicts <- time.Now()
			}
		}
		close(verdicts)
	}()
	next := func() (time.Time, error) {
		select {
		case at, ok := <-verdicts:
			if !ok {
				return time.Time{}, io.ErrUnexpectedEOF
			}
			return at, nil
		case <-time.After(30 * time.Second):
			return time.Time{}, fmt.Errorf("no verdict within 30 s")
		}
	}
	if _, err := next(); err != nil { // the check watch starts with
		return err
	}

	var feedback, runs []time.Duration
	for i := range saves {
		src := sources[i%2]
		// The file's own run, then a save of it under watch.
		if err := os.WriteFile(filepath.Join(dir, "run.py"), src, 0o644); err != nil {
			return err
		}
		d, err := bench.Time(python, "-I", filepath.Join(dir, "run.py"))
		if err != nil {
			return fmt.Errorf("python3 -I: %v", err)
		}
		runs = append(runs, d)
		time.Sleep(300 * time.Millisecond) // a save of its own, not part of the last one's burst
		start := time.Now()
		if err := save(src); err != nil {
			return err
		}
		at, err := next()
		if err != nil {
			return fmt.Errorf("save %d: %v", i+1, err)
		}
		feedback = append(feedback, at.Sub(start))
	}
	f, r := bench.Median(feedback), bench.Median(runs)
	ratio := float64(f) / float64(r)
	fmt.Printf("save to verdict under watch  median %8v  (%d saves, right and wrong in turn)\n", f.Round(time.Millisecond), saves)
	fmt.Printf("python3 -I of the file       median %8v  (%s)\n", r.Round(time.Millisecond), python)
	fmt.Printf("feedback: %.2fx running the file (limit %.2fx)\n", ratio, maxRatio)
	if ratio > maxRatio {
		return fmt.Errorf("save to verdict is %.2fx running the file; the limit is %.2fx", ratio, maxRatio)
	}
	return nil
}
