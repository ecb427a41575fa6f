// Package bench is Switchboard's load generator: it runs a real server in
// this process on a loopback port against its own database and measures it
// against the performance targets of the design — webhook ingest,
// webhook-to-websocket latency, the conversation list at a million
// conversations, the phone book at a million contacts and the memory of
// idle websockets. It is a tool, not a
// test: `switchboard bench` (or `make bench`) runs it.
package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// Options says what to run and how hard.
type Options struct {
	Scenario   string // all, ingest, latency, list, contacts, import, ws-idle or campaign
	Markdown   bool
	CPUProfile string
	MemProfile string

	Clients      int           // connections of the closed-loop ingest phase
	MaxDuration  time.Duration // length of the closed-loop ingest phase
	Rate         float64       // webhooks/s of the fixed-rate phases
	RateDuration time.Duration // length of the fixed-rate ingest phase
	Senders      int           // distinct contacts the webhooks come from
	Drain        time.Duration // longest wait for a backlog after a phase

	WSClients       int           // agents watching the websocket
	ProbeRate       float64       // latency probes/s
	LatencyDuration time.Duration // length of the latency phase under load

	Conversations int  // conversations seeded for the list scenario
	SeedMessages  bool // one message per seeded conversation
	ListRequests  int  // requests per list variant

	Contacts int // contacts seeded for the contacts scenario

	ImportRows int // rows of the file the import scenario imports

	IdleConns int // idle websockets of the ws-idle scenario

	CampaignRecipients    int           // recipients of the campaign scenario, in all
	CampaignSenders       int           // sender numbers they are spread over
	CampaignRate          float64       // each sender's limit, sends/s
	CampaignConversations int           // conversations in the desk's list meanwhile
	ProviderDelay         time.Duration // how long the stand-in provider takes to answer

	DatabaseURL string // the bench database (dropped and recreated)
	AdminURL    string // a superuser URL of the same server

	// DialIdle makes this process the child of ws-idle that holds the
	// connections to this websocket URL.
	DialIdle string
}

// Scenarios in the order "all" runs them.
var Scenarios = []string{"ingest", "latency", "list", "contacts", "import", "ws-idle", "campaign"}

// RegisterFlags declares the options as flags with their defaults.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.Scenario, "scenario", "all", "all, "+strings.Join(Scenarios, ", "))
	fs.BoolVar(&o.Markdown, "markdown", false, "print the results as markdown")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the ingest scenario (server and load generator; go tool pprof -tagignore side=loadgen shows the server alone)")
	fs.StringVar(&o.MemProfile, "memprofile", "", "write a heap profile of the server holding the ws-idle connections")
	fs.IntVar(&o.Clients, "clients", 64, "ingest: concurrent keep-alive connections of the full-speed phase")
	fs.DurationVar(&o.MaxDuration, "max-duration", 15*time.Second, "ingest: length of the full-speed phase")
	fs.Float64Var(&o.Rate, "rate", 4000, "ingest and latency: offered webhooks per second of the fixed-rate phases")
	fs.DurationVar(&o.RateDuration, "rate-duration", 20*time.Second, "ingest: length of the fixed-rate phase")
	fs.IntVar(&o.Senders, "senders", 20000, "distinct contacts the webhooks come from")
	fs.DurationVar(&o.Drain, "drain", 30*time.Second, "longest wait for the webhook backlog after a phase (the rest is discarded)")
	fs.IntVar(&o.WSClients, "ws-clients", 2, "latency: agents signed in on the websocket")
	fs.Float64Var(&o.ProbeRate, "probe-rate", 20, "latency: probe webhooks per second")
	fs.DurationVar(&o.LatencyDuration, "latency-duration", 20*time.Second, "latency: length of the phase under load")
	fs.IntVar(&o.Conversations, "conversations", 1_000_000, "list: conversations to seed")
	fs.BoolVar(&o.SeedMessages, "seed-messages", true, "list: seed one message per conversation (searched by q)")
	fs.IntVar(&o.ListRequests, "list-requests", 400, "list: requests per variant (each variant stops after 30 s)")
	fs.IntVar(&o.Contacts, "contacts", 1_000_000, "contacts: contacts to seed for the phone book")
	fs.IntVar(&o.ImportRows, "import-rows", 100_000, "import: rows of the generated CSV file")
	fs.IntVar(&o.IdleConns, "idle-conns", 10000, "ws-idle: idle websocket connections")
	fs.IntVar(&o.CampaignRecipients, "campaign-recipients", 100_000, "campaign: recipients in all")
	fs.IntVar(&o.CampaignSenders, "campaign-senders", 20, "campaign: sender numbers, one campaign each")
	fs.Float64Var(&o.CampaignRate, "campaign-rate", 300, "campaign: each sender's limit in sends/s")
	fs.IntVar(&o.CampaignConversations, "campaign-conversations", 100_000, "campaign: conversations seeded for the list measured meanwhile")
	fs.DurationVar(&o.ProviderDelay, "provider-delay", 20*time.Millisecond, "campaign: the stand-in provider's answer time")
	fs.StringVar(&o.DialIdle, "dial-idle", "", "internal: be the child process of ws-idle, dialing this URL")
}

func (o *Options) validate() error {
	if o.Scenario != "all" && !slices.Contains(Scenarios, o.Scenario) {
		return fmt.Errorf("bench: unknown scenario %q (all, %s)", o.Scenario, strings.Join(Scenarios, ", "))
	}
	if o.DatabaseURL == "" || o.AdminURL == "" {
		return fmt.Errorf("bench: SWITCHBOARD_DATABASE_URL and SWITCHBOARD_TEST_DATABASE_URL are needed (make bench sets both)")
	}
	if o.CampaignSenders < 1 || o.CampaignRecipients < o.CampaignSenders || o.CampaignRate <= 0 {
		return fmt.Errorf("bench: campaign recipients, senders and rate must be positive")
	}
	if o.Clients < 1 || o.Rate <= 0 || o.Senders < 1 || o.WSClients < 1 || o.ProbeRate <= 0 || o.Conversations < 0 || o.Contacts < 1 || o.ImportRows < 1 || o.ListRequests < 1 || o.IdleConns < 1 {
		return fmt.Errorf("bench: counts and rates must be positive")
	}
	return nil
}

func (o *Options) runs(scenario string) bool { return o.Scenario == "all" || o.Scenario == scenario }

// progress reports what is going on, on stderr (results go to stdout).
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s bench: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// Run prepares the database, starts the server, runs the chosen scenarios
// and prints the report to out.
func Run(ctx context.Context, o Options, out io.Writer) error {
	if o.DialIdle != "" {
		return DialIdle(o.DialIdle, o.IdleConns, os.Stdin, out)
	}
	if err := o.validate(); err != nil {
		return err
	}
	raiseOpenFilesLimit()
	idle := machineLoad()
	progress("recreating the database and migrating it")
	if err := prepareDatabase(ctx, o.DatabaseURL, o.AdminURL); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "switchboard-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	in, err := startInstance(ctx, o.DatabaseURL, dir)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := in.setUp(ctx); err != nil {
		return fmt.Errorf("bench: set-up: %w", err)
	}
	rep := &Report{Machine: describeMachine(ctx, in.srv.DB.Pool)}
	rep.Machine = append(rep.Machine, Row{Metric: "machine load", Value: idle}, Row{Metric: "server", Value: fmt.Sprintf(
		"in this process with the load generator; SWITCHBOARD_DB_MAX_CONNS=%d", in.srv.Config.DBMaxConns)})

	steps := []struct {
		name string
		run  func(context.Context, *instance, Options, *Report) error
	}{
		{"ingest", runIngest}, {"latency", runLatency}, {"list", runList}, {"contacts", runContacts}, {"import", runImport}, {"ws-idle", runIdle},
		{"campaign", runCampaign},
	}
	for _, s := range steps {
		if !o.runs(s.name) {
			continue
		}
		if err := s.run(ctx, in, o, rep); err != nil {
			return fmt.Errorf("bench: %s: %w", s.name, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	fmt.Fprintln(out)
	if o.Markdown {
		rep.WriteMarkdown(out)
	} else {
		rep.WriteText(out)
	}
	return nil
}
