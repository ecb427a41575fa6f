package realtime

import "sync/atomic"

// Subscriber is the authenticated user behind one websocket connection.
type Subscriber struct {
	UserID    int64
	AccountID int64
	Role      string

	attrs atomic.Pointer[any]
}

// Attrs returns the value last stored with SetAttrs, or nil. The Allow policy
// may read it on every event, so it is lock-free.
func (s *Subscriber) Attrs() any {
	if p := s.attrs.Load(); p != nil {
		return *p
	}
	return nil
}

// SetAttrs stores v (for example the set of queues the user belongs to) for
// the Allow policy. Treat v as immutable: replace it, never change it in place.
func (s *Subscriber) SetAttrs(v any) { s.attrs.Store(&v) }

// AllowFunc decides whether sub may receive ev. It runs on the hub goroutine
// for every connection of ev's account, so it must be fast and must not block.
type AllowFunc func(sub *Subscriber, ev *Event) bool

// AllowSameAccount is the default policy: every subscriber of the event's
// account receives it.
func AllowSameAccount(sub *Subscriber, ev *Event) bool { return sub.AccountID == ev.AccountID }
