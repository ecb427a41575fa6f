package consent

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// ServiceWindow is how long after a contact's last message a WhatsApp
// service reply needs no opt-in.
const ServiceWindow = 24 * time.Hour

// ErrNoConsent refuses a WhatsApp send without consent.
var ErrNoConsent = apperror.Invalid("no_consent",
	"this number has not agreed to receive WhatsApp messages from you; only a reply within 24 hours of their last message is allowed")

// ErrStopped refuses every WhatsApp send after a STOP until the contact
// writes again.
var ErrStopped = &apperror.Error{Kind: apperror.ErrValidation, Code: "no_consent",
	Message: "the contact replied STOP; nothing can be sent to them until they write again or send START"}

// ErrOptedOut refuses an SMS to a number that opted out.
var ErrOptedOut = apperror.Invalid("opted_out",
	"the contact opted out of messages from this number (they replied STOP); they can opt in again by replying START")

// SendCheck describes one outbound message for the gate.
type SendCheck struct {
	AccountID int64
	// Kind is KindWhatsApp (WhatsApp and the sandbox) or KindSMS.
	Kind   string
	Number string
	// SenderID is the sender number sending it (SMS opt-outs are per sender).
	SenderID int64
	// LastInboundAt is the contact's last message to this channel kind.
	LastInboundAt *time.Time
	// Confirmation marks the one answer to a keyword, which is always allowed.
	Confirmation bool
}

// Check is the one enforcement point every outbound path passes before
// the provider: WhatsApp needs granted consent, except a service reply
// within 24 hours of the contact's last message, and nothing but the
// keyword confirmation after a STOP until the contact writes again; SMS
// refuses opted-out numbers. It reads in db, so a STOP committed before
// the check is always seen.
func (s *Service) Check(ctx context.Context, db bun.IDB, c SendCheck) error {
	if c.Confirmation {
		return nil
	}
	rec, err := s.get(ctx, db, c.AccountID, c.Number, c.Kind)
	if err != nil {
		return err
	}
	if c.Kind == KindSMS {
		if rec != nil && rec.State == Revoked {
			return ErrOptedOut
		}
		out, err := db.NewSelect().TableExpr("opt_outs").
			Where("account_id = ? AND sender_id = ? AND number = ?", c.AccountID, c.SenderID, c.Number).Exists(ctx)
		if err != nil {
			return fmt.Errorf("consent: opt-outs: %w", err)
		}
		if out {
			return ErrOptedOut
		}
		return nil
	}
	return decideWhatsApp(rec, c.LastInboundAt, s.now())
}

// decideWhatsApp is the WhatsApp rule on a record as read.
func decideWhatsApp(rec *Record, lastInbound *time.Time, now time.Time) error {
	if rec != nil && rec.State == Revoked && !rec.WroteSince {
		return ErrStopped
	}
	if rec != nil && rec.State == Granted {
		return nil
	}
	if lastInbound != nil && now.Sub(*lastInbound) < ServiceWindow {
		return nil
	}
	return ErrNoConsent
}

// KindOf maps a channel's kind to the consent kind it is governed by.
func KindOf(channelKind string) string {
	if channelKind == "sms_twilio" {
		return KindSMS
	}
	return KindWhatsApp
}
