package bench

import (
	"math"
	"slices"
	"sync"
	"time"
)

// Percentile returns the p-th percentile (0 < p <= 100) of sorted by the
// nearest-rank method: the smallest value that at least p % of the samples
// do not exceed. It returns 0 for no samples.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// Summary describes a set of latencies.
type Summary struct {
	N                  int
	P50, P95, P99, Max time.Duration
}

// Summarize sorts samples in place and summarizes them.
func Summarize(samples []time.Duration) Summary {
	slices.Sort(samples)
	s := Summary{N: len(samples), P50: Percentile(samples, 50), P95: Percentile(samples, 95), P99: Percentile(samples, 99)}
	if s.N > 0 {
		s.Max = samples[s.N-1]
	}
	return s
}

// recorder collects latencies from many goroutines.
type recorder struct {
	mu      sync.Mutex
	samples []time.Duration
}

func (r *recorder) add(d time.Duration) {
	r.mu.Lock()
	r.samples = append(r.samples, d)
	r.mu.Unlock()
}

func (r *recorder) summary() Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Summarize(slices.Clone(r.samples))
}

// ms formats d in milliseconds with a precision that suits its size.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return trimFloat(v, 2) + " ms"
	case v < 100:
		return trimFloat(v, 1) + " ms"
	}
	return trimFloat(v, 0) + " ms"
}
