package auth

import (
	"testing"
	"time"
)

func TestThrottleWait(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) *time.Time { at := now.Add(-d); return &at }
	cases := []struct {
		name string
		st   throttleState
		want time.Duration
	}{
		{"nothing", throttleState{}, 0},
		{"pair below limit", throttleState{PairN: 4, PairOldest: ago(time.Minute), PairLatest: ago(time.Minute), EmailN: 4}, 0},
		{"pair at limit", throttleState{PairN: 5, PairOldest: ago(5 * time.Minute), PairLatest: ago(time.Second), EmailN: 5}, 10 * time.Minute},
		{"pair at limit from a known address", throttleState{PairN: 5, PairOldest: ago(5 * time.Minute), PairLatest: ago(time.Second), EmailN: 5, Known: true}, 10 * time.Minute},
		{"address at limit", throttleState{IPN: 30, IPOldest: ago(14 * time.Minute)}, time.Minute},
		{"email under attack, fresh address", throttleState{EmailN: 500}, 0},
		{"email under attack, failed address", throttleState{EmailN: 7, PairN: 1, PairOldest: ago(time.Second), PairLatest: ago(time.Second)}, 3 * time.Second},
		{"email under attack, failed address waited enough", throttleState{EmailN: 7, PairN: 1, PairOldest: ago(5 * time.Second), PairLatest: ago(5 * time.Second)}, 0},
		{"email under attack, known address", throttleState{EmailN: 500, PairN: 1, PairOldest: ago(time.Second), PairLatest: ago(time.Second), Known: true}, 0},
		{"email under attack, delay capped", throttleState{EmailN: 500, PairN: 1, PairOldest: ago(time.Minute), PairLatest: ago(time.Minute)}, 14 * time.Minute},
	}
	for _, c := range cases {
		if got := c.st.wait(now); got != c.want {
			t.Errorf("%s: wait = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestEmailDelayDoubles(t *testing.T) {
	t.Parallel()
	want := map[int]time.Duration{0: time.Second, 5: time.Second, 6: 2 * time.Second, 10: 32 * time.Second,
		14: 512 * time.Second, 15: throttleWindow, 1000: throttleWindow}
	for n, d := range want {
		if got := emailDelay(n); got != d {
			t.Errorf("emailDelay(%d) = %v, want %v", n, got, d)
		}
	}
}
