package cmd

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at release time with -ldflags "-X github.com/tokenlab/tokenlab/cmd.version=v1.2.3".
var version = ""

func newVersionCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print tokenlab's version",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(g.ios.Out, "tokenlab %s\n", buildVersion())
			return err
		},
	}
}

// buildVersion is the release version, else the module version Go recorded
// (set by `go install …@version`), else "(devel)".
func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
