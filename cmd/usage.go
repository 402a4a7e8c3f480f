package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// usage is cobra's usage text with the flag descriptions wrapped to the
// page width, so --help fits an 80-column terminal (and a narrower one).
func usage(ios *IOStreams) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		var b strings.Builder
		b.WriteString("Usage:")
		if c.Runnable() {
			b.WriteString("\n  " + c.UseLine())
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n  " + c.CommandPath() + " [command]")
		}
		if c.HasExample() {
			b.WriteString("\n\nExamples:\n" + c.Example)
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n\nAvailable Commands:")
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() || sub.Name() == "help" {
					fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
				}
			}
		}
		width := ios.PageWidth()
		if c.HasAvailableLocalFlags() {
			b.WriteString("\n\nFlags:\n" + strings.TrimRight(c.LocalFlags().FlagUsagesWrapped(width), " \n"))
		}
		if c.HasAvailableInheritedFlags() {
			b.WriteString("\n\nGlobal Flags:\n" + strings.TrimRight(c.InheritedFlags().FlagUsagesWrapped(width), " \n"))
		}
		if c.HasAvailableSubCommands() {
			fmt.Fprintf(&b, "\n\nUse \"%s [command] --help\" for more information about a command.", c.CommandPath())
		}
		b.WriteString("\n")
		_, err := io.WriteString(c.OutOrStderr(), b.String())
		return err
	}
}
