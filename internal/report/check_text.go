package report

import (
	"fmt"
	"strings"

	"github.com/tokenlab/tokenlab/internal/sandbox"
	"github.com/tokenlab/tokenlab/lesson/grade"
)

// CheckText is the text report of check: each file's tests, then for a batch a
// summary table and counts.
func CheckText(rep grade.Report, width int) string {
	th := NewTheme()
	var b strings.Builder
	single := len(rep.Submissions) == 1
	if single {
		// A learner checking their file: the one thing to fix first.
		b.WriteString(headline(rep.Submissions[0], th, width) + "\n")
		b.WriteString(Advice(rep.Submissions[0], th, width) + "\n")
	}
	mark := func(s grade.Status) Cell {
		switch s {
		case grade.Pass:
			return Cell{Text: "pass", Style: th.Good}
		case grade.Fail:
			return Cell{Text: "FAIL", Style: th.Bad}
		case grade.Skip:
			return Cell{Text: "skip", Style: th.Muted}
		case grade.Note:
			return Cell{Text: "note", Style: th.Changed}
		}
		return Cell{Text: "ERROR", Style: th.Bad}
	}
	for i, s := range rep.Submissions {
		if i > 0 {
			b.WriteString("\n")
		}
		st := mark(s.Status)
		seed := "  " + th.Muted.Render(fmt.Sprintf("(seed %d)", s.Seed))
		if grade.IsAPI(s.Path) {
			seed = "" // a server is not probed with a seed
		}
		b.WriteString(th.Title.Render(VisibleName(s.Path)) + "  " + st.Render() + seed + "\n")
		if s.Status == grade.Error {
			b.WriteString(Wrap(Visible(s.Message), width, Indent) + "\n")
			continue
		}
		t := Table{Width: width}
		t.Header = []string{"step", "check", "result", "what"}
		for _, test := range s.Tests {
			t.Add(Plain(fmt.Sprint(test.Step)), Plain(test.ID), mark(test.Status), Plain(Visible(test.Message)))
		}
		b.WriteString(t.Render(th, Indent))
		for _, test := range s.Tests {
			if test.Status != grade.Fail || test.Expected == "" && test.Actual == "" {
				continue
			}
			b.WriteString(Indent + th.Bad.Render(test.ID) + ":\n")
			b.WriteString(WantGot(test, th, Indent+Indent))
		}
	}
	if len(rep.Submissions) > 1 {
		b.WriteString("\n" + th.Heading.Render("Summary") + "\n")
		t := Table{Width: width}
		t.Header = []string{"file", "status", "steps passed", "message"}
		for _, s := range rep.Submissions {
			t.Add(Plain(VisibleName(s.Path)), mark(s.Status), Plain(stepsPassed(s)), Plain(Visible(s.Message)))
		}
		b.WriteString(t.Render(th, Indent))
	}
	sum := rep.Summary
	if single && grade.IsAPI(rep.Submissions[0].Path) {
		// A server: nothing was contained, and the learner's next step is
		// their own. What the check left behind on it is said.
		b.WriteString("\n" + StyleLines(th.Muted, Wrap(apiAfterword, width, "")) + "\n")
		return b.String()
	}
	b.WriteString("\n" + StyleLines(th.Muted, Wrap(containmentLine(rep), width, "")) + "\n")
	if single {
		b.WriteString(nextAfterCheck(rep.Submissions[0], th, width))
		return b.String()
	}
	b.WriteString(fmt.Sprintf("%d checked: %d passed, %d failed, %d %s\n", sum.Total, sum.Pass, sum.Fail, sum.Error,
		Plural(sum.Error, "error", "errors")))
	return b.String()
}

// headline is a single file's verdict in a sentence, styled: all
// passing, the first step to fix and why, or why the program did not run
// to the end.
func headline(s grade.Submission, th Theme, width int) string {
	switch s.Status {
	case grade.Pass:
		return StyleLines(th.Good, Wrap(capitalize(Visible(s.Message))+".", width, ""))
	case grade.Error:
		if grade.IsAPI(s.Path) {
			return StyleLines(th.Bad, Wrap("The server could not be checked: "+Visible(s.Message), width, ""))
		}
		return StyleLines(th.Bad, Wrap("Your program does not run to the end: "+Visible(s.Message), width, ""))
	}
	for _, t := range s.Tests {
		if t.Status == grade.Fail && grade.IsAPI(s.Path) {
			return StyleLines(th.Bad, Wrap(fmt.Sprintf("Fix %s first: %s.", t.ID, Visible(t.Message)), width, ""))
		}
		if t.Status == grade.Fail {
			text := fmt.Sprintf("Fix step %d first: %s.", t.Step, Visible(t.Message))
			if strings.HasPrefix(t.ID, "refresh-") {
				text += " tokenlab tries other times and tokens too, so the rule must hold for any values, not just 120."
			}
			return StyleLines(th.Bad, Wrap(text, width, ""))
		}
	}
	return Visible(s.Message)
}

// Advice is a passing program's notes (see grade.Note) as a line each, to
// show under its verdict, or "" when there are none or a step still fails:
// the failure comes first.
func Advice(s grade.Submission, th Theme, width int) string {
	if s.Status != grade.Pass {
		return ""
	}
	var b strings.Builder
	for _, t := range s.Tests {
		if t.Status == grade.Note {
			b.WriteString(StyleLines(th.Changed, Wrap("Note (advice, not a failure): "+Visible(t.Message)+".", width, "")) + "\n")
		}
	}
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// nextAfterCheck is what a learner runs after checking their file.
func nextAfterCheck(s grade.Submission, th Theme, width int) string {
	if s.Status == grade.Pass {
		return Next(th, width, "Next:", "tokenlab quiz", "(five practice questions)")
	}
	watch := Indent + th.Command.Render("tokenlab watch "+s.Path) + "\n"
	for _, t := range s.Tests {
		if t.Status == grade.Fail {
			return Next(th, width, "Next:", fmt.Sprintf("tokenlab hint %d", t.Step), "for a hint; keep it checked as you edit with") + watch
		}
	}
	return Wrap("Next: fix it and check again; keep it checked as you edit with", width, "") + "\n" + watch
}

// apiAfterword is what check --api leaves on the server it checked.
const apiAfterword = "The check moved the server's clock forward (POST /clock) to see tokens expire, " +
	"and left it there: restart the server for a clock at its start."

// containmentLine says how the solutions were contained.
func containmentLine(rep grade.Report) string {
	if rep.Containment == sandbox.Bubblewrap {
		return "Contained by bubblewrap: no network, no view of your files or processes."
	}
	line := "Contained by process limits only: without bubblewrap, solutions are not cut off from the network or your files."
	if rep.Unavailable != "" {
		line += " Bubblewrap is installed but " + strings.TrimPrefix(rep.Unavailable, "bubblewrap ") + "."
	}
	return line
}

// WantGot shows what a failed test wanted and got: a -want +got
// diff for output, else the two values.
func WantGot(test grade.Test, th Theme, prefix string) string {
	var b strings.Builder
	if test.Diff != "" {
		b.WriteString(prefix + th.Muted.Render("-want +got") + "\n")
		for _, line := range strings.Split(test.Diff, "\n") {
			b.WriteString(strings.TrimRight(prefix+Visible(line), " ") + "\n")
		}
		return b.String()
	}
	b.WriteString(prefix + "want: " + Visible(test.Expected) + "\n")
	b.WriteString(prefix + "got:  " + Visible(test.Actual) + "\n")
	return b.String()
}

// stepsPassed lists the steps whose every test passed, e.g. "1 2 4".
func stepsPassed(s grade.Submission) string {
	if s.Status == grade.Error {
		return "-"
	}
	var steps []string
	for _, step := range s.PassedSteps() {
		steps = append(steps, fmt.Sprint(step))
	}
	if len(steps) == 0 {
		return "none"
	}
	return strings.Join(steps, " ")
}
