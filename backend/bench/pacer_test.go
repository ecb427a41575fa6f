package bench

import (
	"context"
	"testing"
	"time"
)

func TestPacerSpacesSendsEvenly(t *testing.T) {
	start := time.Unix(1000, 0)
	p := NewPacer(start, 4000)
	for i := 0; i < 8000; i++ {
		at := p.Next()
		want := start.Add(time.Duration(i) * 250 * time.Microsecond)
		if !at.Equal(want) {
			t.Fatalf("send %d due at %v, want %v", i, at.Sub(start), want.Sub(start))
		}
	}
}

func TestPacerKeepsFractionalRatesExact(t *testing.T) {
	start := time.Unix(0, 0)
	p := NewPacer(start, 3) // 333.33… ms apart: no drift from rounding
	var at time.Time
	for range 3001 {
		at = p.Next()
	}
	if got := at.Sub(start); got != 1000*time.Second {
		t.Errorf("send 3000 due after %v, want 1000s", got)
	}
}

func TestPacerDoesNotWaitForOverdueSends(t *testing.T) {
	// Started a second ago at 1000/s: about 1000 sends are overdue and must
	// come at once rather than be spread out (open loop, no slowing down).
	p := NewPacer(time.Now().Add(-time.Second), 1000)
	begin := time.Now()
	for range 900 {
		if _, ok := p.Wait(context.Background()); !ok {
			t.Fatal("wait failed")
		}
	}
	if d := time.Since(begin); d > 100*time.Millisecond {
		t.Errorf("overdue sends took %v", d)
	}
}

func TestPacerWaitStopsWithContext(t *testing.T) {
	p := NewPacer(time.Now().Add(time.Hour), 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, ok := p.Wait(ctx); ok {
		t.Error("Wait returned ok after the context ended")
	}
}
