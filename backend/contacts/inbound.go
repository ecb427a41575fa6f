package contacts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Number fields of a contact, by the kind of channel a message uses.
const (
	FieldSMS      = "sms_number"
	FieldWhatsApp = "whatsapp_number"
)

// Inbound names the sender of an inbound message.
type Inbound struct {
	AccountID int64
	// Field is the number field of the channel the message arrived on
	// (FieldSMS or FieldWhatsApp).
	Field string
	// Number is the sender's E.164 number; UserID a business-scoped
	// WhatsApp user id. At least one is set.
	Number, UserID *string
	ProfileName    string
	At             time.Time
}

// lockNumber serialises, until tx ends, everyone who creates or extends a
// contact by number in the account: bursts of webhooks from one new sender
// and a contact created meanwhile by hand cannot make two contacts.
func lockNumber(ctx context.Context, tx bun.IDB, accountID int64, number string) error {
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?, hashtext(?))", accountID, number)
	return err
}

// UpsertInboundTx finds the contact an inbound message comes from, within
// tx, and keeps its first contact and last chat current. A contact known
// only by the other number field (a WhatsApp message from a contact's SMS
// number, that contact having no WhatsApp number yet, or the other way
// round) gains the number instead of a new contact being created. It
// reports whether the contact was created or gained a field.
func UpsertInboundTx(ctx context.Context, tx bun.IDB, in Inbound) (*Contact, bool, error) {
	own, other := in.Field, FieldSMS
	if own == FieldSMS {
		other = FieldWhatsApp
	}
	if in.Number == nil && in.UserID == nil {
		return nil, false, errors.New("contacts: inbound message names no sender")
	}
	key := ""
	if in.Number != nil {
		key = *in.Number
	} else {
		key = *in.UserID
	}
	if err := lockNumber(ctx, tx, in.AccountID, key); err != nil {
		return nil, false, fmt.Errorf("contacts: lock number: %w", err)
	}
	c := new(Contact)
	q := tx.NewSelect().Model(c).Where("account_id = ?", in.AccountID)
	if in.Number != nil {
		// The contact with this number in the channel's own field, else the
		// one with it in the other field and the own field still empty.
		q.Where("(? = ? OR (? IS NULL AND ? = ?))", bun.Ident(own), *in.Number, bun.Ident(own), bun.Ident(other), *in.Number).
			OrderExpr("? IS NULL", bun.Ident(own))
	} else {
		q.Where("wa_user_id = ?", *in.UserID)
	}
	err := q.Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		c = &Contact{AccountID: in.AccountID, Name: in.ProfileName, WAUserID: in.UserID, Status: StatusActive,
			Attributes: map[string]any{}, FirstContactAt: in.At, LastChatAt: &in.At}
		if own == FieldSMS {
			c.SMSNumber = in.Number
		} else {
			c.WhatsAppNumber = in.Number
		}
		if _, err := tx.NewInsert().Model(c).Returning("*").Exec(ctx); err != nil {
			return nil, false, fmt.Errorf("contacts: create from inbound: %w", err)
		}
		return c, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("contacts: find inbound contact: %w", err)
	}
	changed := false
	if own == FieldSMS && c.SMSNumber == nil && in.Number != nil {
		c.SMSNumber, changed = in.Number, true
	}
	if own == FieldWhatsApp && c.WhatsAppNumber == nil && in.Number != nil {
		c.WhatsAppNumber, changed = in.Number, true
	}
	if c.WAUserID == nil && in.UserID != nil {
		c.WAUserID, changed = in.UserID, true
	}
	if c.Name == "" && c.FirstName == "" && c.LastName == "" && in.ProfileName != "" {
		c.Name, changed = in.ProfileName, true
	}
	// One UPDATE a message: the fields gained and the chat times.
	q2 := tx.NewUpdate().Model(c).
		Set("last_chat_at = greatest(coalesce(last_chat_at, ?), ?)", in.At, in.At).
		Set("first_contact_at = least(first_contact_at, ?)", in.At)
	if changed {
		q2.Column("whatsapp_number", "sms_number", "wa_user_id", "name").Set("updated_at = now()")
	}
	if err := q2.WherePK().Returning("last_chat_at, first_contact_at, updated_at").Scan(ctx); err != nil {
		return nil, false, fmt.Errorf("contacts: touch inbound contact: %w", err)
	}
	return c, changed, nil
}

// TouchSentTx records an outbound message to contactID at at as its last chat.
func TouchSentTx(ctx context.Context, tx bun.IDB, contactID int64, at time.Time) error {
	_, err := tx.NewUpdate().Model((*Contact)(nil)).Where("id = ?", contactID).
		Set("last_chat_at = greatest(coalesce(last_chat_at, ?), ?)", at, at).Exec(ctx)
	if err != nil {
		return fmt.Errorf("contacts: touch sent: %w", err)
	}
	return nil
}
