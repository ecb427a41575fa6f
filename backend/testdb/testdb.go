// Package testdb gives each test its own migrated PostgreSQL database.
//
// The server is found through SWITCHBOARD_TEST_DATABASE_URL (a URL whose user
// may create databases), else DATABASE_URL, else the local default
// postgres://postgres@127.0.0.1:5432/postgres. Each test process migrates one
// template database once; every test then gets a cheap copy of it, dropped
// when the test ends.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"switchboard/backend/database"
)

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// AdminURL is the URL of the server's maintenance database used to create
// and drop test databases.
func AdminURL() string {
	for _, k := range []string{"SWITCHBOARD_TEST_DATABASE_URL", "DATABASE_URL"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// URLFor returns the admin URL pointed at database name.
func URLFor(name string) string {
	u, err := url.Parse(AdminURL())
	if err != nil {
		panic(fmt.Sprintf("testdb: bad database URL: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func adminExec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		return fmt.Errorf("testdb: unable to reach PostgreSQL at %s: %w", AdminURL(), err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

func buildTemplate() (string, error) {
	ctx := context.Background()
	name := "sbtpl_" + randomSuffix()
	if err := adminExec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	db, err := database.Open(ctx, URLFor(name), 4)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.MigrateUp(ctx); err != nil {
		return "", err
	}
	return name, nil
}

// NewURL creates a fresh migrated database for t and returns its URL. The
// database is dropped when t ends.
func NewURL(t testing.TB) string {
	t.Helper()
	templateOnce.Do(func() { templateName, templateErr = buildTemplate() })
	if templateErr != nil {
		t.Fatalf("testdb: %v", templateErr)
	}
	ctx := context.Background()
	name := "sbtest_" + randomSuffix()
	if err := adminExec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, templateName)); err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
	t.Cleanup(func() {
		_ = adminExec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return URLFor(name)
}

// New creates a fresh migrated database for t and returns an open handle,
// closed when t ends.
func New(t testing.TB) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), NewURL(t), 10)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

// DropTemplate removes this process's template database. Call it from
// TestMain after m.Run.
func DropTemplate() {
	if templateName != "" {
		_ = adminExec(context.Background(), "DROP DATABASE IF EXISTS "+templateName+" WITH (FORCE)")
	}
}
