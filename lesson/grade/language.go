package grade

import (
	"fmt"
	"strings"

	"github.com/tokenlab/tokenlab/internal/sandbox"
)

// language is what differs between checking a Python and a Go solution
// once the harness has reported: the words. Both harnesses report the same
// observations, and the verdicts are written once, in Python's words
// (tokens['alice']['token'], refresh_token('alice')); a Go solution's are
// put in Go's (tokens["alice"].Token, refreshToken("alice")).
type language struct {
	words *strings.Replacer // nil: the verdicts' own words
	// exit is how a program ends the process before the checks finish.
	exit string
	// goRuntime: the program may end with the Go runtime's word on stderr
	// (out of memory, a panic in a goroutine, a deadlock).
	goRuntime bool
	// written: the harness reports, before the program runs, tokens and
	// current_time as the source writes them (Python's can be rewritten
	// by the program as it runs; a Go program, without unsafe, cannot
	// reach its harness).
	written bool
}

var python = language{exit: "os._exit", written: true}

var goLanguage = language{
	exit:      "os.Exit or log.Fatal",
	goRuntime: true,
	// Longer phrases first: at one place, the first that matches wins.
	words: strings.NewReplacer(
		"tokens['alice']['token']", `tokens["alice"].Token`,
		"tokens[user] itself, not a copy of it", "the entry in tokens itself, not a copy of it (a map of structs holds copies: store pointers, or assign the entry back)",
		"(A default argument such as now=current_time keeps the value it had when refresh_token was defined.)",
		"(A package-level variable such as now = currentTime keeps the value currentTime had when the program started.)",
		"print(a, b) puts a space between a and b, a + b puts none", "fmt.Println(a, b) puts a space between a and b, a + b puts none",
		"tokenlab runs the program again and, at its first call of refresh_token, sets current_time and alice's entry to other values; "+
			"here that call never came, or tokens['alice'] was not a dictionary it could set",
		"tokenlab runs main again with other values of currentTime and alice's entry, and it needs currentTime "+
			"to be a variable and tokens a map of entries with alice's among them",
		"refresh_token cannot be called with one argument, the user", "refreshToken cannot be called with one argument, the user (a string)",
		"it raised an exception at line", "it panicked at line",
		"it raised an exception:", "it panicked:",
		" raised ", " panicked: ",
		"the interpreter exited", "the program exited",
		"refresh_token('", `refreshToken("`,
		"')", `")`,
		"refresh_token", "refreshToken",
		"current_time", "currentTime",
		"a dictionary called tokens", "a map called tokens",
		"tokens is a dictionary", "tokens is a map",
		"the same tokens dictionary", "the same tokens map",
		", not a plain dict", ", not a map with string keys",
		"a new dict", "a new map",
		"a dict", "a map",
		", not a str", ", not a string",
		"'s token is a", "'s Token is a",
		"'s expiry is a", "'s Expiry is a",
	),
}

// translate puts a submission's messages in the language's words.
func (lang language) translate(sub Submission) Submission {
	if lang.words == nil {
		return sub
	}
	sub.Message = lang.words.Replace(sub.Message)
	for i, t := range sub.Tests {
		t.Message = lang.words.Replace(t.Message)
		t.Expected = lang.words.Replace(t.Expected)
		if t.Diff == "" { // what it printed stays as it printed it
			t.Actual = lang.words.Replace(t.Actual)
		}
		sub.Tests[i] = t
	}
	return sub
}

// endedEarly says why a run ended before the harness could report in full.
func (lang language) endedEarly(o sandbox.Outcome, l sandbox.Limits, duringProbes bool) string {
	if o.ExitCode == 126 || o.ExitCode == 127 {
		if msg, ok := strings.CutPrefix(firstLine(o.Stderr), "tokenlab: "); ok {
			return msg
		}
	}
	switch {
	case o.Signal == "":
	case o.Signal == "killed" && nearMemoryLimit(o, l, 8<<20):
		return fmt.Sprintf("it ran out of memory (limit %d MiB)", l.MemoryBytes>>20)
	case o.Signal == "CPU time limit exceeded":
		return fmt.Sprintf("it used more than %ds of CPU time and was stopped", l.CPUSeconds)
	default:
		return fmt.Sprintf("it was killed (%s) before the checks could finish: by a limit, or by the solution itself", o.Signal)
	}
	if lang.goRuntime {
		if msg := goRuntimeEnd(o, l); msg != "" {
			return msg
		}
	}
	msg := fmt.Sprintf("the interpreter exited (code %d) before the checks could finish; does the solution call %s?", o.ExitCode, lang.exit)
	if duringProbes {
		msg = fmt.Sprintf("the interpreter exited (code %d) while refresh_token was being checked; does the solution end the process?", o.ExitCode)
	}
	if last := lastLine(o.Stderr); last != "" {
		// Its last word is the likeliest reason: an interpreter's fatal
		// error, or what the solution printed before it ended the process.
		msg += fmt.Sprintf(" Its last line on stderr: %q", last[:min(len(last), 200)])
	}
	return msg
}

// lastLine is the last line of b that is not blank, as valid UTF-8.
func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimRight(string(b), " \t\r\n"), "\n")
	return strings.ToValidUTF8(strings.TrimSpace(lines[len(lines)-1]), "?")
}

// nearMemoryLimit reports whether a run's memory, as its cgroup measured
// it, peaked within slack of its limit.
func nearMemoryLimit(o sandbox.Outcome, l sandbox.Limits, slack int64) bool {
	return l.MemoryBytes > 0 && o.MemoryPeak >= l.MemoryBytes-slack
}

// goRuntimeEnd reads the Go runtime's last word on stderr, or "". Held to
// its memory limit, the runtime can also end with SIGSEGV.
func goRuntimeEnd(o sandbox.Outcome, l sandbox.Limits) string {
	nearLimit := nearMemoryLimit(o, l, 64<<20)
	for _, line := range strings.Split(string(o.Stderr), "\n") {
		switch {
		case strings.Contains(line, "out of memory"), strings.Contains(line, "runtime: cannot allocate memory"),
			strings.HasPrefix(line, "SIGSEGV") && nearLimit:
			return fmt.Sprintf("it ran out of memory (limit %d MiB)", l.MemoryBytes>>20)
		case strings.HasPrefix(line, "SIGSEGV"):
			return fmt.Sprintf("it crashed before the checks could finish (%s), as a Go program can when it runs out of memory (limit %d MiB)",
				strings.TrimSpace(line), l.MemoryBytes>>20)
		case strings.HasPrefix(line, "panic: "), strings.HasPrefix(line, "fatal error: "):
			return "it crashed before the checks could finish: " + strings.ToValidUTF8(line[:min(len(line), 200)], "?")
		}
	}
	return ""
}
