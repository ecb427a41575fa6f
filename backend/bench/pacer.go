package bench

import (
	"context"
	"time"
)

// Pacer schedules sends at a fixed rate from a start time, independently of
// how long earlier sends take (an open-loop load): send i is due at
// start + i/rate. A sender that falls behind finds the missed sends due at
// once, and their latency is measured from when they were due, so a slow
// server cannot hide its stalls by slowing the load down.
type Pacer struct {
	start time.Time
	rate  float64
	next  int64
}

// NewPacer returns a pacer of rate sends per second starting at start.
func NewPacer(start time.Time, rate float64) *Pacer {
	return &Pacer{start: start, rate: rate}
}

// Next returns when the next send is due and advances the schedule.
func (p *Pacer) Next() time.Time {
	at := p.start.Add(time.Duration(float64(p.next) * float64(time.Second) / p.rate))
	p.next++
	return at
}

// Wait sleeps until the next send is due (not at all when it is overdue)
// and returns when it was due; false when ctx ended first.
func (p *Pacer) Wait(ctx context.Context) (time.Time, bool) {
	at := p.Next()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return at, false
		case <-t.C:
		}
	}
	return at, ctx.Err() == nil
}
