package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/channels"
	"switchboard/backend/contacts"
	"switchboard/backend/phone"
	"switchboard/backend/realtime"
)

// TemplateMessage is a filled-in template ready to send: a WhatsApp
// template (sent as such, allowed outside the 24-hour window) or, on SMS, a
// plain text rendered from a local text template.
type TemplateMessage struct {
	// Template is set for WhatsApp and sandbox channels.
	Template *channels.Template
	// Body is the text the agent sees in the conversation: the rendered
	// preview of a WhatsApp template, or the SMS text itself.
	Body string
}

// insertOutbound stores an outbound message or note with its events; a
// message (not a note) also moves the conversation, counts as the agent's
// reply for routing, and is queued for delivery after the commit.
func (s *Service) insertOutbound(ctx context.Context, viewer Viewer, conv *Conversation, msg *Message) error {
	note := msg.Kind == KindNote
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(msg).Returning("*").Exec(ctx); err != nil {
			return err
		}
		if !note {
			// The conversation moves and the contact's last chat with it, in one statement.
			if _, err := tx.NewRaw(`WITH conv AS (UPDATE conversations SET last_message_at = now(), last_message_preview = ?,
				updated_at = now() WHERE id = ? RETURNING contact_id)
				UPDATE contacts SET last_chat_at = now() FROM conv WHERE contacts.id = conv.contact_id`,
				preview(msg), conv.ID).Exec(ctx); err != nil {
				return err
			}
			if s.router != nil && viewer.UserID != 0 {
				if err := s.router.Replied(ctx, tx, viewer.AccountID, conv.ID, viewer.UserID); err != nil {
					return err
				}
			}
		}
		if err := s.publish(ctx, tx, realtime.TypeMessageCreated, viewer.AccountID, audienceOf(conv), s.withAuthor(ctx, tx, msg)); err != nil {
			return err
		}
		return s.publishConversation(ctx, tx, realtime.TypeConversationUpdated, viewer.AccountID, conv.ID)
	})
	if err != nil {
		return fmt.Errorf("inbox: store outbound: %w", err)
	}
	if !note {
		if err := s.jobs.EnqueueSend(ctx, msg.ID); err != nil {
			// The message is stored as queued; the sweeper enqueues it again.
			s.log.Warn("enqueue send (the sweeper retries)", "message_id", msg.ID, "err", err)
		}
	}
	return nil
}

func (s *Service) templateMessage(viewer Viewer, conv ConversationView, tm TemplateMessage) (*Message, error) {
	msg := &Message{AccountID: viewer.AccountID, ConversationID: conv.ID, ChannelID: conv.ChannelID,
		Direction: DirOut, Status: MsgQueued, Body: tm.Body, Extra: []byte("{}")}
	if viewer.UserID != 0 {
		msg.AuthorID = &viewer.UserID
	}
	if conv.ChannelKind == KindSMS {
		if strings.TrimSpace(tm.Body) == "" {
			return nil, apperror.Invalid("validation_failed", "the text is empty")
		}
		if n := utf8.RuneCountInString(tm.Body); n > MaxSMSLength {
			return nil, &apperror.Error{Kind: apperror.ErrValidation, Code: "validation_failed",
				Message: fmt.Sprintf("an SMS may have at most %d characters (this one has %d)", MaxSMSLength, n),
				Fields:  map[string]string{"body": "is too long"}}
		}
		msg.Kind = KindText
		return msg, nil
	}
	if tm.Template == nil {
		return nil, apperror.Invalid("template_required", "a WhatsApp template is required")
	}
	msg.Kind = KindTemplate
	msg.Extra = mustJSON(templateExtra{Template: tm.Template})
	return msg, nil
}

// SendTemplate sends a template into an existing conversation; this is how
// an agent writes when the 24-hour window is closed.
func (s *Service) SendTemplate(ctx context.Context, viewer Viewer, convID int64, tm TemplateMessage) (*MessageView, error) {
	conv, err := s.GetConversation(ctx, viewer, convID)
	if err != nil {
		return nil, err
	}
	if err := s.checkCanSend(ctx, conv); err != nil {
		return nil, err
	}
	msg, err := s.templateMessage(viewer, conv, tm)
	if err != nil {
		return nil, err
	}
	if err := s.insertOutbound(ctx, viewer, &conv.Conversation, msg); err != nil {
		return nil, err
	}
	return s.withAuthor(ctx, s.db, msg), nil
}

// StartInput names who a new conversation is with and where it runs.
type StartInput struct {
	ContactID int64  `json:"contact_id"`
	Number    string `json:"number"`
	Name      string `json:"name"`
	ChannelID int64  `json:"channel_id"`
	SenderID  int64  `json:"sender_id"`
}

// StartConversation opens (or reuses) the conversation with a contact on a
// channel and sender number and sends the first message, a template.
func (s *Service) StartConversation(ctx context.Context, viewer Viewer, in StartInput, tm TemplateMessage) (ConversationView, *MessageView, error) {
	var v apperror.Validation
	ch, err := s.GetChannel(ctx, viewer.AccountID, in.ChannelID)
	v.Check(err == nil, "channel_id", "is not a channel of this account")
	var sender *Sender
	if ch != nil {
		for _, snd := range ch.Senders {
			if snd.ID == in.SenderID || (in.SenderID == 0 && sender == nil) {
				sender = snd
			}
		}
		v.Check(sender != nil, "sender_id", "is not a number of this channel")
		v.Check(ch.Enabled, "channel_id", "is disabled")
	}
	var number string
	if in.ContactID == 0 {
		number, err = phone.Normalize(in.Number, "")
		v.Check(err == nil, "number", phone.ErrInvalid.Error())
		v.Check(utf8.RuneCountInString(in.Name) <= 120, "name", "must be at most 120 characters")
	}
	if err := v.Err(); err != nil {
		return ConversationView{}, nil, err
	}
	var convID int64
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		contact := new(Contact)
		if in.ContactID != 0 {
			err := tx.NewSelect().Model(contact).Where("id = ? AND account_id = ?", in.ContactID, viewer.AccountID).Scan(ctx)
			if errors.Is(err, sql.ErrNoRows) {
				return &apperror.Error{Kind: apperror.ErrValidation, Code: "validation_failed", Message: "contact_id is not a contact of this account",
					Fields: map[string]string{"contact_id": "is not a contact of this account"}}
			}
			if err != nil {
				return err
			}
			num := contact.WhatsAppNumber
			if ch.Kind == KindSMS {
				num = contact.SMSNumber
			}
			if num == nil {
				return &apperror.Error{Kind: apperror.ErrValidation, Code: "validation_failed", Message: "the contact has no number for this channel",
					Fields: map[string]string{"contact_id": "has no number for this channel"}}
			}
			if contact.Blocked {
				return contacts.ErrBlocked
			}
		} else {
			// As for inbound messages: a contact known by this number in the
			// other field gains it rather than a second contact being made.
			field := contacts.FieldWhatsApp
			if ch.Kind == KindSMS {
				field = contacts.FieldSMS
			}
			var err error
			contact, _, err = contacts.UpsertInboundTx(ctx, tx, contacts.Inbound{AccountID: viewer.AccountID, Field: field,
				Number: &number, ProfileName: strings.TrimSpace(in.Name), At: s.now()})
			if err != nil {
				return err
			}
			if contact.Blocked {
				return contacts.ErrBlocked
			}
		}
		// A start the consent check refuses leaves nothing behind.
		if err := s.checkConsent(ctx, tx, viewer.AccountID, ch.ID, sender.ID, contact.ID, ch.Kind,
			contact.WhatsAppNumber, contact.SMSNumber, false); err != nil {
			return err
		}
		return tx.NewRaw(`INSERT INTO conversations (account_id, contact_id, channel_id, sender_id, status, assignee_id)
			VALUES (?, ?, ?, ?, 'open', ?)
			ON CONFLICT (account_id, contact_id, channel_id, sender_id) WHERE status <> 'resolved'
			DO UPDATE SET updated_at = now() RETURNING id`, viewer.AccountID, contact.ID, ch.ID, sender.ID, nullID(viewer.UserID)).Scan(ctx, &convID)
	})
	if err != nil {
		return ConversationView{}, nil, fmt.Errorf("inbox: start conversation: %w", err)
	}
	msg, err := s.SendTemplate(ctx, viewer, convID, tm)
	if err != nil {
		return ConversationView{}, nil, err
	}
	conv, err := s.GetConversation(ctx, viewer, convID)
	return conv, msg, err
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// checkCanSend refuses sends a channel or the contact's consent forbids.
func (s *Service) checkCanSend(ctx context.Context, conv ConversationView) error {
	var ch Channel
	if err := s.db.NewSelect().Model(&ch).Where("id = ?", conv.ChannelID).Scan(ctx); err != nil {
		return err
	}
	if !ch.Enabled {
		return apperror.Invalid("channel_disabled", "this channel is disabled; an administrator can enable it in Settings")
	}
	if conv.Contact.Blocked {
		return contacts.ErrBlocked
	}
	return s.checkConsent(ctx, s.db, conv.AccountID, conv.ChannelID, conv.SenderID, conv.ContactID, conv.ChannelKind,
		conv.Contact.WhatsAppNumber, conv.Contact.SMSNumber, false)
}
