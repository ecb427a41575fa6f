package consent

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.DropTemplate()
	os.Exit(code)
}

func setup(t *testing.T) (*Service, *bun.DB, int64) {
	t.Helper()
	db := testdb.New(t)
	var acct int64
	if err := db.Bun.NewRaw("INSERT INTO accounts (name) VALUES ('A') RETURNING id").Scan(context.Background(), &acct); err != nil {
		t.Fatal(err)
	}
	return NewService(db.Bun), db.Bun, acct
}

func TestApplyKeepsTheStateAndAnAppendOnlyHistory(t *testing.T) {
	t.Parallel()
	s, db, acct := setup(t)
	ctx := context.Background()
	const n = "+436641234567"
	steps := []struct {
		change  Change
		state   string
		changed bool
	}{
		{Change{Number: n, ChannelKind: KindWhatsApp, State: Pending, Source: SourceWidget}, Pending, true},
		{Change{Number: n, ChannelKind: KindWhatsApp, State: Granted, Source: SourceInbound, Detail: "+4930901820"}, Granted, true},
		// A pending registration never undoes a decision.
		{Change{Number: n, ChannelKind: KindWhatsApp, State: Pending, Source: SourceWidget}, Granted, false},
		{Change{Number: n, ChannelKind: KindWhatsApp, State: Granted, Source: SourceImport}, Granted, false},
		{Change{Number: n, ChannelKind: KindWhatsApp, State: Revoked, Source: SourceKeyword, Detail: "STOP"}, Revoked, true},
		// A first message is an opt-in, but never undoes a STOP.
		{Change{Number: n, ChannelKind: KindWhatsApp, State: Granted, Source: SourceInbound, UnlessRevoked: true}, Revoked, false},
		{Change{Number: n, ChannelKind: KindSMS, State: Revoked, Source: SourceKeyword, Detail: "STOP"}, Revoked, true},
	}
	for i, st := range steps {
		_, changed, err := s.Apply(ctx, db, acct, st.change)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.Get(ctx, acct, n, st.change.ChannelKind)
		if err != nil {
			t.Fatal(err)
		}
		if rec.State != st.state || changed != st.changed {
			t.Errorf("step %d: state %s changed %v, want %s %v", i, rec.State, changed, st.state, st.changed)
		}
	}
	h, err := s.History(ctx, acct, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 4 || h[0].ChannelKind != KindSMS || h[1].State != Revoked || h[3].State != Pending {
		t.Errorf("history = %+v", h)
	}
	if _, _, err := s.Apply(ctx, db, acct, Change{Number: n, ChannelKind: "fax", State: Granted}); err == nil {
		t.Error("an unknown channel kind was accepted")
	}
}

func TestWhatsAppRule(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	stoppedAt := now.Add(-2 * time.Hour)
	cases := []struct {
		name    string
		rec     *Record
		inbound *time.Time
		want    error
	}{
		{"no record, no message", nil, nil, ErrNoConsent},
		{"no record, in the window", nil, at(-time.Hour), nil},
		{"no record, window closed", nil, at(-25 * time.Hour), ErrNoConsent},
		{"pending, in the window", &Record{State: Pending}, at(-time.Hour), nil},
		{"granted, window closed", &Record{State: Granted}, at(-72 * time.Hour), nil},
		{"granted, never wrote", &Record{State: Granted}, nil, nil},
		{"stopped, wrote before the stop", &Record{State: Revoked, ChangedAt: stoppedAt}, at(-3 * time.Hour), ErrStopped},
		{"stopped, in the window of the STOP itself", &Record{State: Revoked, ChangedAt: stoppedAt}, at(-time.Hour), ErrStopped},
		{"stopped, never wrote", &Record{State: Revoked, ChangedAt: stoppedAt}, nil, ErrStopped},
		{"stopped, wrote again since", &Record{State: Revoked, ChangedAt: stoppedAt, WroteSince: true}, at(-time.Hour), nil},
		{"stopped long ago, wrote again outside the window", &Record{State: Revoked, ChangedAt: now.Add(-100 * time.Hour), WroteSince: true}, at(-30 * time.Hour), ErrNoConsent},
	}
	for _, c := range cases {
		if got := decideWhatsApp(c.rec, c.inbound, now); !errors.Is(got, c.want) && got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCheckSeesSMSOptOutsAndTheConfirmationPasses(t *testing.T) {
	t.Parallel()
	s, db, acct := setup(t)
	ctx := context.Background()
	const n = "+491701234567"
	check := SendCheck{AccountID: acct, Kind: KindSMS, Number: n, SenderID: 1}
	if err := s.Check(ctx, db, check); err != nil {
		t.Fatalf("SMS without any record: %v", err)
	}
	if _, _, err := s.Apply(ctx, db, acct, Change{Number: n, ChannelKind: KindSMS, State: Revoked, Source: SourceKeyword}); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx, db, check); !errors.Is(err, ErrOptedOut) {
		t.Errorf("SMS after STOP: %v, want opted_out", err)
	}
	check.Confirmation = true
	if err := s.Check(ctx, db, check); err != nil {
		t.Errorf("the keyword confirmation was refused: %v", err)
	}
	wa := SendCheck{AccountID: acct, Kind: KindWhatsApp, Number: n}
	if err := s.Check(ctx, db, wa); !errors.Is(err, ErrNoConsent) {
		t.Errorf("WhatsApp without consent: %v", err)
	}
}
