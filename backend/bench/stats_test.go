package bench

import (
	"testing"
	"time"
)

func TestPercentileUsesNearestRank(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 100; i++ {
		s = append(s, time.Duration(i)*time.Millisecond)
	}
	cases := []struct {
		p    float64
		want time.Duration
	}{
		{50, 50 * time.Millisecond},
		{95, 95 * time.Millisecond},
		{99, 99 * time.Millisecond},
		{99.9, 100 * time.Millisecond},
		{100, 100 * time.Millisecond},
		{0.1, 1 * time.Millisecond},
	}
	for _, c := range cases {
		if got := Percentile(s, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
}

func TestPercentileOfFewSamples(t *testing.T) {
	if got := Percentile(nil, 99); got != 0 {
		t.Errorf("no samples: %v, want 0", got)
	}
	one := []time.Duration{7}
	if got := Percentile(one, 50); got != 7 {
		t.Errorf("one sample p50: %v", got)
	}
	// With 10 samples p99 is the largest: a single slow request shows.
	ten := []time.Duration{1, 1, 1, 1, 1, 1, 1, 1, 1, 90}
	if got := Percentile(ten, 99); got != 90 {
		t.Errorf("p99 of ten: %v, want 90", got)
	}
	if got := Percentile(ten, 50); got != 1 {
		t.Errorf("p50 of ten: %v, want 1", got)
	}
}

func TestSummarizeSortsAndReportsMax(t *testing.T) {
	s := Summarize([]time.Duration{5, 1, 4, 2, 3})
	if s.N != 5 || s.P50 != 3 || s.Max != 5 || s.P99 != 5 {
		t.Errorf("summary = %+v", s)
	}
}
