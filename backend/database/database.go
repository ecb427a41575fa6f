// Package database opens Switchboard's PostgreSQL connection: one pgx pool,
// shared by bun (through database/sql) and River.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// DB bundles the pgx pool and the bun handle built on it.
type DB struct {
	Pool *pgxpool.Pool
	Bun  *bun.DB
	sql  *sql.DB
}

// Open connects to url and checks the connection.
func Open(ctx context.Context, url string, maxConns int32) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: invalid URL: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: unable to create pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: unable to reach PostgreSQL: %w", err)
	}
	// bun formats every query with its arguments inlined, so its connections
	// use the simple protocol: one round trip a query, and no prepared
	// statement per distinct text churning through the statement cache.
	// River and the realtime broker keep the pgx pool with placeholders.
	bunConn := cfg.ConnConfig.Copy()
	bunConn.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	sqldb := stdlib.OpenDB(*bunConn)
	sqldb.SetMaxOpenConns(int(cfg.MaxConns))
	sqldb.SetMaxIdleConns(int(cfg.MaxConns))
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{Pool: pool, Bun: bun.NewDB(sqldb, pgdialect.New()), sql: sqldb}, nil
}

// Close releases every connection.
func (db *DB) Close() {
	_ = db.sql.Close()
	db.Pool.Close()
}

// SQL returns the database/sql pool bun runs on (for its statistics).
func (db *DB) SQL() *sql.DB { return db.sql }
