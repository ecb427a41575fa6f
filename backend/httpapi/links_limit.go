package httpapi

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// linkLimits bounds how fast one client may request shortened links: a
// person clicks a few; a client trying codes is slowed to a trickle.
type linkLimits struct {
	mu      sync.Mutex
	clients map[string]*linkClient
	swept   time.Time
}

type linkClient struct {
	lim  *rate.Limiter
	seen time.Time
}

const (
	linkRate  = 5  // requests per second per client address
	linkBurst = 30 // a page of previews, a few people behind one NAT
)

func (l *linkLimits) allow(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.clients == nil {
		l.clients = map[string]*linkClient{}
	}
	if now.Sub(l.swept) > time.Minute {
		for k, c := range l.clients {
			if now.Sub(c.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c := l.clients[ip]
	if c == nil {
		c = &linkClient{lim: rate.NewLimiter(linkRate, linkBurst)}
		l.clients[ip] = c
	}
	c.seen = now
	return c.lim.AllowN(now, 1)
}
