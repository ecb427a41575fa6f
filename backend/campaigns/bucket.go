package campaigns

import (
	"context"
	"sync"
	"time"
)

// Bucket paces one sender number: a token bucket kept as a virtual
// schedule (GCRA), so a cost larger than the burst (a long SMS) waits its
// turn instead of blocking forever, and the long-run rate is exact.
//
// The rate follows AIMD: a provider throttling answer halves it, and each
// second without one adds a twentieth of the limit back, up to the limit.
type Bucket struct {
	mu    sync.Mutex
	limit float64 // configured tokens per second
	rate  float64 // current tokens per second (≤ limit)
	burst time.Duration
	// tat is the theoretical arrival time of the next token.
	tat       time.Time
	lastRaise time.Time
	now       func() time.Time
}

// minRateShare bounds how far throttling slows a sender: never below
// 1/64 of its limit (or 0.1/s), so a campaign always moves.
const minRateShare = 64

// NewBucket paces at limit tokens per second with bursts of up to burst
// worth of tokens (at least one token).
func NewBucket(limit float64, burst time.Duration) *Bucket {
	if limit <= 0 {
		limit = 1
	}
	return &Bucket{limit: limit, rate: limit, burst: burst, now: time.Now}
}

// Rate is the current pace in tokens per second.
func (b *Bucket) Rate() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rate
}

// Reserve takes cost tokens and returns how long the caller must wait
// before using them.
func (b *Bucket) Reserve(cost float64) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.raise(now)
	// Tokens saved up are capped by the burst (one token at least).
	if floor := now.Add(-b.burstLocked()); b.tat.Before(floor) {
		b.tat = floor
	}
	wait := b.tat.Sub(now)
	b.tat = b.tat.Add(time.Duration(cost / b.rate * float64(time.Second)))
	if wait < 0 {
		return 0
	}
	return wait
}

func (b *Bucket) burstLocked() time.Duration {
	one := time.Duration(float64(time.Second) / b.rate)
	if b.burst < one {
		return one
	}
	return b.burst
}

// Wait blocks until cost tokens are available or ctx ends.
func (b *Bucket) Wait(ctx context.Context, cost float64) error {
	d := b.Reserve(cost)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Throttled halves the rate after the provider said to slow down.
func (b *Bucket) Throttled() {
	b.mu.Lock()
	defer b.mu.Unlock()
	floor := b.limit / minRateShare
	if floor < 0.1 {
		floor = 0.1
	}
	if b.rate /= 2; b.rate < floor {
		b.rate = floor
	}
	b.lastRaise = b.now()
}

// raise adds a twentieth of the limit per second since the last change.
func (b *Bucket) raise(now time.Time) {
	if b.rate >= b.limit {
		return
	}
	if b.lastRaise.IsZero() {
		b.lastRaise = now
		return
	}
	secs := now.Sub(b.lastRaise).Seconds()
	if secs < 1 {
		return
	}
	b.rate += b.limit / 20 * float64(int(secs))
	if b.rate > b.limit {
		b.rate = b.limit
	}
	b.lastRaise = now
}
