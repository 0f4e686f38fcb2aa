package main

import (
	"context"
	"fmt"

	"github.com/orgctl/orgctl/workflow"
)

func runUnlock(ctx context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("unlock", &g)
	if code, done := a.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(a.stderr, "Error: give the ID of the apply lock to break: %s (apply prints it when it waits)\n", g.command(false, "unlock", "LOCK_ID"))
		return exitError
	}
	sess, err := a.connect(ctx, &g, sessionOptions{})
	if err != nil {
		return a.fail(err)
	}
	defer sess.close()
	info, err := workflow.Unlock(ctx, sess.providers, fs.Arg(0))
	if err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.stdout, "Broke the apply lock %s (%s).\n", info.ID, info)
	return exitOK
}
