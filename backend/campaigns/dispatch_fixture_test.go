package campaigns

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"switchboard/backend/campaigns/providerstub"
	"switchboard/backend/channels"
	"switchboard/backend/channels/twilio"
	"switchboard/backend/channels/whatsapp"
	"switchboard/backend/consent"
	"switchboard/backend/database"
	"switchboard/backend/inbox"
	"switchboard/backend/testdb"
)

// engineFixture is a database with one account, a channel on the
// stand-in provider and a sender number, and an engine to run.
type engineFixture struct {
	t         *testing.T
	db        *database.DB
	stub      *providerstub.Stub
	accountID int64
	channelID int64
	senderID  int64
	kind      string
	inbox     *inbox.Service
	consent   *consent.Service
}

const stubPhoneID = "1098765"

func newEngineFixture(t *testing.T, kind string, rate float64) *engineFixture {
	t.Helper()
	db := testdb.New(t)
	stub := providerstub.New()
	t.Cleanup(stub.Close)
	return setupEngineFixture(t, db, stub, kind, rate)
}

func setupEngineFixture(t testing.TB, db *database.DB, stub *providerstub.Stub, kind string, rate float64) *engineFixture {
	ctx := context.Background()
	f := &engineFixture{db: db, stub: stub, kind: kind}
	must(t, db.Bun.NewRaw("INSERT INTO accounts (name) VALUES ('Engine') RETURNING id").Scan(ctx, &f.accountID))
	creds := `{"access_token":"EAAG-token","app_secret":"s","verify_token":"v"}`
	if kind == inbox.KindSMS {
		creds = `{"account_sid":"AC0123","auth_token":"tok"}`
	}
	must(t, db.Bun.NewRaw(`INSERT INTO channels (account_id, kind, name, enabled, base_url, credentials)
		VALUES (?, ?, 'Stand-in', true, ?, ?::jsonb) RETURNING id`, f.accountID, kind, stub.URL(), creds).Scan(ctx, &f.channelID))
	must(t, db.Bun.NewRaw(`INSERT INTO channel_senders (account_id, channel_id, phone_number, provider_id, name, rate_per_second)
		VALUES (?, ?, '+431000000', ?, 'Main', ?) RETURNING id`, f.accountID, f.channelID, stubPhoneID, rate).Scan(ctx, &f.senderID))
	f.consent = consent.NewService(db.Bun)
	f.inbox = inbox.NewService(inbox.Config{DB: db.Bun, Consent: f.consent, PublicURL: "http://sb.test",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Adapters: map[string]channels.Adapter{inbox.KindWhatsApp: whatsapp.NewClient(whatsapp.Config{Timeout: 10 * time.Second}),
			inbox.KindSMS: &twilio.Adapter{Client: &twilio.Client{}}}})
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func number(i int) string { return fmt.Sprintf("+43676%07d", i) }

// campaign stores a running campaign of n recipients, each with granted
// consent, and returns its id.
func (f *engineFixture) campaign(t testing.TB, n int, mode, content string) int64 {
	ctx := context.Background()
	var id int64
	must(t, f.db.Bun.NewRaw(`INSERT INTO campaigns (account_id, name, channel_id, sender_id, status, recipients_spec, content, mode, started_at)
		VALUES (?, 'Test', ?, ?, 'running', '{}', ?::jsonb, ?, now()) RETURNING id`, f.accountID, f.channelID, f.senderID, content, mode).Scan(ctx, &id))
	ck := consent.KindOf(f.kind)
	_, err := f.db.Bun.NewRaw(`WITH n AS (SELECT '+43676' || lpad(i::text, 7, '0') AS number FROM generate_series(0, ? - 1) i),
		r AS (INSERT INTO campaign_recipients (campaign_id, account_id, number, status) SELECT ?, ?, number, 'queued' FROM n)
		INSERT INTO consents (account_id, number, channel_kind, state, source) SELECT ?, number, ?, 'granted', 'import' FROM n
		ON CONFLICT DO NOTHING`, n, id, f.accountID, f.accountID, ck).Exec(ctx)
	must(t, err)
	return id
}

func (f *engineFixture) engine(cfg EngineConfig) *Engine {
	cfg.DB, cfg.Pool, cfg.Inbox, cfg.Consent = f.db.Bun, f.db.Pool, f.inbox, f.consent
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 100 * time.Millisecond
	}
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return NewEngine(cfg)
}

// start runs an engine until the test ends.
func (f *engineFixture) start(t *testing.T, cfg EngineConfig) *Engine {
	e := f.engine(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return e
}

func (f *engineFixture) status(t testing.TB, id int64) string {
	var s string
	must(t, f.db.Bun.NewRaw("SELECT status FROM campaigns WHERE id = ?", id).Scan(context.Background(), &s))
	return s
}

// waitStatus waits until the campaign has status want.
func (f *engineFixture) waitStatus(t testing.TB, id int64, want string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if f.status(t, id) == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("campaign %d is %s after %v, want %s (recipients %v)", id, f.status(t, id), within, want, f.byStatus(t, id))
}

func (f *engineFixture) byStatus(t testing.TB, id int64) map[string]int {
	var rows []struct {
		Status string `bun:"status"`
		N      int    `bun:"n"`
	}
	must(t, f.db.Bun.NewRaw("SELECT status, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY status", id).
		Scan(context.Background(), &rows))
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out
}
