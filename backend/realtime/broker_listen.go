package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// connect opens the listener's own connection (outside the pool: LISTEN is
// bound to a session) and subscribes.
func (b *Broker) connect(ctx context.Context) (*pgx.Conn, error) {
	cfg := b.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = "switchboard-realtime-listener"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("realtime: unable to connect listener: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{NotifyChannel}.Sanitize()); err != nil {
		_ = conn.Close(ctx)
		return nil, fmt.Errorf("realtime: unable to listen: %w", err)
	}
	return conn, nil
}

// listen runs until ctx ends: it receives on conn, and when conn fails it
// reconnects with back-off and re-reads what it may have missed.
func (b *Broker) listen(ctx context.Context, conn *pgx.Conn) {
	defer close(b.stopped)
	log := b.opts.Logger
	for {
		b.metrics.connected.Set(1)
		err := b.receive(ctx, conn)
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = conn.Close(closeCtx)
		cancel()
		b.metrics.connected.Set(0)
		if ctx.Err() != nil {
			return
		}
		lostAt := time.Now()
		log.Warn("realtime: listener connection lost", "err", err)
		if b.onDisconnect != nil {
			b.onDisconnect()
		}
		if conn = b.reconnect(ctx); conn == nil {
			return
		}
		b.metrics.reconnects.Inc()
		log.Info("realtime: listener reconnected", "down", time.Since(lostAt).Round(time.Millisecond))
		b.catchUp(ctx, lostAt)
	}
}

func (b *Broker) reconnect(ctx context.Context) *pgx.Conn {
	wait := b.opts.ReconnectMin
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		conn, err := b.connect(ctx)
		if err == nil {
			return conn
		}
		if ctx.Err() != nil {
			return nil
		}
		b.opts.Logger.Warn("realtime: listener reconnect failed", "err", err, "retry_in", wait)
		wait = min(wait*2, b.opts.ReconnectMax)
	}
}

// receive hands notifications to the hub until the connection fails or ctx
// ends. A silent connection is pinged, so a dead one is noticed.
func (b *Broker) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		waitCtx, cancel := context.WithTimeout(ctx, b.opts.HealthInterval)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case err == nil:
			b.metrics.received.Inc()
			b.handle(ctx, n.Payload)
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = conn.Ping(pingCtx)
			cancel()
			if err != nil {
				return err
			}
		default:
			return err
		}
	}
}

func (b *Broker) handle(ctx context.Context, payload string) {
	var p notifyPayload
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		b.opts.Logger.Error("realtime: malformed notification", "err", err)
		return
	}
	ev := p.event()
	if p.Ref {
		loaded, err := b.load(ctx, p.Seq)
		if err != nil {
			b.opts.Logger.Error("realtime: unable to load announced event", "seq", p.Seq, "err", err)
			return
		}
		ev = loaded
	}
	b.deliver(ctx, ev)
}

// deliver passes ev to the hub unless it was delivered already (catch-up
// re-reads overlap with what the live connection delivered).
func (b *Broker) deliver(ctx context.Context, ev *Event) bool {
	if ev.Seq > 0 {
		if !b.seen.add(ev.Seq) {
			return false
		}
		b.maxSeen = max(b.maxSeen, ev.Seq)
	}
	if err := b.hub.Publish(ctx, ev); err != nil && ctx.Err() == nil {
		b.opts.Logger.Error("realtime: hub refused event", "type", ev.Type, "err", err)
	}
	return true
}

// catchUp re-reads the events that committed while the listener was away.
// Because seq is drawn before commit, an event committed during the gap
// may have a lower seq than one delivered before it; so the re-read starts
// below the last seen seq, at the last event drawn CatchUpWindow before the
// connection was lost, and skips what was delivered already. If the gap is
// too large, clients are told to resync instead.
func (b *Broker) catchUp(ctx context.Context, lostAt time.Time) {
	log := b.opts.Logger
	var from int64
	err := b.pool.QueryRow(ctx, `SELECT coalesce((
	SELECT id FROM events WHERE id <= $1 AND created_at < $2 ORDER BY id DESC LIMIT 1), 0)`,
		b.maxSeen, lostAt.Add(-b.opts.CatchUpWindow)).Scan(&from)
	var events []Event
	if err == nil {
		events, err = b.scanEvents(ctx, `SELECT id, account_id, type, data FROM events
	WHERE id > $1 ORDER BY id LIMIT $2`, from, b.opts.CatchUpLimit+1)
	}
	if err == nil && len(events) > b.opts.CatchUpLimit {
		err = fmt.Errorf("more than %d events to re-read", b.opts.CatchUpLimit)
	}
	if err != nil {
		log.Error("realtime: listener unable to catch up, clients resync", "err", err)
		if err := b.hub.Resync(ctx); err != nil && ctx.Err() == nil {
			log.Error("realtime: resync failed", "err", err)
		}
		return
	}
	n := 0
	for i := range events {
		if b.deliver(ctx, &events[i]) {
			n++
		}
	}
	b.metrics.caughtUp.Add(float64(n))
	if n > 0 {
		log.Info("realtime: listener caught up", "events", n)
	}
}

func (b *Broker) load(ctx context.Context, seq int64) (*Event, error) {
	events, err := b.scanEvents(ctx, `SELECT id, account_id, type, data FROM events WHERE id = $1`, seq)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("realtime: event %d not found", seq)
	}
	return &events[0], nil
}

// scanEvents runs a query returning id, account_id, type, data rows.
func (b *Broker) scanEvents(ctx context.Context, sql string, args ...any) ([]Event, error) {
	rows, err := b.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("realtime: unable to read events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var (
			id, accountID int64
			typ           string
			data          []byte
		)
		if err := rows.Scan(&id, &accountID, &typ, &data); err != nil {
			return nil, fmt.Errorf("realtime: unable to read events: %w", err)
		}
		ev, err := decodeStored(id, accountID, typ, data)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("realtime: unable to read events: %w", err)
	}
	return out, nil
}

// seenSet remembers the last n delivered seqs.
type seenSet struct {
	ring []int64
	next int
	set  map[int64]struct{}
}

func newSeenSet(n int) *seenSet {
	return &seenSet{ring: make([]int64, n), set: make(map[int64]struct{}, n)}
}

// add records seq and reports whether it was new.
func (s *seenSet) add(seq int64) bool {
	if _, ok := s.set[seq]; ok {
		return false
	}
	if old := s.ring[s.next]; old != 0 {
		delete(s.set, old)
	}
	s.ring[s.next] = seq
	s.next = (s.next + 1) % len(s.ring)
	s.set[seq] = struct{}{}
	return true
}
