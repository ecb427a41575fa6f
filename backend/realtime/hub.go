package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/gorilla/websocket"
)

// ErrHubClosed is returned by Publish after Close.
var ErrHubClosed = errors.New("realtime: hub closed")

// Hub fans events out to the websocket connections of this instance. One
// goroutine owns the index of connections, so the hot path takes no locks;
// an event is encoded once and the same frame is queued to every allowed
// connection of its account. The hub never waits for a connection: a
// connection whose queue is full loses its typing and presence events
// first and is closed when a durable event does not fit.
type Hub struct {
	opts    HubOptions
	metrics *hubMetrics

	publish    chan outbound
	register   chan *client
	unregister chan *client
	done       chan struct{}
	closeOnce  sync.Once
	stopped    chan struct{}

	// Owned by the run goroutine.
	accounts map[int64][]*client
}

// outbound is an event with its wire frame, encoded once for every client,
// or a function to run on the hub goroutine in order with the events.
type outbound struct {
	ev    *Event
	frame *websocket.PreparedMessage
	fn    func()
}

// NewHub starts a hub. Close stops it.
func NewHub(opts HubOptions) *Hub {
	h := newHub(opts)
	go h.run()
	return h
}

func newHub(opts HubOptions) *Hub {
	opts = opts.WithDefaults()
	return &Hub{
		opts:       opts,
		metrics:    newHubMetrics(opts.Registerer),
		publish:    make(chan outbound, opts.PublishQueue),
		register:   make(chan *client),
		unregister: make(chan *client, 256),
		done:       make(chan struct{}),
		stopped:    make(chan struct{}),
		accounts:   make(map[int64][]*client),
	}
}

// Options returns the hub's options with defaults applied.
func (h *Hub) Options() HubOptions { return h.opts }

// Allowed reports whether the hub's policy lets sub see ev. Replay
// endpoints use it to filter stored events the same way as live ones.
func (h *Hub) Allowed(sub *Subscriber, ev *Event) bool {
	return sub.AccountID == ev.AccountID && h.opts.Allow(sub, ev)
}

// Publish fans ev out to this instance's connections only; other instances
// receive events through a Broker. It waits while the hub's queue is full.
func (h *Hub) Publish(ctx context.Context, ev *Event) error {
	if err := ev.validate(); err != nil {
		return err
	}
	frame, err := encodeFrame(ev)
	if err != nil {
		return err
	}
	return h.enter(ctx, outbound{ev: ev, frame: frame})
}

// enter queues o for the hub goroutine.
func (h *Hub) enter(ctx context.Context, o outbound) error {
	select {
	case <-h.done: // checked first: the queue may have room after Close
		return ErrHubClosed
	default:
	}
	select {
	case h.publish <- o:
		return nil
	case <-h.done:
		return ErrHubClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

func encodeFrame(ev *Event) (*websocket.PreparedMessage, error) {
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("realtime: unable to encode %s event: %w", ev.Type, err)
	}
	return websocket.NewPreparedMessage(websocket.TextMessage, b)
}

// Resync asks every connection of this instance to refetch its state,
// because events may have been missed (see Broker).
func (h *Hub) Resync(ctx context.Context) error {
	return h.do(ctx, func() {
		for acc := range h.accounts {
			frame, err := encodeFrame(&Event{Type: TypeResync, AccountID: acc, Data: json.RawMessage("{}")})
			if err != nil {
				continue
			}
			for i := 0; i < len(h.accounts[acc]); {
				if _, kept := h.enqueue(h.accounts[acc][i], frame, false); kept {
					i++
				}
			}
		}
	})
}

// CloseUser closes the connections of userID in accountID (for example
// after logout or a role change); the client reconnects and authenticates
// again.
func (h *Hub) CloseUser(ctx context.Context, accountID, userID int64) error {
	return h.do(ctx, func() {
		for i := 0; i < len(h.accounts[accountID]); {
			c := h.accounts[accountID][i]
			if c.sub.UserID != userID {
				i++
				continue
			}
			h.remove(c, websocket.ClosePolicyViolation)
		}
	})
}

// Connections returns the number of connections registered on this hub,
// once the events published before were fanned out.
func (h *Hub) Connections(ctx context.Context) (int, error) {
	var n int
	err := h.do(ctx, func() {
		for _, list := range h.accounts {
			n += len(list)
		}
	})
	return n, err
}

// do runs f on the hub goroutine after the events published before, and
// waits for it.
func (h *Hub) do(ctx context.Context, f func()) error {
	ran := make(chan struct{})
	if err := h.enter(ctx, outbound{fn: func() { f(); close(ran) }}); err != nil {
		return err
	}
	select {
	case <-ran:
		return nil
	case <-h.stopped:
		select {
		case <-ran:
			return nil
		default: // the hub stopped before running f
			return ErrHubClosed
		}
	}
}

// Close stops the hub and closes every connection with "going away".
func (h *Hub) Close() {
	h.closeOnce.Do(func() { close(h.done) })
	<-h.stopped
}

func (h *Hub) run() {
	defer close(h.stopped)
	for {
		select {
		case o := <-h.publish:
			if o.fn != nil {
				o.fn()
			} else {
				h.fanout(o)
			}
		case c := <-h.register:
			h.add(c)
		case c := <-h.unregister:
			h.remove(c, websocket.CloseNormalClosure)
		case <-h.done:
			for acc := range h.accounts {
				for len(h.accounts[acc]) > 0 {
					h.remove(h.accounts[acc][0], websocket.CloseGoingAway)
				}
			}
			return
		}
	}
}

func (h *Hub) fanout(o outbound) {
	ev := o.ev
	h.metrics.published.WithLabelValues(ev.Type).Inc()
	droppable := ev.Ephemeral()
	delivered := 0
	for i := 0; i < len(h.accounts[ev.AccountID]); {
		c := h.accounts[ev.AccountID][i]
		if !h.opts.Allow(c.sub, ev) {
			i++
			continue
		}
		queued, kept := h.enqueue(c, o.frame, droppable)
		if queued {
			delivered++
		}
		if kept {
			i++
		} // else c was removed and its slot holds the next connection.
	}
	h.metrics.delivered.Add(float64(delivered))
}

// enqueue queues frame to c without waiting. queued is false when the
// frame was dropped; kept is false when c was removed because its queue
// was full.
func (h *Hub) enqueue(c *client, frame *websocket.PreparedMessage, droppable bool) (queued, kept bool) {
	// Typing and presence only get the first half of the queue, so a lagging
	// client keeps room for the events that matter.
	if droppable && len(c.send) >= cap(c.send)/2 {
		h.metrics.droppedEphemeral.Inc()
		return false, true
	}
	select {
	case c.send <- frame:
		return true, true
	default:
	}
	if droppable {
		h.metrics.droppedEphemeral.Inc()
		return false, true
	}
	h.metrics.droppedSlow.Inc()
	h.opts.Logger.Info("realtime: closing slow connection",
		"account_id", c.sub.AccountID, "user_id", c.sub.UserID)
	h.remove(c, websocket.ClosePolicyViolation)
	c.kill()
	return false, false
}

func (h *Hub) add(c *client) {
	list := h.accounts[c.sub.AccountID]
	c.pos = len(list)
	c.registered = true
	h.accounts[c.sub.AccountID] = append(list, c)
	h.metrics.connections.Inc()
}

// remove takes c out of the index and closes its queue, which tells its
// writer to send a close frame with code and stop.
func (h *Hub) remove(c *client, code int) {
	if !c.registered {
		return
	}
	c.registered = false
	acc := c.sub.AccountID
	list := h.accounts[acc]
	last := len(list) - 1
	if c.pos != last {
		list[c.pos] = list[last]
		list[c.pos].pos = c.pos
	}
	list[last] = nil
	if last == 0 {
		delete(h.accounts, acc)
	} else {
		h.accounts[acc] = list[:last]
	}
	c.closeCode = code
	close(c.send)
	h.metrics.connections.Dec()
}
