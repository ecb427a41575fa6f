package campaigns

import (
	"context"
	"io"
	"log/slog"
	"math/rand"
	"os"
	"os/exec"
	"testing"
	"time"

	"switchboard/backend/campaigns/providerstub"
	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
	"switchboard/backend/consent"
	"switchboard/backend/database"
	"switchboard/backend/inbox"
	"switchboard/backend/testdb"
)

const crashChildEnv = "SWITCHBOARD_CAMPAIGN_CRASH_DB"

// Crash-test sizes: the claim window at crashRate gives claims of up to
// 200 (the cap), plus crashInFlight provider calls.
const (
	crashRecipients = 20000
	crashRate       = 3000
	crashInFlight   = 64
	crashKills      = 3
)

// TestCrashChildEngine is the sending process of the crash test: it runs
// only when the crash test starts it, against the test's database, until
// it is killed.
func TestCrashChildEngine(t *testing.T) {
	url := os.Getenv(crashChildEnv)
	if url == "" {
		t.Skip("only run as the crash test's child process")
	}
	ctx := context.Background()
	db, err := database.Open(ctx, url, 8)
	if err != nil {
		t.Fatal(err)
	}
	cs := consent.NewService(db.Bun)
	ib := inbox.NewService(inbox.Config{DB: db.Bun, Consent: cs, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Adapters: map[string]channels.Adapter{inbox.KindWhatsApp: whatsapp.NewClient(whatsapp.Config{Timeout: 10 * time.Second})}})
	e := NewEngine(EngineConfig{DB: db.Bun, Pool: db.Pool, Inbox: ib, Consent: cs, MaxInFlight: crashInFlight,
		PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	e.Run(ctx) // until SIGKILL
}

func TestCrashMidCampaignSkipsNobodyAndSendsNobodyTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: about 30 s")
	}
	url := testdb.NewURL(t)
	ctx := context.Background()
	db, err := database.Open(ctx, url, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	stub := providerstub.New()
	stub.Delay = 3 * time.Millisecond
	t.Cleanup(stub.Close)
	f := setupEngineFixture(t, db, stub, inbox.KindWhatsApp, crashRate)
	id := f.campaign(t, crashRecipients, ModeDirect, `{"body":"Hello"}`)

	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChildEngine$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+url)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	began := time.Now()
	inFlight := 0 // recipients in sending when a process died
	for kill := 1; kill <= crashKills; kill++ {
		cmd := start()
		// Kill at a random moment once the child is sending.
		before := len(stub.Sent())
		deadline := time.Now().Add(20 * time.Second)
		for len(stub.Sent()) == before && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(200+rng.Intn(1200)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		_ = cmd.Wait()
		// A statement the dead process sent may still be running (and
		// commit): count once its server side has finished.
		for wait := time.Now().Add(5 * time.Second); time.Now().Before(wait); {
			var busy int
			must(t, db.Bun.NewRaw(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
				AND pid <> pg_backend_pid() AND state <> 'idle'`).Scan(ctx, &busy))
			if busy == 0 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		var open int
		must(t, db.Bun.NewRaw("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND status = 'sending'", id).Scan(ctx, &open))
		inFlight += open
		t.Logf("kill %d after %d sends at the provider; %d in flight", kill, len(stub.Sent()), open)
	}
	cmd := start()
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	f.waitStatus(t, id, StatusCompleted, 60*time.Second)
	took := time.Since(began)

	var rows []struct {
		Number string `bun:"number"`
		Status string `bun:"status"`
	}
	must(t, db.Bun.NewRaw("SELECT number, status FROM campaign_recipients WHERE campaign_id = ?", id).Scan(ctx, &rows))
	counts := stub.Counts()
	byStatus := map[string]int{}
	unknownAtProvider := 0
	for _, r := range rows {
		byStatus[r.Status]++
		switch r.Status {
		case RecipientSent:
			if counts[r.Number] != 1 {
				t.Errorf("%s is sent but reached the provider %d times", r.Number, counts[r.Number])
			}
		case RecipientUnknown:
			if counts[r.Number] > 1 {
				t.Errorf("%s is unknown and reached the provider %d times", r.Number, counts[r.Number])
			}
			unknownAtProvider += counts[r.Number]
		case RecipientFailed:
		default:
			t.Errorf("%s ended %s", r.Number, r.Status)
		}
	}
	for n, c := range counts {
		if c != 1 {
			t.Errorf("the provider received %s %d times", n, c)
		}
	}
	if len(counts) != byStatus[RecipientSent]+unknownAtProvider {
		t.Errorf("the provider received %d numbers; %d are sent and %d unknown ones reached it", len(counts), byStatus[RecipientSent], unknownAtProvider)
	}
	// Unknown are exactly the sends in flight at the kills: claimed and
	// committed as sending, their outcome not yet recorded.
	if byStatus[RecipientUnknown] != inFlight {
		var reasons []struct {
			Reason string `bun:"reason"`
			Msg    string `bun:"msg"`
			N      int    `bun:"n"`
		}
		_ = db.Bun.NewRaw("SELECT reason, min(reason_message) AS msg, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? AND status = 'unknown' GROUP BY reason", id).Scan(ctx, &reasons)
		t.Logf("unknown by reason: %+v", reasons)
		t.Errorf("%d unknown, but %d were in flight at the kills", byStatus[RecipientUnknown], inFlight)
	}
	if max := crashKills * (200 + crashInFlight + 5*flushSize); inFlight > max {
		t.Errorf("%d in flight at %d kills, more than the claims, calls and unwritten results can hold (%d)", inFlight, crashKills, max)
	}
	t.Logf("%d recipients in %v: %v; %d of the unknown reached the provider (in flight at a kill), %d were claimed but not yet sent",
		len(rows), took.Round(time.Millisecond), byStatus, unknownAtProvider, byStatus[RecipientUnknown]-unknownAtProvider)
}
