// Command gradebench measures `tokenlab quiz grade` on a large class sheet
// against awk counting the same correct answers, in one run: the two are
// run in turn, round after round, and the ratio of their medians is
// printed. It exits 1 when the ratio is over -max.
//
// awk does the least work that still counts correct answers the way grade
// does (trim spaces, any case, CRLF); grade also checks the sheet, scores
// every learner, computes item statistics and writes the whole JSON report.
//
//	go run ./internal/tools/gradebench [-rows 200000] [-n 15] [-max 2]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tokenlab/tokenlab/internal/tools/bench"
)

// awkCount counts correct answers to the exercise's bank (A,C,B,D,A).
const awkCount = `BEGIN { FS = ","; split("A C B D A", key, " ") }
NR > 1 {
	sub(/\r$/, "")
	for (i = 2; i <= 6; i++) {
		v = toupper($i); gsub(/ /, "", v)
		if (v == key[i-1]) correct++
	}
}
END { print correct + 0 }`

func main() {
	rows := flag.Int("rows", 200000, "learners on the sheet")
	runs := flag.Int("n", 15, "rounds: runs of each program")
	maxRatio := flag.Float64("max", 2, "limit on grade's median over awk's")
	flag.Parse()
	if err := measure(*rows, *runs, *maxRatio); err != nil {
		fmt.Fprintln(os.Stderr, "gradebench:", err)
		os.Exit(1)
	}
}

func measure(rows, runs int, maxRatio float64) error {
	awk, err := exec.LookPath("awk")
	if err != nil {
		return fmt.Errorf("awk is needed to compare with: %v", err)
	}
	dir, err := os.MkdirTemp("", "gradebench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tokenlab := filepath.Join(dir, "tokenlab")
	if out, err := exec.Command("go", "build", "-o", tokenlab, "./cmd/tokenlab").CombinedOutput(); err != nil {
		return fmt.Errorf("building tokenlab: %v\n%s", err, out)
	}
	sheet := filepath.Join(dir, "class.csv")
	want, err := writeSheet(sheet, rows)
	if err != nil {
		return err
	}

	// Both must find the same number of correct answers.
	out, err := exec.Command(awk, awkCount, sheet).Output()
	if err != nil || strings.TrimSpace(string(out)) != strconv.Itoa(want) {
		return fmt.Errorf("awk counted %q (%v), want %d", out, err, want)
	}
	cmd := exec.Command(tokenlab, "quiz", "grade", sheet, "--format", "csv")
	out, err = cmd.Output()
	if err != nil {
		return fmt.Errorf("tokenlab quiz grade: %v", err)
	}
	if got := strings.Count(string(out), ",correct"); got != want {
		return fmt.Errorf("tokenlab counted %d correct answers, want %d", got, want)
	}

	var tGrade, tAwk []time.Duration
	for range runs {
		d, err := bench.Time(tokenlab, "quiz", "grade", sheet, "--format", "json")
		if err != nil {
			return err
		}
		tGrade = append(tGrade, d)
		d, err = bench.Time(awk, awkCount, sheet)
		if err != nil {
			return err
		}
		tAwk = append(tAwk, d)
	}
	mg, ma := bench.Median(tGrade), bench.Median(tAwk)
	ratio := float64(mg) / float64(ma)
	fmt.Printf("sheet: %d learners, %d correct answers\n", rows, want)
	fmt.Printf("tokenlab quiz grade --format json  median %v\n", mg.Round(time.Millisecond))
	fmt.Printf("awk counting correct answers       median %v\n", ma.Round(time.Millisecond))
	fmt.Printf("ratio: %.2fx (limit %.2fx)\n", ratio, maxRatio)
	if ratio > maxRatio {
		return fmt.Errorf("grade takes %.2fx awk's time; the limit is %.2fx", ratio, maxRatio)
	}
	return nil
}

// writeSheet writes a class sheet with answers in mixed case, spaces, blanks
// and invalid entries, and returns how many answers are correct.
func writeSheet(path string, rows int) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewPCG(1, 2))
	key := "ACBDA"
	choices := []string{"A", "B", "C", "D", "a", "c", " b", "", "x"}
	correct := 0
	w.WriteString("learner,q1,q2,q3,q4,q5\r\n")
	for i := range rows {
		fmt.Fprintf(w, "learner %d", i)
		for q := range 5 {
			v := choices[r.IntN(len(choices))]
			if r.IntN(2) == 0 {
				v = key[q : q+1]
			}
			if strings.ToUpper(strings.TrimSpace(v)) == key[q:q+1] {
				correct++
			}
			w.WriteString("," + v)
		}
		w.WriteString("\r\n")
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	return correct, f.Close()
}
