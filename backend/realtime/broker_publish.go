package realtime

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"
)

// ErrEventTooLarge is returned for an ephemeral event that does not fit
// into one NOTIFY payload (durable events of any size are fine).
var ErrEventTooLarge = errors.New("realtime: ephemeral event too large")

// PgxQuerier runs a query returning one row: pgx.Tx, *pgx.Conn,
// *pgxpool.Pool and *pgxpool.Conn are all one.
type PgxQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Durable events: one statement records the event and announces it, so the
// caller's transaction pays one round trip. created_at is the insert time,
// not the transaction's start, because catch-up reasons about when seq was
// drawn.
const (
	insertNotifyPgx = `WITH ev AS (
	INSERT INTO events (account_id, type, data, created_at)
	VALUES ($1, $2, $3::jsonb, clock_timestamp())
	RETURNING id
)
SELECT ev.id FROM ev, pg_notify($4::text, $5::text || ev.id::text || $6::text)`
	insertNotifyBun = `WITH ev AS (
	INSERT INTO events (account_id, type, data, created_at)
	VALUES (?, ?, ?::jsonb, clock_timestamp())
	RETURNING id
)
SELECT ev.id FROM ev, pg_notify(?::text, ?::text || ev.id::text || ?::text)`

	notifyPgx = `SELECT 1 FROM pg_notify($1::text, $2::text)`
	notifyBun = `SELECT 1 FROM pg_notify(?::text, ?::text)`
)

// Publish records and announces ev on its own (outside any transaction).
func (b *Broker) Publish(ctx context.Context, ev *Event) error {
	return b.PublishPgx(ctx, b.pool, ev)
}

// PublishTx records and announces ev within tx: the event exists and is
// delivered if and only if tx commits, in commit order. Durable events get
// their seq (ev.Seq) set; typing and presence are only announced.
func (b *Broker) PublishTx(ctx context.Context, tx bun.IDB, ev *Event) error {
	return publish(ev, func(durable bool, args ...any) error {
		if durable {
			return tx.QueryRowContext(ctx, insertNotifyBun, args...).Scan(&ev.Seq)
		}
		var one int
		return tx.QueryRowContext(ctx, notifyBun, args...).Scan(&one)
	})
}

// PublishPgx is PublishTx for a pgx transaction or connection.
func (b *Broker) PublishPgx(ctx context.Context, q PgxQuerier, ev *Event) error {
	return publish(ev, func(durable bool, args ...any) error {
		if durable {
			return q.QueryRow(ctx, insertNotifyPgx, args...).Scan(&ev.Seq)
		}
		var one int
		return q.QueryRow(ctx, notifyPgx, args...).Scan(&one)
	})
}

func publish(ev *Event, run func(durable bool, args ...any) error) error {
	if err := ev.validate(); err != nil {
		return err
	}
	if ev.Type == TypeResync {
		return fmt.Errorf("realtime: %s events are sent by the hub, not published", ev.Type)
	}
	if ev.Ephemeral() {
		ev.Seq = 0
		payload, err := encodeNotify(ev)
		if err != nil {
			return err
		}
		if len(payload) > maxNotifyPayload {
			return fmt.Errorf("%w: %s event of %d bytes", ErrEventTooLarge, ev.Type, len(payload))
		}
		if err := run(false, NotifyChannel, string(payload)); err != nil {
			return fmt.Errorf("realtime: unable to publish %s event: %w", ev.Type, err)
		}
		return nil
	}
	stored, err := encodeStored(ev)
	if err != nil {
		return err
	}
	suffix, err := notifyParts(ev)
	if err != nil {
		return err
	}
	if err := run(true, ev.AccountID, ev.Type, string(stored), NotifyChannel, seqPrefix, suffix); err != nil {
		return fmt.Errorf("realtime: unable to publish %s event: %w", ev.Type, err)
	}
	return nil
}
