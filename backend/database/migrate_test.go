package database_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"switchboard/backend/database"
	"switchboard/backend/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.DropTemplate()
	os.Exit(code)
}

func TestMigrationsGoDownAndUpAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t)
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("fresh database: %v", err)
	}
	down, err := db.MigrateDown(ctx)
	if err != nil || len(down) == 0 {
		t.Fatalf("down: %v %v", down, err)
	}
	if err := db.CheckSchema(ctx); !errors.Is(err, database.ErrSchemaBehind) {
		t.Fatalf("after down, CheckSchema = %v, want ErrSchemaBehind", err)
	}
	up, err := db.MigrateUp(ctx)
	if err != nil || len(up) == 0 {
		t.Fatalf("up: %v %v", up, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("after up: %v", err)
	}
}
