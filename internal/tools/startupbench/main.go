// Command startupbench measures how long `tokenlab run` takes to start and
// print its line, against a bare Go program that prints the same line, in
// one run: every program is run in turn, round after round, so load on the
// machine hits all alike. It prints medians and ratios and exits 1 when a
// limit is broken.
//
// Two builds are measured. Static (CGO_ENABLED=0) is how releases are built
// and what the 2.2x limit is for. The default `go build` links libc
// dynamically, because pflag imports net and terminfo imports os/user; any
// cobra program pays that, so there tokenlab is held to the floor set by
// a program that only runs cobra and Lip Gloss and links every library
// tokenlab links (./floor), plus -overhead: what is over the floor is
// tokenlab's own start-up work.
//
//	go run ./internal/tools/startupbench [-n 400] [-max 2.2] [-overhead 0.10]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/tokenlab/tokenlab/internal/tools/bench"
)

const line = "Refreshed token for alice: newtoken123\n"

const bareProgram = `package main

import "fmt"

func main() { fmt.Print("Refreshed token for alice: newtoken123\n") }
`

// program is one binary under test.
type program struct {
	label string
	argv  []string
	times []time.Duration
}

func main() {
	runs := flag.Int("n", 400, "rounds: runs of each program")
	maxRatio := flag.Float64("max", 2.2, "limit on the static tokenlab's median over the bare program's")
	overhead := flag.Float64("overhead", 0.10, "limit on the default build's tokenlab over the floor of its libraries, as a fraction")
	flag.Parse()
	if err := measure(*runs, *maxRatio, *overhead); err != nil {
		fmt.Fprintln(os.Stderr, "startupbench:", err)
		os.Exit(1)
	}
}

func measure(runs int, maxRatio, overhead float64) error {
	dir, err := os.MkdirTemp("", "startupbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	bareDir := filepath.Join(dir, "bare-src")
	if err := os.MkdirAll(bareDir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(bareDir, "main.go"), []byte(bareProgram), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(bareDir, "go.mod"), []byte("module bare\n\ngo 1.22\n"), 0o644); err != nil {
		return err
	}

	builds := []struct {
		out, pkg, dir string
		cgo           bool
	}{
		{"bare", ".", bareDir, false},
		{"tokenlab-static", "./cmd/tokenlab", "", false},
		{"floor-default", "./internal/tools/startupbench/floor", "", true},
		{"tokenlab-default", "./cmd/tokenlab", "", true},
	}
	for _, b := range builds {
		c := exec.Command("go", "build", "-o", filepath.Join(dir, b.out), b.pkg)
		c.Dir = b.dir
		c.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b.cgo {
			c.Env = os.Environ()
		}
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("building %s: %v\n%s", b.pkg, err, out)
		}
	}
	bin := func(name string) string { return filepath.Join(dir, name) }
	progs := []*program{
		{label: "bare Go program", argv: []string{bin("bare")}},
		{label: "tokenlab run, static", argv: []string{bin("tokenlab-static"), "run"}},
		{label: "floor: tokenlab's libraries, default build", argv: []string{bin("floor-default"), "run"}},
		{label: "tokenlab run, default build", argv: []string{bin("tokenlab-default"), "run"}},
	}

	// All must print the same line, or the comparison means nothing.
	for _, p := range progs {
		out, err := exec.Command(p.argv[0], p.argv[1:]...).Output()
		if err != nil || string(out) != line {
			return fmt.Errorf("%s printed %q (%v), want %q", p.label, out, err, line)
		}
	}
	for range runs {
		for _, p := range progs {
			c := exec.Command(p.argv[0], p.argv[1:]...)
			start := time.Now()
			if err := c.Run(); err != nil {
				return fmt.Errorf("%s: %v", p.label, err)
			}
			p.times = append(p.times, time.Since(start))
		}
	}

	bare := bench.Median(progs[0].times)
	for _, p := range progs {
		m := bench.Median(p.times)
		fmt.Printf("%-44s median %8v  %.2fx bare\n", p.label, m.Round(time.Microsecond), float64(m)/float64(bare))
	}
	static := float64(bench.Median(progs[1].times)) / float64(bare)
	vsFloor := float64(bench.Median(progs[3].times))/float64(bench.Median(progs[2].times)) - 1
	fmt.Printf("static tokenlab run: %.2fx a bare Go program (limit %.2fx)\n", static, maxRatio)
	fmt.Printf("default build: tokenlab run is %+.1f%% over the floor of its libraries (limit %+.1f%%)\n", vsFloor*100, overhead*100)
	if static > maxRatio {
		return fmt.Errorf("static tokenlab run is %.2fx a bare Go program; the limit is %.2fx", static, maxRatio)
	}
	if vsFloor > overhead {
		return fmt.Errorf("tokenlab run is %.1f%% over the floor of its libraries; the limit is %.1f%%", vsFloor*100, overhead*100)
	}
	return nil
}
