package campaigns

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/inbox"
)

// sendTimeout bounds one provider call; a call still running at shutdown
// is let finish within it, so a clean stop leaves nothing unknown.
const sendTimeout = 30 * time.Second

// send is one recipient's turn.
type send struct {
	l       *senderLoop
	p       *prepared
	r       claimed
	contact *contacts.Contact
	msg     rendered
	links   []Link
}

func (s *send) renderContent(ctx context.Context) error {
	var shorten func(string) (string, error)
	if s.p.c.TrackLinks {
		shorten = func(url string) (string, error) {
			if s.p.linksWithoutRecipient {
				code, err := s.l.e.links.shared(ctx, s.l.e.db, s.p.c, url)
				return s.l.e.shortURL(code), err
			}
			code := NewCode()
			id := s.r.ID
			s.links = append(s.links, Link{Code: code, AccountID: s.p.c.AccountID, CampaignID: s.p.c.ID, RecipientID: &id, URL: url})
			return s.l.e.shortURL(code), nil
		}
	}
	if s.p.media != nil && time.Since(s.p.mediaLinked) > inbox.PublicMediaTTL/2 {
		// A long run: the provider must still reach the file tomorrow.
		if err := s.l.linkMedia(ctx, s.p); err != nil {
			// The link stays valid for the other half; next send tries again.
			s.l.e.log.Warn("campaign: renew media link", "campaign_id", s.p.c.ID, "err", err)
		}
	}
	var err error
	s.msg, err = s.p.render(s.contact, s.r.Number, s.r.Variables, shorten)
	return err
}

func (s *send) result(status, reason, message string) result {
	return result{id: s.r.ID, campaignID: s.p.c.ID, status: status, reason: reason, message: message}
}

// run sends (consent was checked for the claim, right before) and
// records the outcome.
func (s *send) run() {
	l, c := s.l, s.p.c
	ctx, cancel := context.WithTimeout(context.Background(), sendTimeout)
	defer cancel()
	if len(s.links) > 0 {
		if _, err := l.e.db.NewInsert().Model(&s.links).Exec(ctx); err != nil {
			l.results.add(result{id: s.r.ID, campaignID: c.ID, status: RecipientQueued, delay: backoff(1, 0), keepAttempts: true})
			return
		}
	}
	res, err := l.e.cfg.Inbox.SendBulk(ctx, inbox.BulkSend{Channel: &l.channel, Sender: &l.sender, To: s.r.Number,
		Body: s.msg.body, Template: s.msg.template, MediaURL: s.msg.mediaURL})
	v := Classify(err)
	switch v.Outcome {
	case OutcomeSent:
		out := s.result(RecipientSent, "", "")
		out.providerID = res.ProviderMessageID
		if c.Mode == ModeSession {
			if err := s.store(ctx, res.ProviderMessageID, &out); err != nil {
				l.e.log.Warn("campaign: store session message", "recipient_id", s.r.ID, "err", err)
			}
		}
		l.results.add(out)
	case OutcomeThrottled:
		l.bucket.Throttled()
		l.results.add(result{id: s.r.ID, campaignID: c.ID, status: RecipientQueued, delay: backoff(s.r.Attempts, v.RetryAfter),
			reason: v.Code, message: v.Message})
	case OutcomePairLimited:
		l.results.add(result{id: s.r.ID, campaignID: c.ID, status: RecipientQueued,
			delay: max(backoff(s.r.Attempts, v.RetryAfter), pairInterval), reason: v.Code, message: v.Message})
	case OutcomeRetry:
		if s.r.Attempts >= maxRetries {
			l.results.add(s.result(RecipientFailed, v.Code, "gave up after repeated temporary failures: "+v.Message))
			return
		}
		l.results.add(result{id: s.r.ID, campaignID: c.ID, status: RecipientQueued, delay: backoff(s.r.Attempts, v.RetryAfter),
			reason: v.Code, message: v.Message})
	case OutcomeFailed:
		l.results.add(s.result(RecipientFailed, v.Code, v.Message))
	case OutcomeDeferred:
		l.results.add(s.result(RecipientDeferred, v.Code, v.Message))
	case OutcomeOptedOut:
		if err := s.optOut(ctx, v.Code); err != nil {
			l.e.log.Warn("campaign: record provider opt-out", "recipient_id", s.r.ID, "err", err)
		}
		l.results.add(s.result(RecipientExcluded, ReasonOptedOut, v.Code+": "+v.Message))
	case OutcomeStop:
		l.stop(ctx, c.ID, v.StopReason, v.Code+": "+v.Message)
		// Not this recipient's fault: queued again for the resume.
		l.results.add(result{id: s.r.ID, campaignID: c.ID, status: RecipientQueued, keepAttempts: true})
	default:
		l.results.add(s.result(RecipientUnknown, v.Code, v.Message))
	}
}

// optOut keeps an opt-out the provider reported (131050, 21610) through
// the consent service, as the inbox does for its own sends.
func (s *send) optOut(ctx context.Context, code string) error {
	l := s.l
	return l.e.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		kind := consent.KindOf(l.channel.Kind)
		if _, _, err := l.e.cfg.Consent.Apply(ctx, tx, s.p.c.AccountID, consent.Change{Number: s.r.Number, ChannelKind: kind,
			State: consent.Revoked, Source: consent.SourceProvider, Detail: code}); err != nil {
			return err
		}
		if kind != consent.KindSMS {
			return nil
		}
		_, err := tx.NewRaw(`INSERT INTO opt_outs (account_id, sender_id, number, contact_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (sender_id, number) DO NOTHING`, s.p.c.AccountID, l.sender.ID, s.r.Number, s.r.ContactID).Exec(ctx)
		return err
	})
}

// store keeps a session-mode send in the contact's active conversation,
// or a new one routed to the campaign's queue or extension.
func (s *send) store(ctx context.Context, providerID string, out *result) error {
	l, c := s.l, s.p.c
	var after func(context.Context)
	err := l.e.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		contactID := int64(0)
		if s.r.ContactID != nil {
			contactID = *s.r.ContactID
		} else {
			field := contacts.FieldWhatsApp
			if l.channel.Kind == inbox.KindSMS {
				field = contacts.FieldSMS
			}
			number := s.r.Number
			ct, _, err := contacts.UpsertInboundTx(ctx, tx, contacts.Inbound{AccountID: c.AccountID, Field: field, Number: &number, At: time.Now()})
			if err != nil {
				return err
			}
			contactID = ct.ID
		}
		route := func(ctx context.Context, tx bun.Tx, convID int64) (func(context.Context), error) {
			if l.e.cfg.Router == nil {
				return nil, nil
			}
			rt := s.p.route
			if rt.QueueID == 0 && rt.UserID == 0 {
				return l.e.cfg.Router.RouteNew(ctx, tx, c.AccountID, convID, l.sender.ID)
			}
			return l.e.cfg.Router.RouteTo(ctx, tx, c.AccountID, convID, nonZero(rt.QueueID), nonZero(rt.UserID))
		}
		convID, msgID, a, err := l.e.cfg.Inbox.StoreBulkMessage(ctx, tx, inbox.BulkMessage{AccountID: c.AccountID,
			ChannelID: l.channel.ID, SenderID: l.sender.ID, ContactID: contactID, Body: s.msg.body, Template: s.msg.template,
			Media:             s.p.inboxMedia(),
			ProviderMessageID: providerID, Extra: map[string]any{"campaign_id": c.ID}}, route)
		if err != nil {
			return err
		}
		after, out.conversationID, out.messageID = a, convID, msgID
		return nil
	})
	if err != nil {
		return fmt.Errorf("campaigns: session message: %w", err)
	}
	if after != nil {
		after(ctx)
	}
	return nil
}

func nonZero(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func (e *Engine) shortURL(code string) string { return e.cfg.PublicURL + "/l/" + code }
