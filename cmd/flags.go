package cmd

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tokenlab/tokenlab/internal/editdist"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/tokenlab/tokenlab/lesson"
)

// timeValue is --current-time: a whole number from 0 to lesson.MaxTime.
type timeValue struct{ t *int64 }

func (v timeValue) String() string { return strconv.FormatInt(*v.t, 10) }
func (v timeValue) Type() string   { return "time" }
func (v timeValue) Set(s string) error {
	n, err := lesson.ParseTime(s)
	if err != nil {
		return err
	}
	*v.t = n
	return nil
}

// wholeNumber reads a whole number written in decimal digits, as every
// number flag takes it (--current-time too): no sign, no 0x, no spaces
// inside.
func wholeNumber(s string) (uint64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}

// numberValue is a flag that takes a whole number from lo to hi.
type numberValue[T int | uint64] struct {
	p      *T
	lo, hi uint64
}

func newNumber[T int | uint64](p *T, def T, lo, hi uint64) numberValue[T] {
	*p = def
	return numberValue[T]{p: p, lo: lo, hi: hi}
}

func (v numberValue[T]) String() string { return strconv.FormatUint(uint64(*v.p), 10) }
func (v numberValue[T]) Type() string   { return "number" }
func (v numberValue[T]) Set(s string) error {
	n, ok := wholeNumber(s)
	if !ok || n < v.lo || n > v.hi {
		return fmt.Errorf("must be a whole number from %d to %d", v.lo, v.hi)
	}
	*v.p = T(n)
	return nil
}

// numberListValue is a repeatable flag that takes whole numbers from 1,
// each time one or several separated by commas (--question 3,5), as its
// String writes them.
type numberListValue struct{ p *[]int }

func (v numberListValue) String() string {
	parts := make([]string, len(*v.p))
	for i, n := range *v.p {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}
func (v numberListValue) Type() string { return "number" }
func (v numberListValue) Set(s string) error {
	var ns []int
	for part := range strings.SplitSeq(s, ",") {
		n, ok := wholeNumber(part)
		if !ok || n < 1 || n > math.MaxInt32 {
			return errors.New("must be question numbers, whole numbers from 1, separated by commas (e.g. 3,5)")
		}
		ns = append(ns, int(n))
	}
	*v.p = append(*v.p, ns...)
	return nil
}

// durationValue is a flag that takes a length of time with its unit.
type durationValue struct{ p *time.Duration }

func (v durationValue) String() string { return v.p.String() }
func (v durationValue) Type() string   { return "duration" }
func (v durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return errors.New("must be a length of time with its unit, e.g. 5s, 500ms or 1m")
	}
	*v.p = d
	return nil
}

// enumValue is a flag that takes one of a fixed list of words, in any case.
type enumValue struct {
	value   *string
	allowed []string
}

func newEnum(p *string, def string, allowed ...string) *enumValue {
	*p = def
	return &enumValue{value: p, allowed: allowed}
}

func (v *enumValue) String() string { return *v.value }
func (v *enumValue) Type() string   { return "string" }
func (v *enumValue) Set(s string) error {
	w, err := pickWord(s, v.allowed)
	if err == nil {
		*v.value = w
	}
	return err
}

// pickWord returns s as one of the allowed words, in any case.
func pickWord(s string, allowed []string) (string, error) {
	w := strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(allowed, w) {
		return "", fmt.Errorf("must be %s", orList(allowed))
	}
	return w, nil
}

// complete offers the allowed words to shell completion.
func (v *enumValue) complete(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return v.allowed, cobra.ShellCompDirectiveNoFileComp
}

// listValue is a repeatable flag that takes words from a fixed list.
type listValue struct {
	values  *[]string
	allowed []string
}

func (v *listValue) String() string { return strings.Join(*v.values, ",") }
func (v *listValue) Type() string   { return "string" }
func (v *listValue) Set(s string) error {
	w, err := pickWord(s, v.allowed)
	if err == nil {
		*v.values = append(*v.values, w)
	}
	return err
}

func (v *listValue) complete(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return v.allowed, cobra.ShellCompDirectiveNoFileComp
}

// Output formats of --format.
const (
	formatText       = "text"
	formatJSON       = "json"
	formatCSV        = "csv"
	formatGradescope = "gradescope"
	formatExercism   = "exercism"
	formatJUnit      = "junit"
	formatHTML       = "html"
)

// addFormatFlag adds --format to c: one of formats, text first and the
// default, with completion. note, if any, follows the list in --help.
func addFormatFlag(c *cobra.Command, p *string, note string, formats ...string) {
	format := newEnum(p, formats[0], formats...)
	usage := "output format: " + orList(formats)
	if note != "" {
		usage += " (" + note + ")"
	}
	c.Flags().Var(format, "format", usage)
	_ = c.RegisterFlagCompletionFunc("format", format.complete)
}

// orList writes "a, b or c".
func orList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// flagError turns pflag's errors into one line that says what was wrong and
// what is allowed, marked as bad usage.
func flagError(c *cobra.Command, err error) error {
	var invalid *pflag.InvalidValueError
	var notExist *pflag.NotExistError
	var needsValue *pflag.ValueRequiredError
	help := fmt.Sprintf("see '%s --help'", c.CommandPath())
	switch {
	case errors.As(err, &invalid):
		return usageErrorf("invalid value %q for --%s: %v", invalid.GetValue(), invalid.GetFlag().Name, errors.Unwrap(invalid))
	case errors.As(err, &notExist):
		if short := notExist.GetSpecifiedShortnames(); short != "" {
			return usageErrorf("unknown flag -%s in -%s; %s", notExist.GetSpecifiedName(), short, help)
		}
		if near := nearestFlag(c, notExist.GetSpecifiedName()); near != "" {
			return usageErrorf("unknown flag --%s; did you mean --%s? S%s", notExist.GetSpecifiedName(), near, help[1:])
		}
		return usageErrorf("unknown flag --%s; %s", notExist.GetSpecifiedName(), help)
	case errors.As(err, &needsValue):
		return usageErrorf("flag --%s needs a value; %s", needsValue.GetFlag().Name, help)
	}
	return usageErrorf("%v; %s", err, help)
}

// nearestFlag is the flag of c (its own or inherited) whose name is
// closest to name, within two edits or a prefix of it, or "".
func nearestFlag(c *cobra.Command, name string) string {
	best, bestDist := "", 3
	visit := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := editdist.Distance(name, f.Name)
		if strings.HasPrefix(f.Name, name) && len(name) >= 3 {
			d = min(d, 1)
		}
		if d < bestDist || d == bestDist && f.Name < best {
			best, bestDist = f.Name, d
		}
	}
	c.Flags().VisitAll(visit)
	c.InheritedFlags().VisitAll(visit)
	return best
}
