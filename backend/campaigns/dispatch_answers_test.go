package campaigns

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/campaigns/providerstub"
	"switchboard/backend/consent"
	"switchboard/backend/inbox"
	"switchboard/backend/realtime"
)

func TestEngineRecordsEachProviderAnswerAsItsOutcome(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindWhatsApp, 100)
	id := f.campaign(t, 10, ModeDirect, `{"body":"Hi"}`)
	answers := map[string]providerstub.Answer{
		number(1): providerstub.WhatsAppError(400, 131050), // stopped marketing messages
		number(2): providerstub.WhatsAppError(400, 131049), // per-user marketing limit
		number(3): providerstub.WhatsAppError(400, 131026), // not on WhatsApp
	}
	f.stub.Script = func(to string) *providerstub.Answer {
		if a, ok := answers[to]; ok {
			return &a
		}
		return nil
	}
	f.start(t, EngineConfig{})
	f.waitStatus(t, id, StatusCompleted, 10*time.Second)
	want := map[string][2]string{
		number(1): {RecipientExcluded, ReasonOptedOut},
		number(2): {RecipientDeferred, "131049"},
		number(3): {RecipientFailed, "131026"},
		number(4): {RecipientSent, ""},
	}
	ctx := context.Background()
	for n, w := range want {
		var status, reason string
		var next time.Time
		must(t, f.db.Bun.NewRaw("SELECT status, reason, next_attempt_at FROM campaign_recipients WHERE campaign_id = ? AND number = ?", id, n).
			Scan(ctx, &status, &reason, &next))
		if status != w[0] || reason != w[1] {
			t.Errorf("%s: %s/%s, want %s/%s", n, status, reason, w[0], w[1])
		}
		if status == RecipientDeferred && time.Until(next) < 23*time.Hour {
			t.Errorf("deferred recipient may be retried at %v, want in 24 h", next)
		}
	}
	// The provider's opt-out is kept as consent, with the provider as source.
	err := f.consent.Check(ctx, f.db.Bun, consent.SendCheck{AccountID: f.accountID, Kind: consent.KindWhatsApp, Number: number(1)})
	if err == nil {
		t.Fatal("the number that stopped marketing messages may still be sent to")
	}
}

func TestEngineStopsClaimingWhenPausedAndFinishesAfterResume(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindWhatsApp, 50)
	id := f.campaign(t, 100, ModeDirect, `{"body":"Hi"}`)
	e := f.start(t, EngineConfig{})
	ctx := context.Background()
	for len(f.stub.Sent()) < 10 {
		time.Sleep(10 * time.Millisecond)
	}
	_, err := f.db.Bun.NewRaw("UPDATE campaigns SET status = 'paused' WHERE id = ?", id).Exec(ctx)
	must(t, err)
	time.Sleep(time.Second) // claims in hand are sent (at most a claim window's worth)
	paused := len(f.stub.Sent())
	time.Sleep(time.Second)
	if n := len(f.stub.Sent()); n != paused {
		t.Fatalf("%d sends while paused", n-paused)
	}
	if paused >= 100 {
		t.Fatal("the campaign finished before the pause")
	}
	_, err = f.db.Bun.NewRaw("UPDATE campaigns SET status = 'running' WHERE id = ?", id).Exec(ctx)
	must(t, err)
	e.Wake()
	f.waitStatus(t, id, StatusCompleted, 10*time.Second)
	if got := f.byStatus(t, id); got[RecipientSent] != 100 {
		t.Fatalf("recipients %v after resume", got)
	}
}

// eventLog is a Publisher that keeps campaign.updated events.
type eventLog struct {
	mu     sync.Mutex
	events []*realtime.Event
	at     []time.Time
}

func (l *eventLog) PublishTx(context.Context, bun.IDB, *realtime.Event) error { return nil }

func (l *eventLog) Publish(_ context.Context, ev *realtime.Event) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ev.Type == realtime.TypeCampaignUpdated {
		l.events, l.at = append(l.events, ev), append(l.at, time.Now())
	}
	return nil
}

func TestEnginePublishesCampaignUpdatesAtMostTwiceASecond(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindWhatsApp, 100)
	id := f.campaign(t, 200, ModeDirect, `{"body":"Hi"}`)
	log := &eventLog{}
	f.start(t, EngineConfig{Publisher: log})
	f.waitStatus(t, id, StatusCompleted, 20*time.Second)
	time.Sleep(700 * time.Millisecond) // the last event follows completion
	log.mu.Lock()
	defer log.mu.Unlock()
	if len(log.events) < 2 {
		t.Fatalf("%d campaign.updated events", len(log.events))
	}
	for i := 1; i < len(log.at); i++ {
		if gap := log.at[i].Sub(log.at[i-1]); gap < 400*time.Millisecond {
			t.Fatalf("two events %v apart", gap)
		}
	}
	last := string(log.events[len(log.events)-1].Data)
	if !contains(last, `"status":"completed"`) || !contains(last, `"sent":200`) {
		t.Fatalf("last event %s", last)
	}
	if aud := log.events[0].Audience; !aud.HasRole("campaign_manager") || aud.HasRole("agent") {
		t.Fatalf("audience %+v", aud)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
