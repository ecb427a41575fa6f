package realtime

import (
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// HubOptions configures a Hub and the websocket connections it serves.
// The zero value is usable: WithDefaults fills in every unset field.
type HubOptions struct {
	// Allow decides per subscriber whether an event is delivered. Default:
	// AllowSameAccount. Runs on the hub goroutine: fast and non-blocking.
	Allow AllowFunc
	// OnConnect runs once a connection is registered, before its messages
	// are read; OnDisconnect runs once after it ended. Both run on the
	// connection's goroutines, never on the hub's.
	OnConnect    func(sub *Subscriber)
	OnDisconnect func(sub *Subscriber)
	// OnClientMessage receives the client's typing, viewing and ping
	// messages. It runs on the connection's reader: while it runs, that
	// connection reads nothing more.
	OnClientMessage func(sub *Subscriber, msg ClientMessage)

	// SendQueue is the number of events buffered per connection (default
	// 64). Once half full, typing and presence events are dropped; once
	// full, the next event closes the connection.
	SendQueue int
	// PublishQueue is the number of events waiting for the hub goroutine
	// (default 4096); Publish waits when it is full.
	PublishQueue int
	// ReadLimit is the largest client message in bytes (default 4096).
	ReadLimit int64
	// WriteWait bounds every write and the handshake (default 10s).
	WriteWait time.Duration
	// PongWait is how long a connection may stay silent (no pong, no
	// message) before it is closed (default 60s).
	PongWait time.Duration
	// PingPeriod is how often the server pings; it must be shorter than
	// PongWait (default, and when it is not: 9/10 of PongWait).
	PingPeriod time.Duration

	// Registerer receives the hub's metrics (default
	// prometheus.DefaultRegisterer).
	Registerer prometheus.Registerer
	Logger     *slog.Logger
}

// WithDefaults returns o with every unset field set to its default.
func (o HubOptions) WithDefaults() HubOptions {
	if o.Allow == nil {
		o.Allow = AllowSameAccount
	}
	if o.SendQueue <= 0 {
		o.SendQueue = 64
	}
	if o.PublishQueue <= 0 {
		o.PublishQueue = 4096
	}
	if o.ReadLimit <= 0 {
		o.ReadLimit = 4096
	}
	if o.WriteWait <= 0 {
		o.WriteWait = 10 * time.Second
	}
	if o.PongWait <= 0 {
		o.PongWait = 60 * time.Second
	}
	if o.PingPeriod <= 0 || o.PingPeriod >= o.PongWait {
		o.PingPeriod = o.PongWait * 9 / 10
	}
	if o.Registerer == nil {
		o.Registerer = prometheus.DefaultRegisterer
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}
