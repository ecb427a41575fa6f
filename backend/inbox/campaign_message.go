package inbox

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/uptrace/bun"

	"switchboard/backend/channels"
	"switchboard/backend/realtime"
)

// outboundBase addresses a message from a sender number to a recipient, as
// every provider path needs it: WhatsApp sends from the provider's number
// id, SMS from the number itself, with the status callback URL.
func (s *Service) outboundBase(ch *Channel, snd *Sender, to string) channels.OutboundMessage {
	out := channels.OutboundMessage{To: to, SenderID: snd.ProviderID}
	if out.SenderID == "" || ch.Kind == KindSMS {
		out.SenderID = snd.PhoneNumber
	}
	if ch.Kind == KindSMS {
		out.CallbackURL = fmt.Sprintf("%s/webhooks/twilio/%d", s.publicURL, ch.ID)
	}
	return out
}

// BulkSend is one message of a bulk send (a campaign): a text or, on
// WhatsApp and the sandbox, a template, to one number.
type BulkSend struct {
	Channel  *Channel
	Sender   *Sender
	To       string
	Body     string
	Template *channels.Template
	// MediaURL is a public link to an MMS attachment (SMS only).
	MediaURL string
}

// SendBulk hands a bulk message to the channel's provider. Nothing is
// stored: the caller keeps the state of the send (and the consent check,
// which it makes right before).
func (s *Service) SendBulk(ctx context.Context, m BulkSend) (channels.SendResult, error) {
	adapter := s.adapters[m.Channel.Kind]
	if adapter == nil {
		return channels.SendResult{}, fmt.Errorf("%w: this channel kind cannot send", channels.ErrInvalidMessage)
	}
	out := s.outboundBase(m.Channel, m.Sender, m.To)
	if m.Template != nil && m.Channel.Kind != KindSMS {
		out.Type, out.Template = channels.OutTemplate, m.Template
	} else {
		out.Type, out.Text = channels.OutText, m.Body
		out.PreviewURL = strings.Contains(m.Body, "https://") || strings.Contains(m.Body, "http://")
		if m.MediaURL != "" && m.Channel.Kind == KindSMS {
			out.MediaURLs = []string{m.MediaURL}
		}
	}
	res, err := adapter.Send(ctx, s.credentials(m.Channel), out)
	if err != nil {
		return res, err
	}
	if m.Channel.Kind == KindSandbox {
		if err := s.sandboxDelivered(ctx, m.Channel, res.ProviderMessageID, m.To); err != nil {
			s.log.Warn("sandbox delivery status", "err", err)
		}
	}
	return res, nil
}

// UploadBulkMedia uploads a bulk send's media (a template's header) to the
// channel's provider from sender and returns the provider's media id, so
// the file is uploaded once for all recipients.
func (s *Service) UploadBulkMedia(ctx context.Context, ch *Channel, snd *Sender, filename, mimeType string, r io.Reader) (string, error) {
	adapter := s.adapters[ch.Kind]
	if adapter == nil {
		return "", fmt.Errorf("%w: this channel kind cannot send", channels.ErrInvalidMessage)
	}
	return adapter.UploadMedia(ctx, s.credentials(ch), snd.ProviderID, filename, mimeType, r)
}

// BulkMessage is a sent bulk message to keep in the contact's conversation.
type BulkMessage struct {
	AccountID, ChannelID, SenderID, ContactID int64
	Body                                      string
	Template                                  *channels.Template
	ProviderMessageID                         string
	// Media is an MMS attachment sent with Body (its caption).
	Media *Media
	// Extra is merged into the message's extra (e.g. {"campaign_id": 7}).
	Extra map[string]any
}

// RouteFunc routes a conversation a bulk message just opened; it runs in
// the opening transaction and may return work for after the commit.
type RouteFunc func(ctx context.Context, tx bun.Tx, convID int64) (func(context.Context), error)

// StoreBulkMessage keeps a sent bulk message in tx: in the contact's
// active conversation on the channel and sender number (not re-routed), or
// in a new conversation that route sends to a queue or an agent. It
// returns the conversation and message ids and the router's after-commit
// work (nil when none).
func (s *Service) StoreBulkMessage(ctx context.Context, tx bun.Tx, m BulkMessage, route RouteFunc) (int64, int64, func(context.Context), error) {
	conv := new(Conversation)
	err := tx.NewRaw(`INSERT INTO conversations (account_id, contact_id, channel_id, sender_id, status, last_message_at)
		VALUES (?, ?, ?, ?, 'open', now())
		ON CONFLICT (account_id, contact_id, channel_id, sender_id) WHERE status <> 'resolved'
		DO UPDATE SET updated_at = now()
		RETURNING *, (xmax = 0) AS created`, m.AccountID, m.ContactID, m.ChannelID, m.SenderID).Scan(ctx, conv)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("inbox: bulk conversation: %w", err)
	}
	var after func(context.Context)
	if conv.Created && route != nil {
		if after, err = route(ctx, tx, conv.ID); err != nil {
			return 0, 0, nil, fmt.Errorf("inbox: route bulk conversation: %w", err)
		}
	}
	extra := map[string]any{}
	for k, v := range m.Extra {
		extra[k] = v
	}
	now := s.now()
	msg := &Message{AccountID: m.AccountID, ConversationID: conv.ID, ChannelID: m.ChannelID, Direction: DirOut,
		Kind: KindText, Body: m.Body, Status: MsgSent, ProviderAt: &now, StatusAt: &now}
	if m.Template != nil {
		msg.Kind, extra["template"] = KindTemplate, m.Template
	} else if m.Media != nil {
		media := *m.Media
		media.Caption = m.Body
		msg.Kind, msg.Media = mediaKind(media.MIME), &media
	}
	msg.Extra = mustJSON(extra)
	if m.ProviderMessageID != "" {
		msg.ProviderMessageID = &m.ProviderMessageID
	}
	if _, err := tx.NewInsert().Model(msg).Returning("*").Exec(ctx); err != nil {
		return 0, 0, nil, fmt.Errorf("inbox: store bulk message: %w", err)
	}
	if _, err := tx.NewRaw(`WITH conv AS (UPDATE conversations SET last_message_at = now(), last_message_preview = ?,
		updated_at = now() WHERE id = ? RETURNING contact_id)
		UPDATE contacts SET last_chat_at = now() FROM conv WHERE contacts.id = conv.contact_id`,
		preview(msg), conv.ID).Exec(ctx); err != nil {
		return 0, 0, nil, err
	}
	if err := s.publish(ctx, tx, realtime.TypeMessageCreated, m.AccountID, audienceOf(conv), s.withAuthor(ctx, tx, msg)); err != nil {
		return 0, 0, nil, err
	}
	typ := realtime.TypeConversationUpdated
	if conv.Created {
		typ = realtime.TypeConversationCreated
	}
	if err := s.publishConversation(ctx, tx, typ, m.AccountID, conv.ID); err != nil {
		return 0, 0, nil, err
	}
	if msg.ProviderMessageID != nil {
		if err := s.applyEarlyStatuses(ctx, tx, msg); err != nil {
			return 0, 0, nil, err
		}
	}
	return conv.ID, msg.ID, after, nil
}
