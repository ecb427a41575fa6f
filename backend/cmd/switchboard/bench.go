package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"

	"switchboard/backend/bench"
)

// cmdBench runs the load generator against a server in this process, on
// the database SWITCHBOARD_DATABASE_URL (dropped and recreated) through
// the superuser URL SWITCHBOARD_TEST_DATABASE_URL.
func cmdBench(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: switchboard bench [flags]\n\n"+
			"Measures ingest, webhook→websocket latency, the conversation list and idle websockets\n"+
			"against a server started in this process. SWITCHBOARD_DATABASE_URL names the bench\n"+
			"database, which is dropped and recreated; SWITCHBOARD_TEST_DATABASE_URL is a superuser\n"+
			"URL of the same server (default: the bench URL with database postgres). See docs/benchmarks.md.\n\n")
		fs.PrintDefaults()
	}
	var o bench.Options
	o.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.DatabaseURL = os.Getenv("SWITCHBOARD_DATABASE_URL")
	o.AdminURL = os.Getenv("SWITCHBOARD_TEST_DATABASE_URL")
	if o.AdminURL == "" && o.DatabaseURL != "" {
		if u, err := url.Parse(o.DatabaseURL); err == nil {
			u.Path = "/postgres"
			o.AdminURL = u.String()
		}
	}
	return bench.Run(ctx, o, out)
}
