// Package bench holds what the benchmark tools share: timing one run of a
// program and taking the median of many.
package bench

import (
	"os/exec"
	"slices"
	"time"
)

// Time runs a program to the end and returns how long it took.
func Time(name string, args ...string) (time.Duration, error) {
	c := exec.Command(name, args...)
	start := time.Now()
	err := c.Run()
	return time.Since(start), err
}

// Median is the middle of ds (the upper middle for an even count).
func Median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
