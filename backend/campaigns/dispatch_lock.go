package campaigns

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// senderLockClass is the first key of the advisory lock that makes one
// process at a time the sender of a number's campaigns.
const senderLockClass = 11

// lockConn is a connection taken out of the pool for good: it holds the
// engine's sender locks, which PostgreSQL releases by itself when the
// process dies and the connection drops. Claims name its backend pid, so
// a claim only succeeds while the lock is really held (a fence).
type lockConn struct {
	mu   sync.Mutex
	conn *pgx.Conn
	pid  int64
}

func openLockConn(ctx context.Context, pool *pgxpool.Pool) (*lockConn, error) {
	c, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("campaigns: lock connection: %w", err)
	}
	conn := c.Hijack()
	l := &lockConn{conn: conn}
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&l.pid); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("campaigns: lock connection: %w", err)
	}
	return l, nil
}

// tryLock takes the sender's lock if nobody holds it.
func (l *lockConn) tryLock(ctx context.Context, senderID int64) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ok bool
	err := l.conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2::int)", senderLockClass, senderID).Scan(&ok)
	return ok, err
}

func (l *lockConn) unlock(ctx context.Context, senderID int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.conn.Exec(ctx, "SELECT pg_advisory_unlock($1, $2::int)", senderLockClass, senderID)
	return err
}

func (l *lockConn) ping(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.conn.Ping(ctx)
}

func (l *lockConn) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	_ = l.conn.Close(context.Background())
}

// fenceSQL is true while this engine holds the sender's lock.
const fenceSQL = `EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 11
	AND objid = ?::int AND objsubid = 2 AND pid = ? AND granted)`
