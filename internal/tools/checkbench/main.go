// Command checkbench measures `tokenlab check` on a class of 40 correct
// solutions against running `python3 -I` on the same 40 files with the same
// parallelism, in one run: the two take turns, round after round, and the
// ratio of their medians is printed. It exits 1 when the ratio is over -max.
//
//	go run ./internal/tools/checkbench [-files 40] [-n 7] [-jobs NCPU] [-max 1.5]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tokenlab/tokenlab/internal/tools/bench"
)

// solution is the sample every learner in the benchmark class hands in.
const solution = "testdata/solutions/pass_reference_style.py"

func main() {
	files := flag.Int("files", 40, "correct solutions in the class")
	runs := flag.Int("n", 7, "rounds: runs of each side")
	jobs := flag.Int("jobs", runtime.NumCPU(), "files run at once, on both sides")
	maxRatio := flag.Float64("max", 1.5, "limit on check's median over python3's")
	flag.Parse()
	if err := measure(*files, *runs, *jobs, *maxRatio); err != nil {
		fmt.Fprintln(os.Stderr, "checkbench:", err)
		os.Exit(1)
	}
}

func measure(files, runs, jobs int, maxRatio float64) error {
	// The interpreter itself, not a wrapper such as pyenv's shim, whose own
	// start-up would dwarf what is measured. Both sides use it.
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		return fmt.Errorf("python3: %v", err)
	}
	python := strings.TrimSpace(string(out))
	dir, err := os.MkdirTemp("", "checkbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tokenlab := filepath.Join(dir, "tokenlab")
	if out, err := exec.Command("go", "build", "-o", tokenlab, "./cmd/tokenlab").CombinedOutput(); err != nil {
		return fmt.Errorf("building tokenlab: %v\n%s", err, out)
	}
	class := filepath.Join(dir, "class")
	if err := os.Mkdir(class, 0o755); err != nil {
		return err
	}
	src, err := os.ReadFile(solution)
	if err != nil {
		return err
	}
	var paths []string
	for i := range files {
		p := filepath.Join(class, fmt.Sprintf("learner%02d.py", i))
		// Each file differs, so each gets its own probe seed.
		if err := os.WriteFile(p, []byte(fmt.Sprintf("# learner %d\n%s", i, src)), 0o644); err != nil {
			return err
		}
		paths = append(paths, p)
	}
	checkArgs := []string{"check", class, "--jobs", strconv.Itoa(jobs), "--python", python, "--format", "json"}
	if out, err := exec.Command(tokenlab, checkArgs...).Output(); err != nil {
		return fmt.Errorf("tokenlab check did not pass all %d: %v\n%.400s", files, err, out)
	}

	var tCheck, tPython []time.Duration
	for range runs {
		start := time.Now()
		if err := exec.Command(tokenlab, checkArgs...).Run(); err != nil {
			return err
		}
		tCheck = append(tCheck, time.Since(start))

		start = time.Now()
		if err := pool(jobs, paths, func(p string) error { return exec.Command(python, "-I", p).Run() }); err != nil {
			return err
		}
		tPython = append(tPython, time.Since(start))
	}
	mc, mp := bench.Median(tCheck), bench.Median(tPython)
	ratio := float64(mc) / float64(mp)
	fmt.Printf("%d correct solutions, %d at once, %s\n", files, jobs, python)
	fmt.Printf("tokenlab check --format json  median %v\n", mc.Round(time.Millisecond))
	fmt.Printf("python3 -I on each file       median %v\n", mp.Round(time.Millisecond))
	fmt.Printf("ratio: %.2fx (limit %.2fx)\n", ratio, maxRatio)
	if ratio > maxRatio {
		return fmt.Errorf("check takes %.2fx the time of running the files; the limit is %.2fx", ratio, maxRatio)
	}
	return nil
}

// pool runs fn on every path, jobs at a time.
func pool(jobs int, paths []string, fn func(string) error) error {
	work := make(chan string)
	errs := make(chan error, len(paths))
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				errs <- fn(p)
			}
		}()
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
