// Command checkbench measures `tokenlab check` on a class of correct
// solutions against what running them takes, with the same parallelism, in
// one run: the two take turns, round after round, and the ratio of their
// medians is printed. Python: 40 files against `python3 -I` on each. Go: 20
// files against `go build` of each and a run of what it built. It exits 1
// when a ratio is over -max.
//
//	go run ./internal/tools/checkbench [-lang all|python|go] [-files 40] [-gofiles 20] [-n 7] [-jobs NCPU] [-max 1.5]
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

// solution is the sample every learner in the benchmark class hands in;
// goSolution, every Go learner.
const (
	solution   = "testdata/solutions/pass_reference_style.py"
	goSolution = "lesson/solutions/go/step4/main.go"
)

func main() {
	lang := flag.String("lang", "all", "which class: python, go or all")
	files := flag.Int("files", 40, "correct Python solutions in the class")
	goFiles := flag.Int("gofiles", 20, "correct Go solutions in the class")
	runs := flag.Int("n", 7, "rounds: runs of each side")
	jobs := flag.Int("jobs", runtime.NumCPU(), "files run at once, on both sides")
	maxRatio := flag.Float64("max", 1.5, "limit on check's median over running the files")
	flag.Parse()
	var err error
	if *lang == "all" || *lang == "python" {
		err = measure(*files, *runs, *jobs, *maxRatio)
	}
	if err == nil && (*lang == "all" || *lang == "go") {
		err = measureGo(*goFiles, *runs, *jobs, *maxRatio)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "checkbench:", err)
		os.Exit(1)
	}
}

// measureGo is measure for Go: check against go build and a run of each
// file, the go command's build cache warm, as check's is.
func measureGo(files, runs, jobs int, maxRatio float64) error {
	dir, tokenlab, err := buildTokenlab()
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	class := filepath.Join(dir, "class")
	bins := filepath.Join(dir, "bin")
	for _, d := range []string{class, bins} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return err
		}
	}
	src, err := os.ReadFile(goSolution)
	if err != nil {
		return err
	}
	// Every round's files are new (the go command would otherwise reuse
	// what it built the round before): each learner's file, saved again.
	var paths []string
	for i := range files {
		paths = append(paths, filepath.Join(class, fmt.Sprintf("learner%02d.go", i)))
	}
	round := 0
	save := func() error {
		round++
		for i, p := range paths {
			if err := os.WriteFile(p, []byte(fmt.Sprintf("// learner %d, save %d\n%s", i, round, src)), 0o644); err != nil {
				return err
			}
		}
		return nil
	}
	checkArgs := []string{"check", "--jobs", strconv.Itoa(jobs), "--format", "json", "--no-record"}
	checkArgs = append(checkArgs, paths...)
	buildAndRun := func(p string) error {
		bin := filepath.Join(bins, strings.TrimSuffix(filepath.Base(p), ".go"))
		build := exec.Command("go", "build", "-o", bin, p)
		build.Env = append(os.Environ(), "GO111MODULE=off", "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", p, err, out)
		}
		return exec.Command(bin).Run()
	}
	// Both caches warm with the standard library: the first of each is
	// not measured.
	if err := save(); err != nil {
		return err
	}
	if out, err := exec.Command(tokenlab, checkArgs...).Output(); err != nil {
		return fmt.Errorf("tokenlab check did not pass all %d: %v\n%.400s", files, err, out)
	}
	if err := pool(jobs, paths, buildAndRun); err != nil {
		return err
	}

	var tCheck, tGo []time.Duration
	for range runs {
		if err := save(); err != nil {
			return err
		}
		start := time.Now()
		if err := exec.Command(tokenlab, checkArgs...).Run(); err != nil {
			return err
		}
		tCheck = append(tCheck, time.Since(start))

		if err := save(); err != nil {
			return err
		}
		start = time.Now()
		if err := pool(jobs, paths, buildAndRun); err != nil {
			return err
		}
		tGo = append(tGo, time.Since(start))
	}
	mc, mg := bench.Median(tCheck), bench.Median(tGo)
	ratio := float64(mc) / float64(mg)
	fmt.Printf("%d correct Go solutions, %d at once\n", files, jobs)
	fmt.Printf("tokenlab check --format json  median %v\n", mc.Round(time.Millisecond))
	fmt.Printf("go build, then run, each file median %v\n", mg.Round(time.Millisecond))
	fmt.Printf("ratio: %.2fx (limit %.2fx)\n", ratio, maxRatio)
	if ratio > maxRatio {
		return fmt.Errorf("check takes %.2fx the time of building and running the Go files; the limit is %.2fx", ratio, maxRatio)
	}
	return nil
}

func measure(files, runs, jobs int, maxRatio float64) error {
	// The interpreter itself, not a wrapper such as pyenv's shim, whose own
	// start-up would dwarf what is measured. Both sides use it.
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		return fmt.Errorf("python3: %v", err)
	}
	python := strings.TrimSpace(string(out))
	dir, tokenlab, err := buildTokenlab()
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
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

// buildTokenlab builds tokenlab into a new directory, for the class too.
func buildTokenlab() (dir, tokenlab string, err error) {
	if dir, err = os.MkdirTemp("", "checkbench"); err != nil {
		return "", "", err
	}
	tokenlab = filepath.Join(dir, "tokenlab")
	if out, err := exec.Command("go", "build", "-o", tokenlab, "./cmd/tokenlab").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("building tokenlab: %v\n%s", err, out)
	}
	return dir, tokenlab, nil
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
