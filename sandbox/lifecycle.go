package sandbox

import (
	"sort"
	"time"
)

// Event is one time-driven transition a slice's Advance found due.
type Event struct {
	Due   time.Time
	Seq   int64
	Apply func()
}

// RunDue applies events oldest first (ties by Seq), so that transitions
// derived from stored timestamps come out the same whenever, and however
// often, Advance runs: on every request (without saving) and again after a
// restart. Nothing time-driven needs a goroutine.
func RunDue(events []Event) {
	sort.Slice(events, func(i, j int) bool {
		if !events[i].Due.Equal(events[j].Due) {
			return events[i].Due.Before(events[j].Due)
		}
		return events[i].Seq < events[j].Seq
	})
	for _, e := range events {
		e.Apply()
	}
}
