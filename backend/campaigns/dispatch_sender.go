package campaigns

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/inbox"
)

// Default paces by sender kind, in tokens (messages; SMS segments) per second.
const (
	DefaultRateWhatsApp  = 80
	DefaultRateLongCode  = 1
	DefaultRateShortCode = 100
)

// pairInterval is the least time between two WhatsApp messages to one
// recipient from one number (Meta's pair rate limit).
const pairInterval = 6 * time.Second

// campaignReread is how long the loop trusts the campaign row it read.
const campaignReread = 250 * time.Millisecond

// maxRetries bounds the re-queues after provider outages (throttling is
// re-queued without bound: it slows down, it never fails).
const maxRetries = 10

// senderLoop sends the running campaigns of one sender number. Only the
// process holding the sender's lock runs it.
type senderLoop struct {
	e        *Engine
	senderID int64
	lockPID  int64

	channel inbox.Channel
	sender  inbox.Sender
	bucket  *Bucket
	pair    *pairPacer

	results  *resultWriter
	inflight chan struct{}
	wg       sync.WaitGroup
	// halted is the campaign a fault stopped while its claims were out.
	halted atomic.Int64
}

type claimed struct {
	ID        int64             `bun:"id"`
	ContactID *int64            `bun:"contact_id"`
	Number    string            `bun:"number"`
	Variables map[string]string `bun:"variables,type:jsonb"`
	Attempts  int               `bun:"attempts"`
}

func (l *senderLoop) run(ctx context.Context) error {
	e := l.e
	if err := e.db.NewSelect().Model(&l.sender).Where("id = ?", l.senderID).Scan(ctx); err != nil {
		return fmt.Errorf("sender: %w", err)
	}
	if err := e.db.NewSelect().Model(&l.channel).Where("id = ?", l.sender.ChannelID).Scan(ctx); err != nil {
		return fmt.Errorf("channel: %w", err)
	}
	limit := float64(DefaultRateWhatsApp)
	switch {
	case l.sender.RatePerSecond != nil && *l.sender.RatePerSecond > 0:
		limit = *l.sender.RatePerSecond
	case l.channel.Kind == inbox.KindSMS && l.sender.ShortCode:
		limit = DefaultRateShortCode
	case l.channel.Kind == inbox.KindSMS:
		limit = DefaultRateLongCode
	}
	l.bucket = NewBucket(limit, e.cfg.Burst)
	if l.channel.Kind != inbox.KindSMS {
		l.pair = newPairPacer()
	}
	if err := l.recover(ctx); err != nil {
		return err
	}
	l.inflight = make(chan struct{}, e.cfg.MaxInFlight)
	l.results = newResultWriter(e)
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		l.results.run()
	}()
	defer func() {
		l.wg.Wait()
		l.results.close()
		<-writerDone
	}()

	var prep *prepared
	var c *Campaign
	var read time.Time
	var pending chan claimBatch
	var pendingFor int64
	defer func() {
		if pending != nil {
			l.release(<-pending)
		}
	}()
	for ctx.Err() == nil {
		// The campaign is read again every campaignReread (a pause or an
		// edit shows within that; claims check the status each time).
		if c == nil || time.Since(read) > campaignReread {
			c = new(Campaign)
			err := e.db.NewSelect().Model(c).Where("sender_id = ? AND status IN (?, ?)", l.senderID, StatusRunning, StatusRetrying).
				OrderExpr("id").Limit(1).Scan(ctx)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			read = time.Now()
		}
		if l.halted.Load() == c.ID {
			// Resumed after a fault: the old run's sends are all recorded.
			l.wg.Wait()
			l.halted.Store(0)
		}
		if prep == nil || prep.c.ID != c.ID || prep.c.UpdatedAt != c.UpdatedAt {
			var err error
			if prep, err = l.prepare(ctx, c); errors.Is(err, errContent) {
				l.stop(ctx, c.ID, "content", err.Error())
				prep, c = nil, nil
				continue
			} else if err != nil {
				return err
			}
		}
		n := int(l.bucket.Rate()*e.cfg.ClaimWindow.Seconds()) + 1
		if n > 200 {
			n = 200
		}
		// The next claim is made while this one is sent, so the pace never
		// waits for the database.
		var b claimBatch
		if pending != nil && pendingFor == c.ID {
			b = <-pending
		} else {
			if pending != nil {
				l.release(<-pending)
			}
			b = l.claimChecked(ctx, c, n)
		}
		pending = nil
		if b.err != nil {
			return b.err
		}
		if b.claimed == 0 {
			if err := l.idle(ctx, c); err != nil {
				return err
			}
			c = nil
			continue
		}
		pending, pendingFor = make(chan claimBatch, 1), c.ID
		go func(c *Campaign) { pending <- l.claimChecked(ctx, c, n) }(c)
		rows, contactsByID := b.rows, b.contacts
		for i, r := range rows {
			if l.halted.Load() == c.ID || ctx.Err() != nil {
				l.requeue(c.ID, rows[i:]) // claimed, never sent
				break
			}
			var contact *contacts.Contact
			if r.ContactID != nil {
				contact = contactsByID[*r.ContactID]
			}
			if contact != nil && contact.Blocked {
				l.results.add(result{id: r.ID, campaignID: c.ID, status: RecipientExcluded, reason: ReasonBlocked,
					message: "the contact was blocked before the send"})
				continue
			}
			if wait := l.pair.wait(r.Number); wait > 0 {
				l.results.add(result{id: r.ID, campaignID: c.ID, status: RecipientQueued, delay: wait, keepAttempts: true})
				continue
			}
			s := &send{l: l, p: prep, r: r, contact: contact}
			if err := s.renderContent(ctx); err != nil {
				l.results.add(result{id: r.ID, campaignID: c.ID, status: RecipientFailed, reason: "content", message: err.Error()})
				continue
			}
			if err := l.bucket.Wait(ctx, s.msg.cost); err != nil {
				l.requeue(c.ID, rows[i:])
				break
			}
			select {
			case l.inflight <- struct{}{}:
			case <-ctx.Done():
				l.requeue(c.ID, rows[i:])
				continue
			}
			l.pair.sent(r.Number)
			l.wg.Add(1)
			go func() {
				defer l.wg.Done()
				defer func() { <-l.inflight }()
				s.run()
			}()
		}
	}
	return nil
}

// recover marks what a previous holder of the lock left in sending as
// unknown: those sends may have reached the provider, so they are never
// sent again by themselves (retry offers them).
func (l *senderLoop) recover(ctx context.Context) error {
	var ids []int64
	err := l.e.db.NewRaw(`WITH r AS (UPDATE campaign_recipients SET status = 'unknown', reason = 'interrupted',
			reason_message = 'the sending process stopped during the send; it may or may not have reached the provider',
			updated_at = now()
		WHERE status = 'sending' AND campaign_id IN (SELECT id FROM campaigns WHERE sender_id = ?)
		RETURNING campaign_id) SELECT DISTINCT campaign_id FROM r`, l.senderID).Scan(ctx, &ids)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("campaigns: recover sending: %w", err)
	}
	for _, id := range ids {
		l.e.log.Info("campaign: interrupted sends marked unknown", "campaign_id", id)
		l.e.events.touch(id)
	}
	return nil
}

// claim moves up to n due recipients to sending and commits, before any
// provider call: a crash from here on leaves them sending, later unknown.
func (l *senderLoop) claim(ctx context.Context, campaignID int64, n int) ([]claimed, error) {
	var rows []claimed
	err := l.e.db.NewRaw(`UPDATE campaign_recipients SET status = 'sending', sending_at = now(), attempts = attempts + 1, updated_at = now()
		WHERE id IN (SELECT id FROM campaign_recipients
			WHERE campaign_id = ? AND status = 'queued' AND next_attempt_at <= now()
			  AND EXISTS (SELECT 1 FROM campaigns WHERE id = ? AND status IN ('running', 'retrying'))
			  AND `+fenceSQL+`
			ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
		RETURNING id, contact_id, number, variables, attempts`, campaignID, campaignID, l.senderID, l.lockPID, n).Scan(ctx, &rows)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("campaigns: claim: %w", err)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	return rows, nil
}

func (l *senderLoop) requeue(campaignID int64, rows []claimed) {
	for _, r := range rows {
		l.results.add(result{id: r.ID, campaignID: campaignID, status: RecipientQueued, keepAttempts: true})
	}
}

func (l *senderLoop) contacts(ctx context.Context, rows []claimed) (map[int64]*contacts.Contact, error) {
	var ids []int64
	for _, r := range rows {
		if r.ContactID != nil {
			ids = append(ids, *r.ContactID)
		}
	}
	out := map[int64]*contacts.Contact{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []contacts.Contact
	if err := l.e.db.NewSelect().Model(&list).Where("id IN (?)", bunIn(ids)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("campaigns: recipients' contacts: %w", err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// idle runs when nothing is due: once every send has been recorded, a
// campaign without queued or sending recipients is completed; otherwise
// the loop waits for the next due recipient.
func (l *senderLoop) idle(ctx context.Context, c *Campaign) error {
	l.wg.Wait()
	l.results.flush()
	res, err := l.e.db.NewRaw(`UPDATE campaigns SET status = 'completed', finished_at = now(), updated_at = now()
		WHERE id = ? AND status IN ('running', 'retrying')
		  AND NOT EXISTS (SELECT 1 FROM campaign_recipients WHERE campaign_id = ? AND status IN ('queued', 'sending'))`,
		c.ID, c.ID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("campaigns: complete: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		l.e.events.touch(c.ID)
		if l.e.cfg.Finisher != nil {
			if err := l.e.cfg.Finisher.Finished(ctx, c.ID); err != nil {
				l.e.log.Warn("campaign finished hook", "campaign_id", c.ID, "err", err)
			}
		}
		return nil
	}
	var next *time.Time
	if err := l.e.db.NewRaw(`SELECT min(next_attempt_at) FROM campaign_recipients WHERE campaign_id = ? AND status = 'queued'`,
		c.ID).Scan(ctx, &next); err != nil {
		return err
	}
	wait := l.e.cfg.PollInterval
	if next != nil {
		if d := time.Until(*next); d < wait {
			wait = d
		}
	}
	if wait < 10*time.Millisecond {
		wait = 10 * time.Millisecond
	}
	sleep(ctx, wait)
	return nil
}

// stop ends a campaign after a fault; it can be resumed.
func (l *senderLoop) stop(ctx context.Context, campaignID int64, reason, message string) {
	l.halted.Store(campaignID)
	if len(message) > 500 {
		message = message[:500]
	}
	_, err := l.e.db.NewRaw(`UPDATE campaigns SET status = 'stopped', stop_reason = ?, stop_message = ?, updated_at = now()
		WHERE id = ? AND status IN ('running', 'retrying')`, reason, message, campaignID).Exec(context.WithoutCancel(ctx))
	if err != nil {
		l.e.log.Warn("campaign stop", "campaign_id", campaignID, "err", err)
	}
	l.e.log.Warn("campaign stopped by a fault", "campaign_id", campaignID, "reason", reason, "message", message)
	l.e.events.touch(campaignID)
}

// backoff is the delay before the n-th attempt after a refusal.
func backoff(attempts int, hint time.Duration) time.Duration {
	d := time.Second << min(attempts, 6) // 2 s … 64 s
	d = d/2 + time.Duration(rand.Int63n(int64(d/2)))
	if hint > d {
		d = hint
	}
	return d
}

// consentRefusal maps the consent gate's refusal to an exclusion reason.
func consentRefusal(err error) (string, bool) {
	var ae *apperror.Error
	if !errors.As(err, &ae) {
		return "", false
	}
	switch ae.Code {
	case ReasonOptedOut:
		return ReasonOptedOut, true
	default:
		return ReasonNoConsent, true
	}
}

func bunIn(ids []int64) any { return bun.In(ids) }

// checkConsent asks the one enforcement point about the whole claim at
// once, right before its sends: a STOP committed by then is honoured.
// Campaigns are marketing: no service window, so only granted consent
// allows WhatsApp. It returns the recipients that may be sent to; the
// others are recorded excluded.
func (l *senderLoop) checkConsent(ctx context.Context, c *Campaign, rows []claimed) ([]claimed, error) {
	checks := make([]consent.SendCheck, len(rows))
	for i, r := range rows {
		checks[i] = consent.SendCheck{AccountID: c.AccountID, Kind: consent.KindOf(l.channel.Kind), Number: r.Number, SenderID: l.sender.ID}
	}
	refusals, err := l.e.cfg.Consent.CheckMany(ctx, l.e.db, checks)
	if err != nil {
		l.requeue(c.ID, rows)
		return nil, err
	}
	allowed := rows[:0:0]
	for i, r := range rows {
		if reason, refused := consentRefusal(refusals[i]); refused {
			l.results.add(result{id: r.ID, campaignID: c.ID, status: RecipientExcluded, reason: reason, message: refusals[i].Error()})
			continue
		}
		allowed = append(allowed, r)
	}
	return allowed, nil
}

// claimBatch is a claim made ready to send: the recipients consent allows,
// with their contacts.
type claimBatch struct {
	campaignID int64
	claimed    int
	rows       []claimed
	contacts   map[int64]*contacts.Contact
	err        error
}

func (l *senderLoop) claimChecked(ctx context.Context, c *Campaign, n int) claimBatch {
	b := claimBatch{campaignID: c.ID}
	rows, err := l.claim(ctx, c.ID, n)
	if err != nil {
		b.err = err
		return b
	}
	b.claimed = len(rows)
	if len(rows) == 0 {
		return b
	}
	if b.contacts, err = l.contacts(ctx, rows); err != nil {
		l.requeue(c.ID, rows)
		b.err = err
		return b
	}
	b.rows, b.err = l.checkConsent(ctx, c, rows)
	return b
}

// release puts a claim that will not be sent back in the queue.
func (l *senderLoop) release(b claimBatch) {
	if b.err == nil {
		l.requeue(b.campaignID, b.rows)
	}
}
