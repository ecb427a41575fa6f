package campaigns

import (
	"sync"
	"time"
)

// pairPacer keeps at most one WhatsApp message per recipient per
// pairInterval from one sender number. Entries older than the interval
// are dropped in send order, so memory follows the last six seconds.
type pairPacer struct {
	mu    sync.Mutex
	last  map[string]time.Time
	order []pairEntry
	now   func() time.Time
}

type pairEntry struct {
	number string
	at     time.Time
}

func newPairPacer() *pairPacer {
	return &pairPacer{last: map[string]time.Time{}, now: time.Now}
}

// wait is how long number must still wait (0: it may be sent to now). A
// nil pacer (SMS) never waits.
func (p *pairPacer) wait(number string) time.Duration {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.prune(now)
	if at, ok := p.last[number]; ok {
		return at.Add(pairInterval).Sub(now)
	}
	return 0
}

func (p *pairPacer) sent(number string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.last[number] = now
	p.order = append(p.order, pairEntry{number, now})
}

func (p *pairPacer) prune(now time.Time) {
	i := 0
	for ; i < len(p.order) && now.Sub(p.order[i].at) >= pairInterval; i++ {
		if p.last[p.order[i].number].Equal(p.order[i].at) {
			delete(p.last, p.order[i].number)
		}
	}
	if i > 0 {
		p.order = append(p.order[:0], p.order[i:]...)
	}
}
