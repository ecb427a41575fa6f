package realtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// BrokerOptions configures a Broker. The zero value is usable.
type BrokerOptions struct {
	// CatchUpWindow is the longest a transaction may stay open between
	// publishing an event and committing (default 30s). Re-reads after a
	// reconnect (listener and Since replay) reach back this far, because
	// seq order is not commit order.
	CatchUpWindow time.Duration
	// CatchUpLimit caps the events re-read after a reconnect (default
	// 10000). A longer gap makes the hub send "resync" to every client.
	CatchUpLimit int
	// ReconnectMin and ReconnectMax bound the back-off between attempts to
	// re-establish the LISTEN connection (defaults 100ms and 10s).
	ReconnectMin time.Duration
	ReconnectMax time.Duration
	// HealthInterval is how long the listener waits for a notification
	// before it pings its connection (default 30s).
	HealthInterval time.Duration

	Registerer prometheus.Registerer
	Logger     *slog.Logger
}

// WithDefaults returns o with every unset field set to its default.
func (o BrokerOptions) WithDefaults() BrokerOptions {
	if o.CatchUpWindow <= 0 {
		o.CatchUpWindow = 30 * time.Second
	}
	if o.CatchUpLimit <= 0 {
		o.CatchUpLimit = 10000
	}
	if o.ReconnectMin <= 0 {
		o.ReconnectMin = 100 * time.Millisecond
	}
	if o.ReconnectMax < o.ReconnectMin {
		o.ReconnectMax = max(10*time.Second, o.ReconnectMin)
	}
	if o.HealthInterval <= 0 {
		o.HealthInterval = 30 * time.Second
	}
	if o.Registerer == nil {
		o.Registerer = prometheus.DefaultRegisterer
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Broker carries events between instances through PostgreSQL. Publish
// records durable events in the events table and announces every event
// with NOTIFY; each instance's listener (Start) feeds what it hears into
// its local Hub — including what the instance published itself, so that
// an event reaches clients only once its transaction committed, in commit
// order.
type Broker struct {
	pool    *pgxpool.Pool
	hub     *Hub
	opts    BrokerOptions
	metrics *brokerMetrics

	cancel  context.CancelFunc
	stopped chan struct{}

	// Owned by the listener goroutine.
	seen    *seenSet
	maxSeen int64

	// onDisconnect, when set by tests, runs on the listener goroutine after
	// the connection was lost and before reconnecting.
	onDisconnect func()
}

// NewBroker returns a broker on pool that feeds hub. hub may be nil for a
// process that only publishes (it must not call Start).
func NewBroker(pool *pgxpool.Pool, hub *Hub, opts BrokerOptions) *Broker {
	opts = opts.WithDefaults()
	return &Broker{
		pool:    pool,
		hub:     hub,
		opts:    opts,
		metrics: newBrokerMetrics(opts.Registerer),
		seen:    newSeenSet(32768),
	}
}

// Start connects the listener and returns once it is listening: events
// published after Start returns reach the hub. The listener then runs
// until Stop, reconnecting with back-off when the connection fails.
func (b *Broker) Start(ctx context.Context) error {
	if b.hub == nil {
		return errors.New("realtime: broker without hub cannot listen")
	}
	if b.stopped != nil {
		return errors.New("realtime: broker already started")
	}
	conn, err := b.connect(ctx)
	if err != nil {
		return err
	}
	if err := b.pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM events`).Scan(&b.maxSeen); err != nil {
		_ = conn.Close(ctx)
		return fmt.Errorf("realtime: unable to read last event: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	b.stopped = make(chan struct{})
	go b.listen(runCtx, conn)
	return nil
}

// Stop ends the listener and waits for it.
func (b *Broker) Stop() {
	if b.cancel == nil {
		return
	}
	b.cancel()
	<-b.stopped
}
