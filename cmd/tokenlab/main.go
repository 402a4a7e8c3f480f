// Command tokenlab is an interactive tutorial: "Token refresh mechanism in a
// REST API", in four build steps and a practice quiz.
package main

import (
	"os"

	"github.com/tokenlab/tokenlab/cmd"
)

func main() {
	os.Exit(cmd.Main())
}
