package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tokenlab/tokenlab/internal/apicheck"

	"github.com/tokenlab/tokenlab/internal/fserr"

	"github.com/spf13/cobra"
	"github.com/tokenlab/tokenlab/internal/report"
	"github.com/tokenlab/tokenlab/internal/safefile"
	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/lesson"
	"github.com/tokenlab/tokenlab/lesson/grade"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// checkOptions are the flags of `tokenlab check`.
type checkOptions struct {
	g         *globalOptions // the persistent flags and streams
	paths     []string
	step      int
	timeout   time.Duration
	jobs      int
	python    string
	recursive bool
	seed      uint64
	seedSet   bool
	keyFile   string // a course's key; "" is this machine's
	format    string
	noRecord  bool
	sandbox   string
	api       string // a server to check instead of files
	public    bool
	// apiTimeout bounds a whole check of a server; timeout bounds each
	// of its answers.
	apiTimeout time.Duration
}

// checkLong is check --help's text: what is checked, how it is scored,
// how solutions are contained.
const checkLong = `Check learners' solutions by running them, safely, and looking at what they
do, step by step:

  step 1  tokens holds exactly alice, bob and carol as the exercise gives them,
          and the program writes them out so (a Python dictionary display)
  step 2  current_time is 120, and written so
  step 3  refresh_token(user) renews an expired token, leaves a valid one alone
          (also when its expiry equals the time), reads the global current_time,
          changes only that user and updates tokens in place
  step 4  the program calls refresh_token('alice') and prints exactly
          "Refreshed token for alice: " and tokens['alice']['token']
          (newtoken123 when step 3 is right); run again with other values
          of current_time and alice's entry, set at its first call of
          refresh_token, it prints the renewed token when alice's had
          expired, and the same token or a message when it had not

A fault is reported at the step where it is: each step is judged on its own
work.

One more check is advice, never a failure: What You'll Learn also asks for
"a message if the token is still valid". It passes when, run again at a
time when alice's token has not expired, the program prints a message, and
is a "note" (shown, changing no verdict) when it prints nothing or still
says "Refreshed".

Each PATH is a solution file or a directory of them (every .py inside; with
--recursive, below it too). Directories are checked in parallel (--jobs).
Verdicts come from what the solution does, never from what it reports
about itself: tokenlab chooses the probes, sends them only once the
solution's own code has finished, and computes every expected result
itself. The probes are drawn from a seed shown in the report and the
file's content (--seed with a report's seed repeats it; an edited file gets
other probes); by default the seed is a keyed hash of the file, so one file
always gets the same probes on one machine, but no file can work out its
own. The key is this machine's, made the first time; a course's own key,
given with --key-file FILE (or $TOKENLAB_KEY_FILE), gives one file the same
probes on every machine that holds it, so a TA can repeat what an
autograder reported. A key file holds at least 16 bytes; make one with
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > course.key
and keep it from learners, who could work out their probes with it.

Each solution runs contained. With bubblewrap (--sandbox auto, the default,
uses it when it is installed and can start here; where it cannot, as in a
container that refuses user namespaces, check says why and uses the process
limits) a solution has no network, sees no process but its own, reads only
what its interpreter needs, writes only to a small private /tmp holding a
copy of its file, and gets an empty environment.
Every solution, with or without bubblewrap, runs with a timeout that stops it
and everything it started, capped output, limits on CPU, memory, file size
and processes, no input and no terminal; as root, under a user of its own.
Without bubblewrap it is not cut off from your files or the network:
install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap) before
checking code you have not read. The report says which was used.

Python solutions run with python3 (3.8 or later) or --python. Go (.go)
solutions are checked step by step too: built with the standard library
only, inside the sandbox, under the same limits and timeout. JavaScript
(.js) solutions get step 4's output checked.

Checking one file records the steps it passes in your progress (see
tokenlab progress); --no-record leaves progress alone. Checking a directory
or several files never records: that is an instructor checking a class.

--format gradescope and exercism write one submission's results.json for
those graders; junit, csv and html report a whole class.

--api URL checks a token server instead, in any language, against the
contract tokenlab serve follows (see tokenlab serve --help): 14 checks over
real HTTP, from logging in to reuse detection, and one piece of advice. The
server must offer POST /clock, so that expiry can be tested without waiting;
the check moves that clock forward, and leaves it there. Only URLs on this
machine, unless --public.`

// newCheckCmd builds `check`. runF, when a test gives one, gets the parsed
// options instead of runCheck.
func newCheckCmd(g *globalOptions, runF func(context.Context, *checkOptions) error) *cobra.Command {
	o := &checkOptions{g: g}
	c := &cobra.Command{
		Use:   "check PATH...",
		Short: "Check solutions by what they do, one file or a whole class",
		Long:  checkLong,
		Example: `  tokenlab check solution.py
  tokenlab check solution.py --step 3
  tokenlab check class/ --jobs 4 --key-file course.key
  tokenlab check class/ --format json > report.json
  tokenlab check class/ --format html > report.html
  tokenlab check --api http://127.0.0.1:8080`,
		Args: func(c *cobra.Command, args []string) error {
			api := c.Flags().Changed("api")
			switch {
			case api && len(args) > 0:
				return usageErrorf("check --api checks a server, not files; give the URL alone (for example: tokenlab check --api http://127.0.0.1:8080)")
			case !api && len(args) == 0:
				return usageErrorf("check needs at least one solution file or directory (for example: tokenlab check solution.py), or --api URL for a server")
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return grade.Extensions(), cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.paths = args
			o.seedSet = c.Flags().Changed("seed")
			if runF != nil {
				return runF(c.Context(), o)
			}
			return runCheck(c.Context(), o)
		},
	}
	f := c.Flags()
	f.Var(newNumber(&o.step, 0, 1, lesson.StepCount), "step", "check only step N (1 to 4)")
	o.timeout = sandbox.DefaultLimits().Timeout
	f.Var(durationValue{&o.timeout}, "timeout", "stop a solution that runs longer than this")
	f.Var(newNumber(&o.jobs, runtime.NumCPU(), 1, 256), "jobs", "solutions checked at once (1 to 256)")
	f.Lookup("jobs").DefValue = "one per CPU" // the same help on every machine
	f.StringVar(&o.api, "api", "", "check a token server at this URL against the contract of tokenlab serve, instead of files")
	o.apiTimeout = time.Minute
	f.Var(durationValue{&o.apiTimeout}, "api-timeout", "with --api, stop the whole check of the server after this long")
	f.BoolVar(&o.public, "public", false, "with --api, allow a URL that is not on this machine (loopback)")
	f.StringVar(&o.python, "python", "python3", "the Python interpreter to run .py solutions with")
	f.BoolVar(&o.recursive, "recursive", false, "look for solutions in subdirectories too")
	f.Var(newNumber(&o.seed, 0, 0, math.MaxUint64), "seed", "probe every solution with this seed (default: a keyed hash of each file)")
	f.StringVar(&o.keyFile, "key-file", "", "draw probe seeds with the course key in this file, as every machine holding it does (default: $"+keyFileEnv+", else this machine's key)")
	f.BoolVar(&o.noRecord, "no-record", false, "do not record the steps a single file passes in your progress")
	sandbox := newEnum(&o.sandbox, sandbox.Auto, sandbox.Modes...)
	f.Var(sandbox, "sandbox", "auto: bubblewrap when installed; bwrap: bubblewrap or refuse; off: process limits only")
	_ = c.RegisterFlagCompletionFunc("sandbox", sandbox.complete)
	addFormatFlag(c, &o.format, "gradescope and exercism: one file", formatText, formatJSON,
		formatGradescope, formatExercism, formatJUnit, formatCSV, formatHTML)
	_ = c.RegisterFlagCompletionFunc("step", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{"1", "2", "3", "4"}, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

func runCheck(ctx context.Context, o *checkOptions) error {
	if o.api != "" || len(o.paths) == 0 {
		return runCheckAPI(ctx, o)
	}
	switch {
	case o.timeout <= 0:
		return timeoutError(o.timeout)
	case !sandbox.Supported:
		return usageErrorf("check runs learners' code contained, which needs a Unix-like system (Linux or macOS)")
	}
	var courseKey []byte
	if o.keyFile == "" {
		o.keyFile = o.g.ios.Getenv(keyFileEnv)
	}
	if o.keyFile != "" {
		key, err := grade.ReadCourseKey(o.keyFile)
		if err != nil {
			return usageErrorf("cannot use the course key: %v", err)
		}
		courseKey = key
	}
	files, refused, listed, err := solutionFiles(o.paths, o.recursive)
	if err != nil {
		return err
	}
	if (o.format == formatGradescope || o.format == formatExercism) && len(files) != 1 {
		return usageErrorf("--format %s reports on one submission, as %s runs once per submission; got %d files, name one",
			o.format, map[string]string{formatGradescope: "Gradescope", formatExercism: "Exercism"}[o.format], len(files))
	}
	opts, err := checkRunOptions(o.g, files, o.sandbox, o.python, o.timeout)
	if err != nil {
		return err
	}
	defer opts.Runner.Close()
	opts.Jobs, opts.Step, opts.Refused, opts.Listed = o.jobs, o.step, refused, listed
	if courseKey != nil {
		opts.SeedKey = courseKey
	}
	if o.seedSet {
		opts.Seed = &o.seed
	}
	if len(files) > 1 && opts.Runner.Containment() != sandbox.Bubblewrap {
		advice := "; install it (Debian and Ubuntu: apt-get install bubblewrap)"
		if opts.Runner.Unavailable() != "" {
			advice = "" // installed, and said why it cannot run
		}
		fmt.Fprintln(o.g.ios.ErrOut, "tokenlab: warning: bubblewrap is not in use, so these solutions can read your files and reach the network"+advice)
	}

	// Ctrl-C stops the runs under way (their process groups are killed).
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	// A batch shows its progress on a terminal's stderr, gone before the
	// report is written.
	status := newStatusLine(o.g.ios.ErrOut, o.g.ios.ErrTTY, o.g.ios.StatusDelay)
	stopTicking := func() {}
	if len(files) > 1 {
		var mu sync.Mutex
		done, failing := 0, 0
		line := func() string {
			mu.Lock()
			defer mu.Unlock()
			return fmt.Sprintf("checked %d/%d · %d not passing", done, len(files), failing)
		}
		opts.Progress = func(n int, s grade.Submission) {
			mu.Lock()
			done = n
			if s.Status != grade.Pass {
				failing++
			}
			mu.Unlock()
			status.update(line)
		}
		// The elapsed time moves on while a slow solution runs.
		stopTicking = status.tick(line)
	}
	rep := grade.Check(ctx, files, opts)
	stopTicking()
	status.done()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// One file named on its own is a learner checking their solution.
	if !o.noRecord && len(o.paths) == 1 && len(files) == 1 && files[0] == o.paths[0] {
		recordSteps(o.g, rep.Submissions[0])
	}

	if err := writeCheckReport(o, rep); err != nil {
		return err
	}
	if rep.Summary.Pass != rep.Summary.Total {
		return ErrFailed
	}
	return nil
}

// runCheckAPI is check --api: the conformance checks of a server, reported
// as check reports a solution.
func runCheckAPI(ctx context.Context, o *checkOptions) error {
	u, err := url.Parse(o.api)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageErrorf("invalid value %q for --api: must be a server's URL, e.g. http://127.0.0.1:8080", o.api)
	}
	if err := loopbackOnly(u.Hostname(), o.public, "--api "+o.api); err != nil {
		return err
	}
	if o.apiTimeout <= 0 {
		return usageErrorf("invalid value %q for --api-timeout: must be more than zero, e.g. 60s or 2m", o.apiTimeout)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	// One bound for the whole run, so that a server answering each request
	// just inside --timeout cannot hold the check for minutes.
	runCtx, cancel := context.WithTimeout(ctx, o.apiTimeout)
	defer cancel()
	client := &http.Client{Timeout: o.timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sub := apicheck.Run(runCtx, strings.TrimSuffix(o.api, "/"), client)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(runCtx.Err(), context.DeadlineExceeded) && sub.Status == grade.Error {
		sub.Message += fmt.Sprintf(" (--api-timeout %s; raise it for a slow server)", o.apiTimeout)
	} else if strings.Contains(sub.Message, "no whole answer within") {
		sub.Message += " (--timeout)"
	}
	rep := grade.Report{Submissions: []grade.Submission{sub}}
	rep.Summary.Total = 1
	switch sub.Status {
	case grade.Pass:
		rep.Summary.Pass = 1
	case grade.Fail:
		rep.Summary.Fail = 1
	default:
		rep.Summary.Error = 1
	}
	if err := writeCheckReport(o, rep); err != nil {
		return err
	}
	if sub.Status != grade.Pass {
		return ErrFailed
	}
	return nil
}

// writeCheckReport writes the report in the --format asked for.
func writeCheckReport(o *checkOptions, rep grade.Report) error {
	out := o.g.ios.Out
	switch o.format {
	case formatJSON:
		return report.CheckJSON(out, rep)
	case formatGradescope:
		return report.CheckGradescope(out, rep.Submissions[0])
	case formatExercism:
		return report.CheckExercism(out, rep.Submissions[0])
	case formatJUnit:
		return report.CheckJUnit(out, rep)
	case formatCSV:
		return report.CheckCSV(out, rep)
	case formatHTML:
		return report.CheckHTML(out, rep)
	}
	_, err := io.WriteString(o.g.out(), report.CheckText(rep, o.g.ios.PageWidth()))
	return err
}

// timeoutError refuses a --timeout that is not more than zero.
func timeoutError(d time.Duration) error {
	return usageErrorf("invalid value %q for --timeout: must be more than zero, e.g. 5s or 500ms", d)
}

// checkRunOptions are the options check and watch share: the runner for
// --sandbox and --python (Python is looked for only when a .py file is to
// be checked), the limits with --timeout, and the probe key.
func checkRunOptions(g *globalOptions, files []string, mode, python string, timeout time.Duration) (grade.Options, error) {
	cfg := grade.RunnerConfig{Sandbox: mode}
	if slices.ContainsFunc(files, func(f string) bool { return strings.EqualFold(filepath.Ext(f), ".py") }) {
		cfg.Python = python
	}
	r, err := grade.NewRunner(cfg)
	var noPython *grade.NoPythonError
	var unavailable *sandbox.UnavailableError
	switch {
	case errors.As(err, &noPython):
		return grade.Options{}, usageErrorf("%v with --python", err)
	case errors.Is(err, sandbox.ErrNoBubblewrap), errors.As(err, &unavailable):
		return grade.Options{}, asUsage(err)
	case err != nil:
		return grade.Options{}, err
	}
	if why := r.Unavailable(); why != "" {
		fmt.Fprintf(g.ios.ErrOut, "tokenlab: %s; solutions are contained by process limits instead (see the README's Containment)\n", why)
	}
	opts := grade.Options{Runner: r, Limits: sandbox.DefaultLimits(), Jobs: 1, SeedKey: seedKey(g)}
	opts.Limits.Timeout, opts.Limits.TimeoutText = timeout, timeout.String()
	return opts, nil
}

// keyFileEnv names a course key file for check, as --key-file does, for
// an autograder that cannot change tokenlab's arguments.
const keyFileEnv = "TOKENLAB_KEY_FILE"

// seedKey is the key probe seeds are drawn with, kept beside the progress
// file; a run that cannot keep one uses a new key, and says so.
func seedKey(g *globalOptions) []byte {
	path, err := progress.Locate(g.ios.Getenv)
	if err == nil {
		var key []byte
		if key, err = grade.LoadSeedKey(filepath.Dir(path)); err == nil {
			return key
		}
	}
	fmt.Fprintf(g.ios.ErrOut, "tokenlab: warning: cannot keep the probe key (%v): this run's probes cannot be repeated without --seed\n", err)
	return grade.NewSeedKey()
}

// solutionFiles expands the paths: a file is itself, a directory is every
// .py file in it (sorted), below it too with recursive. A link inside a
// directory that leads out of it is listed with the reason it is refused,
// never followed.
func solutionFiles(paths []string, recursive bool) ([]string, map[string]string, map[string]grade.Listed, error) {
	var files []string
	refused := map[string]string{}
	listed := map[string]grade.Listed{}
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, nil, usageErrorf("cannot check %s: %v", report.VisibleName(p), fserr.Pathless(err))
		}
		if !st.IsDir() {
			if !st.Mode().IsRegular() {
				return nil, nil, nil, usageErrorf("cannot check %s: %v", report.VisibleName(p), grade.NotRegularError(st.Mode()))
			}
			if _, ok := grade.LanguageOf(p); !ok {
				return nil, nil, nil, usageErrorf("cannot check %s: %s", report.VisibleName(p), grade.Checkable())
			}
			add(p)
			continue
		}
		root, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, nil, nil, usageErrorf("cannot read %s: %v", report.VisibleName(p), fserr.Pathless(err))
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && !recursive {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".py") {
				return nil
			}
			found = append(found, path)
			listed[path] = grade.Listed{Dir: p, Link: d.Type()&os.ModeSymlink != 0}
			if d.Type()&os.ModeSymlink != 0 {
				if target, err := filepath.EvalSymlinks(path); err != nil || !isWithin(target, root) {
					refused[path] = fmt.Sprintf("it is a link that leads out of %s; links are not followed out of the directory being checked", p)
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, nil, usageErrorf("cannot read %s: %v", report.VisibleName(p), fserr.Pathless(err))
		}
		if len(found) == 0 {
			hint := ""
			if !recursive {
				hint = " (add --recursive to look in its subdirectories)"
			}
			return nil, nil, nil, usageErrorf("no Python solutions (.py files) in %s%s", report.VisibleName(p), hint)
		}
		slices.Sort(found)
		for _, f := range found {
			add(f)
		}
	}
	return files, refused, listed, nil
}

// isWithin reports whether path is dir or inside it.
func isWithin(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// plantedFile reports whether the file at path begins as a program init
// --broken planted does. It reads the first bytes of a regular file only,
// without blocking: the file may have changed since it was checked.
func plantedFile(path string) bool {
	f, _, err := safefile.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	return lesson.Planted(head[:n])
}

// recordSteps records the steps s passes as the learner's steps done, so
// progress follows the file as it is now: a step that no longer passes
// takes its step back out. A file that did not run to the end (a syntax
// error in a save made mid-edit, say) says nothing of its steps, and
// leaves progress as it was.
func recordSteps(g *globalOptions, s grade.Submission) {
	if s.Status == grade.Error {
		return
	}
	if plantedFile(s.Path) {
		return // a bug planted by init --broken: practice, not the learner's program
	}
	passed := s.PassedSteps()
	g.recordProgress(func(p *progress.Progress) bool { return p.SetSteps(passed...) })
}
