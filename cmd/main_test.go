package cmd

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// Most of this package's tests wait: on checks of a class that has a
// program running to its timeout, on watch's file events, on a server.
// Their own work is small, so unless -parallel is given they run two to
// a core rather than one (go test's default), which takes the package's
// -short run from about 19 s to 15 s on two cores. Four to a core was no
// quicker and starved the checks: a run's timeout is wall time.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		if err := flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0))); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
