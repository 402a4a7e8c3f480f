package cmd

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
)

// parse runs c on args with a runF that keeps the options and runs
// nothing: flag and argument tests need no Python, no terminal, no port.
func parse(t *testing.T, c *cobra.Command, args ...string) {
	t.Helper()
	ios, _, _, _ := TestStreams()
	// Never nil: cobra reads a nil list as os.Args, the test binary's flags.
	c.SetArgs(append([]string{}, args...))
	c.SetIn(ios.In)
	c.SetOut(ios.Out)
	c.SetErr(ios.ErrOut)
	c.SilenceUsage, c.SilenceErrors = true, true
	if err := c.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
}

func testGlobals() *globalOptions {
	ios, _, _, _ := TestStreams()
	return &globalOptions{ios: ios}
}

func TestCheckFlags(t *testing.T) {
	t.Parallel()
	var got *checkOptions
	c := newCheckCmd(testGlobals(), func(_ context.Context, o *checkOptions) error { got = o; return nil })
	parse(t, c, "class/", "extra.py", "--jobs", "3", "--step", "2", "--seed", "9", "--sandbox", "OFF",
		"--timeout", "2s", "--python", "py3", "--recursive", "--no-record", "--format", "json")
	want := checkOptions{paths: []string{"class/", "extra.py"}, jobs: 3, step: 2, seed: 9, seedSet: true, sandbox: "off",
		timeout: 2 * time.Second, python: "py3", recursive: true, noRecord: true, format: "json", apiTimeout: time.Minute}
	got.g = nil
	if diff := cmp.Diff(want, *got, cmp.AllowUnexported(checkOptions{})); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}

	c = newCheckCmd(testGlobals(), func(_ context.Context, o *checkOptions) error { got = o; return nil })
	parse(t, c, "solution.py")
	if got.seedSet || got.sandbox != "auto" || got.timeout != 5*time.Second || got.python != "python3" || got.format != "text" {
		t.Errorf("defaults %+v", *got)
	}
}

func TestWatchFlags(t *testing.T) {
	t.Parallel()
	var got *watchOptions
	c := newWatchCmd(testGlobals(), func(_ context.Context, o *watchOptions) error { got = o; return nil })
	parse(t, c, "mine.py", "--timeout", "1s", "--no-record")
	if got.file != "mine.py" || got.timeout != time.Second || !got.noRecord || got.keys == nil {
		t.Errorf("options %+v", *got)
	}
}

func TestQuizGradeFlags(t *testing.T) {
	t.Parallel()
	var got *gradeOptions
	c := newQuizCmd(testGlobals(), nil, func(_ context.Context, o *gradeOptions) error { got = o; return nil })
	parse(t, c, "grade", "class.csv", "--bank", "mine.yaml", "--format", "csv")
	if got.sheet != "class.csv" || got.bank != "mine.yaml" || got.format != "csv" {
		t.Errorf("options %+v", *got)
	}
}

func TestStepLangImpliesSolution(t *testing.T) {
	t.Parallel()
	var got *stepOptions
	c := newStepCmd(testGlobals(), func(_ context.Context, o *stepOptions) error { got = o; return nil })
	parse(t, c, "3", "--lang", "go")
	if got.step != 3 || !got.solution || got.lang != "go" {
		t.Errorf("options %+v", *got)
	}
}

func TestInitFlags(t *testing.T) {
	t.Parallel()
	var got *initOptions
	c := newInitCmd(testGlobals(), func(_ context.Context, o *initOptions) error { got = o; return nil })
	parse(t, c, "mine.go", "--lang", "go")
	if got.file != "mine.go" || got.lang != "go" || !got.langSet {
		t.Errorf("options %+v", *got)
	}
}

func TestLearnFlags(t *testing.T) {
	t.Parallel()
	var got *learnOptions
	c := newLearnCmd(testGlobals(), func(_ context.Context, o *learnOptions) error { got = o; return nil })
	parse(t, c, "mine.py", "--lang", "go")
	if got.file != "mine.py" || got.lang != "go" || got.keys == nil {
		t.Errorf("options %+v", *got)
	}
	c = newLearnCmd(testGlobals(), func(_ context.Context, o *learnOptions) error { got = o; return nil })
	parse(t, c)
	if got.file != "solution.py" || got.lang != "python" {
		t.Errorf("defaults %+v", *got)
	}
}

// Number flags take decimal digits only, the same for every flag.
func FuzzWholeNumber(f *testing.F) {
	for _, s := range []string{"0", "120", " 7 ", "0x10", "-1", "+1", "1e3", "18446744073709551615", "18446744073709551616", "", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := wholeNumber(s)
		if !ok {
			return
		}
		if got := strconv.FormatUint(n, 10); strings.TrimLeft(strings.TrimSpace(s), "0") != strings.TrimLeft(got, "0") {
			t.Errorf("wholeNumber(%q) = %d", s, n)
		}
	})
}
