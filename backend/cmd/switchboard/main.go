// Command switchboard is the whole Switchboard server: web app, API,
// websockets, webhooks and background jobs in one binary.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `switchboard — a self-hosted agent desk for WhatsApp and SMS

Usage:
  switchboard serve              run the server (HTTP, websockets, webhooks, jobs)
  switchboard migrate up         apply pending database migrations
  switchboard migrate down       roll back the last applied migration group
  switchboard migrate status     list migrations and whether they are applied
  switchboard demo               create or refresh the demo account and print its logins
  switchboard db create          create the database named in the URL if it is missing
  switchboard config             list every environment variable with its default
  switchboard bench [flags]      measure performance on a scratch database (see docs/benchmarks.md)

Configuration comes from SWITCHBOARD_* environment variables (see README.md).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "switchboard:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("unknown command; run `switchboard help`")

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(out, usage)
		return nil
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx)
	case "migrate":
		sub := "up"
		if len(args) > 1 {
			sub = args[1]
		}
		return cmdMigrate(ctx, sub, out)
	case "demo":
		return cmdDemo(ctx, out)
	case "db":
		if len(args) > 1 && args[1] == "create" {
			return cmdDBCreate(ctx, out)
		}
		return errUsage
	case "config":
		return cmdConfig(out)
	case "bench":
		return cmdBench(ctx, args[1:], out)
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	}
	return errUsage
}
