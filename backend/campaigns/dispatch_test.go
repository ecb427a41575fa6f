package campaigns

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"switchboard/backend/campaigns/providerstub"
	"switchboard/backend/consent"
	"switchboard/backend/inbox"
)

const textContent = `{"body":"Hello {{first_name}}, sale at https://shop.example/sale"}`

func TestEngineSendsEveryRecipientOnceAndCompletes(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindWhatsApp, 500)
	id := f.campaign(t, 300, ModeDirect, textContent)
	var finished atomic.Int64
	f.start(t, EngineConfig{Finisher: finisherFunc(func(_ context.Context, cid int64) error { finished.Store(cid); return nil })})
	f.waitStatus(t, id, StatusCompleted, 20*time.Second)
	if got := f.byStatus(t, id); got[RecipientSent] != 300 {
		t.Fatalf("recipients by status %v, want 300 sent", got)
	}
	for n, c := range f.stub.Counts() {
		if c != 1 {
			t.Fatalf("%s received %d messages", n, c)
		}
	}
	if finished.Load() != id {
		t.Fatalf("Finished hook called for %d, want %d", finished.Load(), id)
	}
}

type finisherFunc func(context.Context, int64) error

func (f finisherFunc) Finished(ctx context.Context, id int64) error { return f(ctx, id) }

func TestEngineKeepsTheSendersRate(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindWhatsApp, 20)
	id := f.campaign(t, 50, ModeDirect, textContent)
	start := time.Now()
	f.start(t, EngineConfig{})
	f.waitStatus(t, id, StatusCompleted, 20*time.Second)
	times := f.stub.Times(stubPhoneID)
	if len(times) != 50 {
		t.Fatalf("%d sends, want 50", len(times))
	}
	// 20/s with a burst of at most one claim window (0.1 s → 2 tokens).
	if n := providerstub.MaxInWindow(times, time.Second); n > 20+3 {
		t.Fatalf("%d sends within one second at 20/s", n)
	}
	if took := time.Since(start); took < 2*time.Second {
		t.Fatalf("50 sends at 20/s took %v, want at least 2 s", took)
	}
}

func TestEngineSlowsDownOnThrottlingAndCompletes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		kind string
		err  providerstub.Answer
	}{
		{"WhatsApp throughput 130429", inbox.KindWhatsApp, providerstub.WhatsAppError(400, 130429)},
		{"WhatsApp pair rate 131056", inbox.KindWhatsApp, providerstub.WhatsAppError(400, 131056)},
		{"Twilio 20429", inbox.KindSMS, providerstub.TwilioError(429, 20429)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newEngineFixture(t, tc.kind, 100)
			id := f.campaign(t, 60, ModeDirect, `{"body":"Hi"}`)
			// The provider refuses everything for the first second.
			until := time.Now().Add(time.Second)
			var refused atomic.Int64
			f.stub.Script = func(string) *providerstub.Answer {
				if time.Now().Before(until) {
					refused.Add(1)
					a := tc.err
					return &a
				}
				return nil
			}
			e := f.start(t, EngineConfig{})
			f.waitStatus(t, id, StatusCompleted, 40*time.Second)
			if got := f.byStatus(t, id); got[RecipientSent] != 60 {
				t.Fatalf("recipients %v, want all 60 sent (refused %d times)", got, refused.Load())
			}
			if refused.Load() == 0 {
				t.Fatal("the stand-in refused nothing")
			}
			_ = e
			for n, c := range f.stub.Counts() {
				if c != 1 {
					t.Fatalf("%s received %d messages", n, c)
				}
			}
		})
	}
}

func TestEngineHonoursAStopThatArrivesMidCampaign(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindSMS, 50)
	id := f.campaign(t, 100, ModeDirect, `{"body":"Hi"}`)
	stopped := number(80)
	// The 10th send triggers a STOP from recipient 80, before its turn.
	var sends atomic.Int64
	f.stub.Script = func(string) *providerstub.Answer {
		if sends.Add(1) == 10 {
			_, _, err := f.consent.Apply(context.Background(), f.db.Bun, f.accountID, consent.Change{Number: stopped,
				ChannelKind: consent.KindSMS, State: consent.Revoked, Source: consent.SourceKeyword, Detail: "STOP"})
			if err != nil {
				t.Error(err)
			}
		}
		return nil
	}
	f.start(t, EngineConfig{})
	f.waitStatus(t, id, StatusCompleted, 20*time.Second)
	if f.stub.Counts()[stopped] != 0 {
		t.Fatal("the provider was called for a number that had sent STOP")
	}
	var status, reason string
	must(t, f.db.Bun.NewRaw("SELECT status, reason FROM campaign_recipients WHERE campaign_id = ? AND number = ?", id, stopped).
		Scan(context.Background(), &status, &reason))
	if status != RecipientExcluded || reason != ReasonOptedOut {
		t.Fatalf("stopped recipient is %s/%s, want excluded/opted_out", status, reason)
	}
	if got := f.byStatus(t, id); got[RecipientSent] != 99 {
		t.Fatalf("recipients %v, want 99 sent", got)
	}
}

func TestEngineStopsTheCampaignOnBadCredentials(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindWhatsApp, 100)
	id := f.campaign(t, 20, ModeDirect, `{"body":"Hi"}`)
	f.stub.Script = func(string) *providerstub.Answer { a := providerstub.WhatsAppError(401, 190); return &a }
	f.start(t, EngineConfig{})
	f.waitStatus(t, id, StatusStopped, 10*time.Second)
	var reason string
	must(t, f.db.Bun.NewRaw("SELECT stop_reason FROM campaigns WHERE id = ?", id).Scan(context.Background(), &reason))
	if reason != StopBadCredentials {
		t.Fatalf("stop reason %q", reason)
	}
	time.Sleep(300 * time.Millisecond)
	if got := f.byStatus(t, id); got[RecipientQueued] != 20 {
		t.Fatalf("recipients %v, want all 20 queued again for the resume", got)
	}
}

func TestEngineSessionModeOpensRoutedConversationsAndDirectModeNone(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindSMS, 100)
	ctx := context.Background()
	// Recipient 0 has a contact with an active conversation; 1 a contact without.
	var c0, c1, conv0 int64
	must(t, f.db.Bun.NewRaw(`INSERT INTO contacts (account_id, name, sms_number) VALUES (?, 'Anna Berg', ?) RETURNING id`,
		f.accountID, number(0)).Scan(ctx, &c0))
	must(t, f.db.Bun.NewRaw(`INSERT INTO contacts (account_id, name, sms_number) VALUES (?, 'Bo Lind', ?) RETURNING id`,
		f.accountID, number(1)).Scan(ctx, &c1))
	must(t, f.db.Bun.NewRaw(`INSERT INTO conversations (account_id, contact_id, channel_id, sender_id, status, last_message_at)
		VALUES (?, ?, ?, ?, 'open', now()) RETURNING id`, f.accountID, c0, f.channelID, f.senderID).Scan(ctx, &conv0))
	session := f.campaign(t, 2, ModeSession, `{"body":"Hi {{first_name}}"}`)
	_, err := f.db.Bun.NewRaw(`UPDATE campaign_recipients SET contact_id = CASE number WHEN ? THEN ?::bigint ELSE ?::bigint END
		WHERE campaign_id = ?`, number(0), c0, c1, session).Exec(ctx)
	must(t, err)
	f.start(t, EngineConfig{})
	f.waitStatus(t, session, StatusCompleted, 10*time.Second)
	var rows []struct {
		Number         string `bun:"number"`
		ConversationID *int64 `bun:"conversation_id"`
		MessageID      *int64 `bun:"message_id"`
	}
	must(t, f.db.Bun.NewRaw("SELECT number, conversation_id, message_id FROM campaign_recipients WHERE campaign_id = ? ORDER BY number", session).Scan(ctx, &rows))
	if rows[0].ConversationID == nil || *rows[0].ConversationID != conv0 {
		t.Fatalf("recipient with an active conversation got conversation %v, want %d", rows[0].ConversationID, conv0)
	}
	if rows[1].ConversationID == nil || *rows[1].ConversationID == conv0 || rows[1].MessageID == nil {
		t.Fatalf("recipient without a conversation: %+v", rows[1])
	}
	var body, extra string
	must(t, f.db.Bun.NewRaw("SELECT body, extra::text FROM messages WHERE id = ?", *rows[1].MessageID).Scan(ctx, &body, &extra))
	if body != "Hi Bo" || !strings.Contains(extra, `"campaign_id"`) {
		t.Fatalf("stored message %q %s", body, extra)
	}
	// Direct mode: no conversation, no message.
	direct := f.campaign(t, 0, ModeDirect, `{"body":"Hi"}`)
	_, err = f.db.Bun.NewRaw(`INSERT INTO campaign_recipients (campaign_id, account_id, number, status, contact_id) VALUES (?, ?, ?, 'queued', ?)`,
		direct, f.accountID, number(2), c1).Exec(ctx)
	must(t, err)
	var before int
	must(t, f.db.Bun.NewRaw("SELECT count(*) FROM messages").Scan(ctx, &before))
	f.waitStatus(t, direct, StatusCompleted, 10*time.Second)
	var after int
	must(t, f.db.Bun.NewRaw("SELECT count(*) FROM messages").Scan(ctx, &after))
	if after != before {
		t.Fatalf("direct mode stored %d messages", after-before)
	}
}
