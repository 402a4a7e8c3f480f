package cmd

import (
	"context"
	"os"
)

// Main runs tokenlab with the process's arguments and streams, and returns
// the exit code.
//
// No signal handler is installed here: a command that ends while it runs
// dies by SIGINT, which the shell reports as 130 anyway, and an eager
// handler costs start-up time every command pays. A command that blocks and
// must clean up installs its own and returns context.Canceled (exit 130).
func Main() int {
	return Run(context.Background(), System(), os.Args[1:])
}

// Run runs tokenlab with args on ios and returns the exit code. It is Main
// without the process: tests call it directly.
func Run(ctx context.Context, ios *IOStreams, args []string) int {
	return execute(ctx, ios, args, runTree(args))
}

// execute is Run on the command tree newRootCmd builds for tree.
func execute(ctx context.Context, ios *IOStreams, args []string, tree string) int {
	root := newRootCmd(ios, tree)
	if args == nil {
		args = []string{} // cobra reads os.Args when given nil
	}
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	interrupted := ctx.Err() != nil
	reportError(ios.ErrOut, err, interrupted)
	return exitCode(err, interrupted)
}
