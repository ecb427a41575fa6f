package inbox

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/channels/twilio"
)

// MaxSMSLength is the longest SMS body the provider takes (it splits it
// into segments).
const MaxSMSLength = 1600

// ErrOptedOut refuses a send to a number that replied STOP.
var ErrOptedOut = apperror.Invalid("opted_out",
	"the contact opted out of messages from this number (they replied STOP); they can opt in again by replying START")

// checkOptOut refuses sending from sender to the contact's number when the
// contact opted out there.
func (s *Service) checkOptOut(ctx context.Context, db bun.IDB, accountID, senderID, contactID int64) error {
	exists, err := db.NewSelect().TableExpr("opt_outs AS o").
		Join("JOIN contacts AS c ON c.id = ?", contactID).
		Where("o.account_id = ? AND o.sender_id = ? AND o.number IN (c.sms_number, c.whatsapp_number)", accountID, senderID).
		Exists(ctx)
	if err != nil {
		return err
	}
	if exists {
		return ErrOptedOut
	}
	return nil
}

// applyKeyword records STOP/START sent by a contact to an SMS sender number.
// The message itself still lands in the conversation.
func (s *Service) applyKeyword(ctx context.Context, tx bun.IDB, ch *Channel, snd *Sender, contact *Contact, number string, msg *Message) error {
	action, keyword := "", ""
	switch {
	case twilio.IsOptOut(msg.Body):
		action = "opt_out"
	case twilio.IsOptIn(msg.Body):
		action = "opt_in"
	default:
		return nil
	}
	keyword = "keyword:" + strings.ToUpper(strings.TrimSpace(msg.Body))
	if action == "opt_out" {
		if _, err := tx.NewRaw(`INSERT INTO opt_outs (account_id, sender_id, number, contact_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (sender_id, number) DO NOTHING`, ch.AccountID, snd.ID, number, contact.ID).Exec(ctx); err != nil {
			return err
		}
	} else {
		if _, err := tx.NewRaw(`DELETE FROM opt_outs WHERE sender_id = ? AND number = ?`, snd.ID, number).Exec(ctx); err != nil {
			return err
		}
	}
	_, err := tx.NewRaw(`INSERT INTO consent_events (account_id, contact_id, channel_kind, sender_id, number, action, source, message_id)
		VALUES (?, ?, 'sms', ?, ?, ?, ?, ?)`, ch.AccountID, contact.ID, snd.ID, number, action, keyword, msg.ID).Exec(ctx)
	return err
}
