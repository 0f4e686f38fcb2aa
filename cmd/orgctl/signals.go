package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// exitInterrupted is the shell's code for a process ended by SIGINT.
const exitInterrupted = 130

// interrupts returns a context canceled at the first SIGINT or SIGTERM,
// so that a command stops what it started and says what it did. A second
// signal ends the process at once, for a user who will not wait for the
// requests in flight and the lock's release: it says what that leaves.
// stop ends the watch.
func interrupts(stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	done := make(chan struct{})
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-signals:
			cancel()
		case <-done:
			return
		}
		select {
		case <-signals:
			fmt.Fprintln(stderr, "\nInterrupted again: exiting now, without waiting for requests in flight. "+
				"An apply lock this run held stays until it expires; 'orgctl unlock LOCK_ID' (the ID it printed when acquired) breaks it. "+
				"Run the command again to see what remains.")
			exit(exitInterrupted)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		close(done)
		cancel()
	}
}
