package campaigns

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"switchboard/backend/apperror"
	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/templates"
	"switchboard/backend/testdb"
)

// countingWaker counts the engine's wake-ups.
type countingWaker struct{ n atomic.Int32 }

func (w *countingWaker) Wake() { w.n.Add(1) }

// bundle is a campaigns service on a fresh database with one account, an
// SMS channel with two senders and a sandbox (WhatsApp) channel with one
// sender and an approved template.
type bundle struct {
	t        *testing.T
	svc      *Service
	waker    *countingWaker
	clock    time.Time
	account  int64
	sms      int64 // channel
	senderA  int64
	senderB  int64
	wa       int64 // channel
	waSender int64
	template int64
}

func setup(t *testing.T) *bundle {
	t.Helper()
	t.Parallel()
	db := testdb.New(t)
	b := &bundle{t: t, waker: &countingWaker{}, clock: time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC)}
	b.svc = NewService(Config{DB: db.Bun, Contacts: contacts.NewService(db.Bun, nil),
		Consent: consent.NewService(db.Bun), Templates: templates.NewService(templates.Config{DB: db.Bun})})
	b.svc.now = func() time.Time { return b.clock }
	b.svc.SetWaker(b.waker)
	b.account = b.id(`INSERT INTO accounts (name, default_country) VALUES ('A', 'AT') RETURNING id`)
	b.sms = b.id(`INSERT INTO channels (account_id, kind, name) VALUES (?, 'sms_twilio', 'SMS') RETURNING id`, b.account)
	b.senderA = b.id(`INSERT INTO channel_senders (account_id, channel_id, phone_number) VALUES (?, ?, '+4319990001') RETURNING id`, b.account, b.sms)
	b.senderB = b.id(`INSERT INTO channel_senders (account_id, channel_id, phone_number) VALUES (?, ?, '+4319990002') RETURNING id`, b.account, b.sms)
	b.wa = b.id(`INSERT INTO channels (account_id, kind, name) VALUES (?, 'sandbox', 'WA') RETURNING id`, b.account)
	b.waSender = b.id(`INSERT INTO channel_senders (account_id, channel_id, phone_number) VALUES (?, ?, '+4319990003') RETURNING id`, b.account, b.wa)
	b.template = b.id(`INSERT INTO whatsapp_templates (account_id, channel_id, name, language, status, parameter_format, components)
		VALUES (?, ?, 'news', 'de', 'APPROVED', 'NAMED', '[{"type":"BODY","text":"Hallo {{first_name}}, neu bei uns."}]') RETURNING id`, b.account, b.wa)
	return b
}

func (b *bundle) id(query string, args ...any) int64 {
	b.t.Helper()
	var id int64
	if err := b.svc.db.NewRaw(query, args...).Scan(context.Background(), &id); err != nil {
		b.t.Fatalf("%s: %v", query, err)
	}
	return id
}

func (b *bundle) exec(query string, args ...any) {
	b.t.Helper()
	if _, err := b.svc.db.NewRaw(query, args...).Exec(context.Background()); err != nil {
		b.t.Fatalf("%s: %v", query, err)
	}
}

// smsInput is a campaign of one text to numbers from sender.
func (b *bundle) smsInput(sender int64, numbers ...string) Input {
	return Input{Name: "Sale", ChannelID: b.sms, SenderID: sender, Mode: ModeDirect,
		Recipients: RecipientsSpec{Numbers: numbers}, Content: Content{Body: "Hi {{first_name}}, 20 % off today"}}
}

func (b *bundle) create(in Input) *Campaign {
	b.t.Helper()
	c, err := b.svc.Create(context.Background(), b.account, in, Actor{})
	if err != nil {
		var ae *apperror.Error
		if errors.As(err, &ae) {
			b.t.Fatalf("create: %v %v", err, ae.Fields)
		}
		b.t.Fatalf("create: %v", err)
	}
	return c
}

func (b *bundle) status(id int64) string {
	b.t.Helper()
	c, err := b.svc.Get(context.Background(), b.account, id)
	if err != nil {
		b.t.Fatal(err)
	}
	return c.Status
}

// finish does what the engine does when a campaign is done: every queued
// recipient sent, the campaign completed, then the core's hook.
func (b *bundle) finish(id int64) {
	b.t.Helper()
	b.exec(`UPDATE campaign_recipients SET status = 'sent', sent_at = now() WHERE campaign_id = ? AND status = 'queued'`, id)
	b.exec(`UPDATE campaigns SET status = 'completed', finished_at = now() WHERE id = ?`, id)
	if err := b.svc.Finished(context.Background(), id); err != nil {
		b.t.Fatal(err)
	}
}
