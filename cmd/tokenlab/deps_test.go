package main

import (
	"os/exec"
	"strings"
	"testing"
)

// slowToStart are packages whose initialisers build large tables on every
// start: tokenlab must not link them, or every command pays (see
// scripts/bench-startup). The test uses them; the binary does not.
var slowToStart = []string{
	"github.com/google/go-cmp/cmp",       // ~0.5 ms: check's diff is our own
	"github.com/russross/blackfriday/v2", // ~0.3 ms: only internal/tools/gendocs links it
	"github.com/cpuguy83/go-md2man/v2/md2man",
	// crypto/internal/fips140 was here too: net/http (serve, check --api)
	// links it through crypto/tls, and scripts/bench-startup measures what
	// that costs.
}

func deps(t *testing.T, pkg string) map[string]bool {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list tokenlab's packages: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	set := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		set[p] = true
	}
	return set
}

func TestBinaryLinksNothingSlowToStart(t *testing.T) {
	linked := deps(t, ".")
	for _, p := range slowToStart {
		if linked[p] {
			t.Errorf("tokenlab links %s, whose initialisers slow every start", p)
		}
	}
	// The page generator does link it, so the list above names the right package.
	if !deps(t, "../../internal/tools/gendocs")["github.com/russross/blackfriday/v2"] {
		t.Error("gendocs does not link cobra's man page writer: is the list above out of date?")
	}
}

// The token server stands alone: it imports nothing of the checker (the
// conformance checks live in internal/apicheck, with the other checks).
func TestTokenServerImportsNoChecker(t *testing.T) {
	for p := range deps(t, "github.com/tokenlab/tokenlab/internal/tokenapi") {
		if strings.HasPrefix(p, "github.com/tokenlab/tokenlab/") && p != "github.com/tokenlab/tokenlab/internal/tokenapi" {
			t.Errorf("internal/tokenapi imports %s", p)
		}
	}
}
