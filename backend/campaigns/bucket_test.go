package campaigns

import (
	"testing"
	"time"
)

// fakeClock advances only when told to.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestBucketKeepsTheRateOverTime(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	b := NewBucket(20, 100*time.Millisecond)
	b.now = clk.now
	// Take tokens as fast as they are granted for 10 s of virtual time.
	sent := 0
	end := clk.t.Add(10 * time.Second)
	for clk.t.Before(end) {
		if d := b.Reserve(1); d > 0 {
			clk.t = clk.t.Add(d)
		}
		if clk.t.Before(end) {
			sent++
		}
	}
	// 20/s for 10 s, plus the burst (2 tokens) at the start.
	if sent < 199 || sent > 203 {
		t.Fatalf("sent %d in 10 s at 20/s, want about 200", sent)
	}
}

func TestBucketLetsACostAboveTheBurstWaitItsTurn(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	b := NewBucket(1, 0) // SMS long code: 1 segment per second
	b.now = clk.now
	if d := b.Reserve(3); d != 0 {
		t.Fatalf("first reservation waits %v, want 0", d)
	}
	// The 3-segment SMS used 3 s of the schedule; the next one waits.
	if d := b.Reserve(1); d < 1900*time.Millisecond || d > 3*time.Second {
		t.Fatalf("next reservation waits %v, want about 2 s", d)
	}
}

func TestBucketThrottledHalvesAndRecovers(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1000, 0)}
	b := NewBucket(80, 0)
	b.now = clk.now
	b.Throttled()
	if r := b.Rate(); r != 40 {
		t.Fatalf("rate after one throttle = %v, want 40", r)
	}
	for i := 0; i < 20; i++ {
		b.Throttled()
	}
	if r := b.Rate(); r != 80.0/minRateShare {
		t.Fatalf("rate floor = %v, want %v", r, 80.0/minRateShare)
	}
	clk.t = clk.t.Add(30 * time.Second)
	b.Reserve(1)
	if r := b.Rate(); r != 80 {
		t.Fatalf("rate after 30 quiet seconds = %v, want back to 80", r)
	}
}
