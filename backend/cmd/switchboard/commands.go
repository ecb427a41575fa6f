package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"

	"switchboard/backend/accounts"
	"switchboard/backend/config"
	"switchboard/backend/database"
	"switchboard/backend/server"
)

func loadConfig() (*config.Config, error) {
	cfg, err := config.Load()
	if err != nil {
		return nil, err
	}
	return cfg, cfg.RequireDatabase()
}

func openDB(ctx context.Context) (*config.Config, *database.DB, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, nil, err
	}
	db, err := database.Open(ctx, cfg.DatabaseURL, 4)
	return cfg, db, err
}

func cmdServe(ctx context.Context) error {
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	logger := server.NewLogger(cfg, os.Stderr)
	slog.SetDefault(logger)
	srv, err := server.New(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (SWITCHBOARD_HTTP_ADDR): %w", cfg.HTTPAddr, err)
	}
	return srv.Run(ctx, ln)
}

func cmdMigrate(ctx context.Context, sub string, out io.Writer) error {
	_, db, err := openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "up":
		names, err := db.MigrateUp(ctx)
		if err != nil {
			return err
		}
		if len(names) == 0 {
			fmt.Fprintln(out, "database is up to date")
		}
		for _, n := range names {
			fmt.Fprintln(out, "applied", n)
		}
	case "down":
		names, err := db.MigrateDown(ctx)
		if err != nil {
			return err
		}
		if len(names) == 0 {
			fmt.Fprintln(out, "nothing to roll back")
		}
		for _, n := range names {
			fmt.Fprintln(out, "rolled back", n)
		}
	case "status":
		status, err := db.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, s := range status {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(out, "%-8s %s\n", state, s.Name)
		}
	default:
		return fmt.Errorf("migrate: unknown subcommand %q (up, down or status)", sub)
	}
	return nil
}

func cmdDemo(ctx context.Context, out io.Writer) error {
	cfg, db, err := openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); err != nil {
		return fmt.Errorf("%w; run `switchboard migrate up` first", err)
	}
	if _, err := server.EnsureDemo(ctx, cfg, db); err != nil {
		return err
	}
	fmt.Fprintf(out, "Demo account ready at %s\n", cfg.PublicURL)
	for _, u := range accounts.DemoUsers {
		fmt.Fprintf(out, "  %-16s %-18s password: %s\n", u.Role, u.Email, cfg.DemoPassword)
	}
	return nil
}

// cmdDBCreate creates the database named in the URL, connecting to the
// server's maintenance database "postgres".
func cmdDBCreate(ctx context.Context, out io.Writer) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	u, err := url.Parse(cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("SWITCHBOARD_DATABASE_URL is not a URL: %w", err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		return fmt.Errorf("SWITCHBOARD_DATABASE_URL names no database")
	}
	admin := *u
	admin.Path = "/postgres"
	conn, err := pgx.Connect(ctx, admin.String())
	if err != nil {
		return fmt.Errorf("cannot reach PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		fmt.Fprintf(out, "database %s exists\n", name)
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	fmt.Fprintf(out, "created database %s\n", name)
	return nil
}

func cmdConfig(out io.Writer) error {
	for _, o := range config.Options {
		def := o.Default
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(out, "%-32s %-34s %s\n", o.Name, def, o.Help)
	}
	return nil
}
