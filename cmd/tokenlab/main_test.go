package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/tokenlab/tokenlab/internal/golden"
	_ "github.com/tokenlab/tokenlab/internal/pythontest" // python3 is the interpreter, not a wrapper
)

// The scripts in testdata/script run the real tokenlab as a process, so
// they pin exit codes, stdout and stderr end to end.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"tokenlab": func() { main() },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		// -update rewrites the scripts' expected output too.
		UpdateScripts: golden.Updating(),
		Setup: func(env *testscript.Env) error {
			// Each script keeps its progress in its own work directory.
			env.Setenv("TOKENLAB_HOME", env.WorkDir+"/.tokenlab")
			return nil
		},
	})
}
