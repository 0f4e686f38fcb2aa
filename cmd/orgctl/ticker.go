package main

import (
	"sync"
	"time"
)

// ticker calls a view's tick every interval from a goroutine of its own,
// so elapsed times move and progress shows while nothing else happens.
// The zero ticker is stopped; stop waits for a running tick to end.
type ticker struct {
	quit chan struct{}
	wg   sync.WaitGroup
}

func (t *ticker) start(interval time.Duration, tick func()) {
	t.quit = make(chan struct{})
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		c := time.NewTicker(interval)
		defer c.Stop()
		for {
			select {
			case <-t.quit:
				return
			case <-c.C:
				tick()
			}
		}
	}()
}

func (t *ticker) stop() {
	if t.quit != nil {
		close(t.quit)
		t.wg.Wait()
		t.quit = nil
	}
}
