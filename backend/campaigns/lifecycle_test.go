package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"switchboard/backend/apperror"
)

func TestCampaignGoesThroughItsWholeLife(t *testing.T) {
	b := setup(t)
	ctx := context.Background()

	// A draft, then edited into a campaign scheduled at 09:00 in New York.
	in := b.smsInput(b.senderA, "+436641000001", "06641000002")
	in.Draft = true
	first := b.create(in)
	if first.Status != StatusDraft || first.Counts.Total != 2 || first.Counts.Queued != 2 {
		t.Fatalf("draft = %s %+v", first.Status, first.Counts)
	}
	first, err := b.svc.Update(ctx, b.account, first.ID, json.RawMessage(
		`{"name":"Summer sale","draft":false,"send_at":"2030-06-01T09:00","time_zone":"America/New_York"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2030, 6, 1, 13, 0, 0, 0, time.UTC) // EDT is UTC−4
	if first.Status != StatusScheduled || first.SendAt == nil || !first.SendAt.Equal(want) || first.Name != "Summer sale" {
		t.Fatalf("scheduled = %s %v %q", first.Status, first.SendAt, first.Name)
	}
	if first.Counts.Queued != 2 {
		t.Fatalf("recipients lost on edit: %+v", first.Counts)
	}

	// Another campaign on the same sender starts now and runs.
	second := b.create(b.smsInput(b.senderA, "+436641000003"))
	if second.Status != StatusRunning || second.StartedAt == nil || b.waker.n.Load() != 1 {
		t.Fatalf("send now = %s, woken %d", second.Status, b.waker.n.Load())
	}
	// A third on the other sender runs beside it.
	if other := b.create(b.smsInput(b.senderB, "+436641000004")); other.Status != StatusRunning {
		t.Fatalf("other sender = %s", other.Status)
	}

	// Not yet due: nothing moves. Due: pending behind the running one.
	b.clock = want.Add(-time.Minute)
	if n, err := b.svc.StartDue(ctx); err != nil || n != 0 {
		t.Fatalf("before due: %d %v", n, err)
	}
	b.clock = want.Add(time.Second)
	if n, err := b.svc.StartDue(ctx); err != nil || n != 1 {
		t.Fatalf("due: %d %v", n, err)
	}
	if s := b.status(first.ID); s != StatusPending {
		t.Fatalf("due behind a running campaign = %s, want pending", s)
	}
	// A running campaign cannot be edited.
	if _, err := b.svc.Update(ctx, b.account, second.ID, json.RawMessage(`{"name":"x"}`)); !errors.Is(err, apperror.ErrConflict) {
		t.Fatalf("PATCH running = %v, want conflict", err)
	}

	// The engine finishes the running one: the pending one is promoted.
	woken := b.waker.n.Load()
	b.finish(second.ID)
	if s := b.status(first.ID); s != StatusRunning || b.waker.n.Load() != woken+1 {
		t.Fatalf("after the first finished = %s (woken %d→%d)", s, woken, b.waker.n.Load())
	}

	// Pause, resume, stop by the user, resume again.
	for _, step := range []struct {
		do   func(context.Context, int64, int64) (*Campaign, error)
		want string
	}{{b.svc.Pause, StatusPaused}, {b.svc.Resume, StatusRunning}, {b.svc.Stop, StatusStopped}} {
		c, err := step.do(ctx, b.account, first.ID)
		if err != nil || c.Status != step.want {
			t.Fatalf("step → %v %v, want %s", c, err, step.want)
		}
	}
	if c, _ := b.svc.Get(ctx, b.account, first.ID); c.StopReason != StopUser {
		t.Fatalf("stop reason = %q", c.StopReason)
	}
	if _, err := b.svc.Pause(ctx, b.account, first.ID); !errors.Is(err, apperror.ErrConflict) {
		t.Fatalf("pause stopped = %v, want conflict", err)
	}
	if c, err := b.svc.Resume(ctx, b.account, first.ID); err != nil || c.Status != StatusRunning || c.StopReason != "" {
		t.Fatalf("resume stopped = %v %v", c, err)
	}

	// Completed with one failed and one unknown: retry queues both again.
	b.exec(`UPDATE campaign_recipients SET status = 'failed', reason = '30003', failed_at = now() WHERE campaign_id = ? AND number = '+436641000001'`, first.ID)
	b.exec(`UPDATE campaign_recipients SET status = 'unknown' WHERE campaign_id = ? AND number = '+436641000002'`, first.ID)
	b.exec(`UPDATE campaigns SET status = 'completed' WHERE id = ?`, first.ID)
	c, err := b.svc.Retry(ctx, b.account, first.ID)
	if err != nil || c.Status != StatusRetrying || c.Counts.Queued != 2 || c.Counts.Failed != 0 || c.Counts.Unknown != 0 {
		t.Fatalf("retry = %v %+v", err, c)
	}
	b.finish(first.ID)
	if _, err := b.svc.Retry(ctx, b.account, first.ID); !errors.Is(err, apperror.ErrConflict) {
		t.Fatalf("retry with nothing failed = %v, want conflict", err)
	}

	// Duplicate into a new draft with the same recipients.
	dup, err := b.svc.Duplicate(ctx, b.account, first.ID, Actor{})
	if err != nil || dup.Status != StatusDraft || dup.Name != "Summer sale (copy)" || dup.Counts.Queued != 2 || dup.SendAt != nil {
		t.Fatalf("duplicate = %v %+v", err, dup)
	}
	if err := b.svc.Delete(ctx, b.account, first.ID); !errors.Is(err, apperror.ErrConflict) {
		t.Fatalf("delete completed = %v, want conflict", err)
	}
	if err := b.svc.Delete(ctx, b.account, dup.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.Get(ctx, b.account, dup.ID); !errors.Is(err, apperror.ErrNotFound) {
		t.Fatalf("deleted draft = %v", err)
	}
}

func TestCampaignStartsPendingWhenItsSenderIsBusyAndWaitsItsTurn(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	running := b.create(b.smsInput(b.senderA, "+436641000001"))
	queued := []*Campaign{b.create(b.smsInput(b.senderA, "+436641000002")), b.create(b.smsInput(b.senderA, "+436641000003"))}
	for _, c := range queued {
		if c.Status != StatusPending {
			t.Fatalf("second on a busy sender = %s", c.Status)
		}
	}
	// Pausing the running one frees the sender for the oldest pending.
	if _, err := b.svc.Pause(ctx, b.account, running.ID); err != nil {
		t.Fatal(err)
	}
	if s0, s1 := b.status(queued[0].ID), b.status(queued[1].ID); s0 != StatusRunning || s1 != StatusPending {
		t.Fatalf("after pause: %s %s", s0, s1)
	}
	// Resuming while another runs waits as pending, behind those waiting.
	b.clock = b.clock.Add(time.Minute)
	if c, err := b.svc.Resume(ctx, b.account, running.ID); err != nil || c.Status != StatusPending {
		t.Fatalf("resume on a busy sender = %v %v", c, err)
	}
	b.finish(queued[0].ID)
	if s := b.status(queued[1].ID); s != StatusRunning {
		t.Fatalf("next after finish = %s", s)
	}

	// A completion whose Finished call was lost (a crash) or a stop by a
	// fault: the scheduler starts the next one all the same.
	b.exec(`UPDATE campaigns SET status = 'stopped', stop_reason = 'bad_credentials' WHERE id = ?`, queued[1].ID)
	if err := b.svc.PromoteWaiting(ctx); err != nil {
		t.Fatal(err)
	}
	if s := b.status(running.ID); s != StatusRunning {
		t.Fatalf("waiting after a lost Finished = %s", s)
	}
}
