// Command gradebench measures `tokenlab quiz grade` against awk, in one
// run, and checks the goals of a class sheet of any size:
//
//   - speed: on a -rows sheet, the JSON report in at most -json-max times
//     the time of the least awk that counts the same correct answers, and
//     the text report in at most -text-max times, both from go build's
//     default build; the programs run in turn, round after round, and
//     medians are compared (the static release build's JSON is timed
//     too, and shown);
//   - memory: on a -big sheet, every format (text, JSON, CSV) peaks under
//     -mem MiB of resident memory.
//
// It exits 1 when a goal is missed.
//
//	go run ./internal/tools/gradebench [-rows 200000] [-n 11] [-big 2000000]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tokenlab/tokenlab/internal/tools/bench"
)

// awkCount is the least awk that counts correct answers to the exercise's
// bank (A,C,B,D,A) on the sheets written here: plain LF lines with
// upper-case letters, blanks and invalid answers.
const awkCount = `NR>1{s+=($2=="A")+($3=="C")+($4=="B")+($5=="D")+($6=="A")} END{print s}`

func main() {
	if len(os.Args) > 2 && os.Args[1] == peakOf {
		os.Exit(reportPeak(os.Args[2], os.Args[3:]))
	}
	rows := flag.Int("rows", 200000, "learners on the sheet timed")
	runs := flag.Int("n", 11, "rounds: runs of each program")
	jsonMax := flag.Float64("json-max", 1.0, "limit on the JSON report's median over awk's")
	textMax := flag.Float64("text-max", 1.5, "limit on the text report's median over awk's")
	big := flag.Int("big", 2000000, "learners on the sheet whose memory is measured (0: skip)")
	memMax := flag.Int("mem", 64, "limit on the peak resident memory, in MiB, of each format on the big sheet")
	flag.Parse()
	if err := measure(*rows, *runs, *jsonMax, *textMax, *big, *memMax); err != nil {
		fmt.Fprintln(os.Stderr, "gradebench:", err)
		os.Exit(1)
	}
}

func measure(rows, runs int, jsonMax, textMax float64, big, memMax int) error {
	awk, err := exec.LookPath("awk")
	if err != nil {
		return fmt.Errorf("awk is needed to compare with: %v", err)
	}
	dir, err := os.MkdirTemp("", "gradebench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// The goals are for go build's default, what go install gives; the
	// static release build is timed too, for the record.
	tokenlab, static := filepath.Join(dir, "tokenlab"), filepath.Join(dir, "tokenlab-static")
	if out, err := exec.Command("go", "build", "-o", tokenlab, "./cmd/tokenlab").CombinedOutput(); err != nil {
		return fmt.Errorf("building tokenlab: %v\n%s", err, out)
	}
	build := exec.Command("go", "build", "-o", static, "./cmd/tokenlab")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building tokenlab statically: %v\n%s", err, out)
	}
	sheet := filepath.Join(dir, "class.csv")
	want, err := writeSheet(sheet, rows)
	if err != nil {
		return err
	}

	// Both must find the same number of correct answers.
	out, err := exec.Command(awk, "-F,", awkCount, sheet).Output()
	if err != nil || strings.TrimSpace(string(out)) != strconv.Itoa(want) {
		return fmt.Errorf("awk counted %q (%v), want %d", out, err, want)
	}
	out, err = exec.Command(tokenlab, "quiz", "grade", sheet, "--format", "csv").Output()
	if err != nil {
		return fmt.Errorf("tokenlab quiz grade: %v", err)
	}
	got := bytes.Count(out, []byte(",correct"))
	out = nil
	if got != want {
		return fmt.Errorf("tokenlab counted %d correct answers, want %d", got, want)
	}

	var tJSON, tText, tAwk, tStatic []time.Duration
	for range runs {
		for _, step := range []struct {
			into *[]time.Duration
			name string
			args []string
		}{
			{&tJSON, tokenlab, []string{"quiz", "grade", sheet, "--format", "json"}},
			{&tAwk, awk, []string{"-F,", awkCount, sheet}},
			{&tText, tokenlab, []string{"quiz", "grade", sheet}},
			{&tStatic, static, []string{"quiz", "grade", sheet, "--format", "json"}},
		} {
			d, err := bench.Time(step.name, step.args...)
			if err != nil {
				return err
			}
			*step.into = append(*step.into, d)
		}
	}
	ma := bench.Median(tAwk)
	fmt.Printf("sheet: %d learners, %d correct answers; medians of %d runs\n", rows, want, runs)
	fmt.Printf("  awk counting correct answers       %v\n", ma.Round(time.Millisecond))
	var missed []string
	for _, r := range []struct {
		what  string
		times []time.Duration
		limit float64
	}{
		{"tokenlab quiz grade --format json", tJSON, jsonMax},
		{"tokenlab quiz grade (text)", tText, textMax},
	} {
		m := bench.Median(r.times)
		ratio := float64(m) / float64(ma)
		fmt.Printf("  %-34s %v  %.2fx awk (limit %.2fx)\n", r.what, m.Round(time.Millisecond), ratio, r.limit)
		if ratio > r.limit {
			missed = append(missed, fmt.Sprintf("%s takes %.2fx awk's time; the limit is %.2fx", r.what, ratio, r.limit))
		}
	}
	m := bench.Median(tStatic)
	fmt.Printf("  %-34s %v  %.2fx awk (static release build; no limit)\n", "the same JSON, CGO_ENABLED=0", m.Round(time.Millisecond), float64(m)/float64(ma))

	if big > 0 {
		bigSheet := filepath.Join(dir, "big.csv")
		if _, err := writeSheet(bigSheet, big); err != nil {
			return err
		}
		os.Remove(sheet)
		fmt.Printf("sheet: %d learners; peak resident memory\n", big)
		for _, format := range []string{"text", "json", "csv"} {
			out, err := exec.Command(os.Args[0], peakOf, tokenlab, "quiz", "grade", bigSheet, "--format", format).Output()
			if err != nil {
				return fmt.Errorf("tokenlab quiz grade --format %s: %v", format, err)
			}
			kib, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
			if err != nil {
				return fmt.Errorf("peak of tokenlab quiz grade --format %s: %q", format, out)
			}
			peak := kib >> 10
			fmt.Printf("  --format %-4s  %3d MiB (limit %d MiB)\n", format, peak, memMax)
			if peak >= int64(memMax) {
				missed = append(missed, fmt.Sprintf("--format %s peaked at %d MiB; the limit is %d MiB", format, peak, memMax))
			}
		}
	}
	if len(missed) > 0 {
		return fmt.Errorf("%s", strings.Join(missed, "; "))
	}
	return nil
}

// peakOf is the first argument of the helper role: run a program and print
// its peak resident memory in KiB.
const peakOf = "-peak-of"

// reportPeak runs a program, its output discarded, and prints its peak
// resident memory. Linux counts into a child's peak the memory of the
// process it was forked from, so the child is started from this small
// helper process, not from the benchmark that holds the sheets.
func reportPeak(name string, args []string) int {
	c := exec.Command(name, args...)
	if err := c.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(c.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
	return 0
}

// writeSheet writes a class sheet with right, wrong, blank and invalid
// answers, and returns how many answers are correct.
func writeSheet(path string, rows int) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewPCG(1, 2))
	key := "ACBDA"
	choices := []string{"A", "B", "C", "D", "", "X"}
	correct := 0
	w.WriteString("learner,q1,q2,q3,q4,q5\n")
	for i := range rows {
		w.WriteString("learner ")
		w.WriteString(strconv.Itoa(i))
		for q := range 5 {
			v := choices[r.IntN(len(choices))]
			if r.IntN(2) == 0 {
				v = key[q : q+1]
			}
			if v == key[q:q+1] {
				correct++
			}
			w.WriteString("," + v)
		}
		w.WriteString("\n")
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	return correct, f.Close()
}
