package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/uptrace/bun/migrate"

	"switchboard/migrations"
)

// ErrSchemaBehind is returned by CheckSchema when migrations are pending.
var ErrSchemaBehind = errors.New("database schema is behind")

// Status describes the state of one migration.
type Status struct {
	Name    string
	Applied bool
}

func (db *DB) migrator() (*migrate.Migrator, error) {
	ms := migrate.NewMigrations()
	if err := ms.Discover(migrations.FS); err != nil {
		return nil, fmt.Errorf("database: unable to read migrations: %w", err)
	}
	return migrate.NewMigrator(db.Bun, ms, migrate.WithTableName("schema_migrations"),
		migrate.WithLocksTableName("schema_migration_locks")), nil
}

func (db *DB) riverMigrator() (*rivermigrate.Migrator[pgx.Tx], error) {
	return rivermigrate.New(riverpgxv5.New(db.Pool), nil)
}

// MigrateUp applies River's job-queue schema and then every pending
// Switchboard migration. It returns the names of the migrations it applied.
func (db *DB) MigrateUp(ctx context.Context) ([]string, error) {
	rm, err := db.riverMigrator()
	if err != nil {
		return nil, err
	}
	if _, err := rm.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, fmt.Errorf("database: unable to migrate job queue schema: %w", err)
	}
	m, err := db.migrator()
	if err != nil {
		return nil, err
	}
	if err := m.Init(ctx); err != nil {
		return nil, fmt.Errorf("database: unable to create migration tables: %w", err)
	}
	if err := m.Lock(ctx); err != nil {
		return nil, fmt.Errorf("database: unable to lock migrations: %w", err)
	}
	defer m.Unlock(ctx) //nolint:errcheck
	group, err := m.Migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: migration failed: %w", err)
	}
	var names []string
	for _, mg := range group.Migrations {
		names = append(names, mg.Name+"_"+mg.Comment)
	}
	return names, nil
}

// MigrateDown rolls back the last applied group of Switchboard migrations.
func (db *DB) MigrateDown(ctx context.Context) ([]string, error) {
	m, err := db.migrator()
	if err != nil {
		return nil, err
	}
	if err := m.Init(ctx); err != nil {
		return nil, err
	}
	if err := m.Lock(ctx); err != nil {
		return nil, fmt.Errorf("database: unable to lock migrations: %w", err)
	}
	defer m.Unlock(ctx) //nolint:errcheck
	group, err := m.Rollback(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: rollback failed: %w", err)
	}
	var names []string
	for _, mg := range group.Migrations {
		names = append(names, mg.Name+"_"+mg.Comment)
	}
	return names, nil
}

// MigrationStatus lists every known migration and whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]Status, error) {
	m, err := db.migrator()
	if err != nil {
		return nil, err
	}
	if err := m.Init(ctx); err != nil {
		return nil, err
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: unable to read migration status: %w", err)
	}
	out := make([]Status, 0, len(ms))
	for _, mg := range ms {
		out = append(out, Status{Name: mg.Name + "_" + mg.Comment, Applied: mg.IsApplied()})
	}
	return out, nil
}

// CheckSchema returns ErrSchemaBehind (wrapped with the pending names) when
// the database lacks migrations that this binary knows.
func (db *DB) CheckSchema(ctx context.Context) error {
	status, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	var pending []string
	for _, s := range status {
		if !s.Applied {
			pending = append(pending, s.Name)
		}
	}
	rm, err := db.riverMigrator()
	if err != nil {
		return err
	}
	existing, err := rm.ExistingVersions(ctx)
	if err != nil || len(existing) < len(rm.AllVersions()) {
		pending = append(pending, "job queue schema")
	}
	if len(pending) > 0 {
		return fmt.Errorf("%w: %d pending (%v)", ErrSchemaBehind, len(pending), pending)
	}
	return nil
}
