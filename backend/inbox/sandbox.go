package inbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/channels"
	"switchboard/backend/media"
	"switchboard/backend/phone"
)

// The sandbox is a built-in provider: the "phone" page plays the customer.
// Its messages enter as WhatsApp-format webhooks through the same ingest
// path; agents' replies go out through the same adapter interface and are
// acknowledged with status webhooks, so the whole pipeline runs.

// sandboxAdapter sends to the sandbox phone.
type sandboxAdapter struct{ store media.Store }

// NewSandboxAdapter returns the sandbox provider.
func NewSandboxAdapter(store media.Store) channels.Adapter { return &sandboxAdapter{store: store} }

func (a *sandboxAdapter) Kind() string { return KindSandbox }

func (a *sandboxAdapter) Send(ctx context.Context, _ channels.Credentials, msg channels.OutboundMessage) (channels.SendResult, error) {
	if msg.To == "" {
		return channels.SendResult{}, fmt.Errorf("%w: no recipient", channels.ErrInvalidMessage)
	}
	return channels.SendResult{ProviderMessageID: "sbx.out." + randomName(), Status: channels.StatusSent, ProviderStatus: "sent"}, nil
}

func (a *sandboxAdapter) UploadMedia(ctx context.Context, _ channels.Credentials, _, filename, mimeType string, r io.Reader) (string, error) {
	key := "sandbox/" + randomName()
	if err := a.store.Put(ctx, key, r, -1, mimeType); err != nil {
		return "", err
	}
	return key, nil
}

func (a *sandboxAdapter) FetchMedia(ctx context.Context, _ channels.Credentials, ref channels.MediaRef) (io.ReadCloser, string, int64, error) {
	rc, obj, err := a.store.Open(ctx, ref.ProviderID)
	if err != nil {
		return nil, "", 0, err
	}
	return rc, obj.ContentType, obj.Size, nil
}

// SandboxPhone describes the sandbox channel to the phone page.
type SandboxPhone struct {
	ChannelID int64     `json:"channel_id"`
	Name      string    `json:"name"`
	Senders   []*Sender `json:"senders"`
}

func (s *Service) sandboxChannel(ctx context.Context, accountID int64) (*Channel, error) {
	c := new(Channel)
	err := s.db.NewSelect().Model(c).Relation("Senders", func(q *bun.SelectQuery) *bun.SelectQuery { return q.OrderExpr("id") }).
		Where("channel.account_id = ? AND channel.kind = 'sandbox' AND channel.enabled", accountID).OrderExpr("channel.id").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &apperror.Error{Kind: apperror.ErrNotFound, Code: "no_sandbox",
			Message: "this account has no enabled sandbox channel; an administrator can add one in Settings → Channels"}
	}
	if err == nil && len(c.Senders) == 0 {
		return nil, &apperror.Error{Kind: apperror.ErrNotFound, Code: "no_sandbox",
			Message: "the sandbox channel has no number; an administrator can add one in Settings → Channels"}
	}
	return c, err
}

// Sandbox returns the account's sandbox channel.
func (s *Service) Sandbox(ctx context.Context, accountID int64) (*SandboxPhone, error) {
	c, err := s.sandboxChannel(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return &SandboxPhone{ChannelID: c.ID, Name: c.Name, Senders: c.Senders}, nil
}

// PhoneMessage is what the sandbox phone sends.
type PhoneMessage struct {
	From      string  `json:"from"`
	Name      string  `json:"name"`
	SenderID  int64   `json:"sender_id"`
	Type      string  `json:"type"` // text, image, location
	Text      string  `json:"text"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Place     string  `json:"place"`
	ReplyTo   string  `json:"reply_to"`
	Media     *Media  `json:"-"`
}

func digits(e164 string) string { return strings.TrimPrefix(e164, "+") }

// SandboxSend turns a phone message into a WhatsApp-format webhook and
// stores it for ingest.
func (s *Service) SandboxSend(ctx context.Context, accountID int64, in PhoneMessage) (string, error) {
	c, err := s.sandboxChannel(ctx, accountID)
	if err != nil {
		return "", err
	}
	var v apperror.Validation
	from, nerr := phone.Normalize(in.From, "")
	v.Check(nerr == nil, "from", phone.ErrInvalid.Error())
	v.Check(len(in.Name) <= 120, "name", "must be at most 120 characters")
	switch in.Type {
	case "text":
		v.Check(strings.TrimSpace(in.Text) != "", "text", "is required")
		v.Check(len([]rune(in.Text)) <= MaxTextLength, "text", "is too long")
	case "image":
		v.Check(in.Media != nil, "file", "an image is required")
	case "location":
		v.Check(in.Latitude >= -90 && in.Latitude <= 90, "latitude", "must be between -90 and 90")
		v.Check(in.Longitude >= -180 && in.Longitude <= 180, "longitude", "must be between -180 and 180")
	default:
		v.Check(false, "type", "must be text, image or location")
	}
	snd := c.Senders[0]
	if in.SenderID != 0 {
		found := false
		for _, x := range c.Senders {
			if x.ID == in.SenderID {
				snd, found = x, true
			}
		}
		v.Check(found, "sender_id", "is not a number of the sandbox channel")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	id := "sbx.in." + randomName()
	msg := map[string]any{"from": digits(from), "id": id, "timestamp": strconv.FormatInt(s.now().Unix(), 10), "type": in.Type}
	switch in.Type {
	case "text":
		msg["text"] = map[string]any{"body": in.Text}
	case "image":
		msg["image"] = map[string]any{"id": in.Media.Key, "mime_type": in.Media.MIME, "caption": in.Text}
	case "location":
		msg["location"] = map[string]any{"latitude": in.Latitude, "longitude": in.Longitude, "name": in.Place}
	}
	if in.ReplyTo != "" {
		msg["context"] = map[string]any{"from": digits(snd.PhoneNumber), "id": in.ReplyTo}
	}
	value := map[string]any{
		"messaging_product": "whatsapp",
		"metadata":          map[string]any{"display_phone_number": digits(snd.PhoneNumber), "phone_number_id": snd.ProviderID},
		"contacts":          []any{map[string]any{"profile": map[string]any{"name": in.Name}, "wa_id": digits(from)}},
		"messages":          []any{msg},
	}
	return id, s.storeWebhook(ctx, c, KindSandbox, sandboxEnvelope(value))
}

func sandboxEnvelope(value map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{
		map[string]any{"id": "sandbox", "changes": []any{map[string]any{"field": "messages", "value": value}}},
	}})
	return b
}

// SandboxUpload stores an image the phone sends.
func (s *Service) SandboxUpload(ctx context.Context, accountID int64, filename, mimeType string, size int64, r io.Reader) (*Media, error) {
	rule, ok := findRule(KindSandbox, mimeType)
	if !ok || rule.kind != "image" {
		return nil, &apperror.Error{Kind: apperror.ErrValidation, Code: "unsupported_media",
			Message: "the phone sends JPEG or PNG images", Fields: map[string]string{"file": "must be a JPEG or PNG image"}}
	}
	key := MediaKey(accountID, "sandbox", filename)
	if err := s.store.Put(ctx, key, media.LimitReader(r, rule.maxBytes), size, mimeType); err != nil {
		if errors.Is(err, media.ErrTooLarge) {
			return nil, apperror.Invalid("media_too_large", "images may be at most 5 MB")
		}
		return nil, err
	}
	return &Media{Key: key, MIME: mimeType, Filename: filename, State: "ready"}, nil
}

// SandboxThread returns what the phone with number shows: every message
// between it and the sandbox channel, oldest first. Private notes never
// reach the phone.
func (s *Service) SandboxThread(ctx context.Context, accountID int64, number string) ([]Message, error) {
	c, err := s.sandboxChannel(ctx, accountID)
	if err != nil {
		return nil, err
	}
	n, err := phone.Normalize(number, "")
	if err != nil {
		return nil, &apperror.Error{Kind: apperror.ErrValidation, Code: "validation_failed", Message: "number " + phone.ErrInvalid.Error(),
			Fields: map[string]string{"number": phone.ErrInvalid.Error()}}
	}
	var out []Message
	err = s.db.NewSelect().Model(&out).
		Where("message.channel_id = ? AND message.kind NOT IN ('note', 'system') AND message.conversation_id IN (SELECT cv.id FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id WHERE cv.channel_id = ? AND ct.whatsapp_number = ?)", c.ID, c.ID, n).
		OrderExpr("message.id DESC").Limit(200).Scan(ctx)
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	if out == nil {
		out = []Message{}
	}
	return out, nil
}

// SandboxRead reports, as the phone, that it has read every agent message
// it shows, through status webhooks like the provider's.
func (s *Service) SandboxRead(ctx context.Context, accountID int64, number string) error {
	msgs, err := s.SandboxThread(ctx, accountID, number)
	if err != nil {
		return err
	}
	c, err := s.sandboxChannel(ctx, accountID)
	if err != nil {
		return err
	}
	var statuses []any
	for _, m := range msgs {
		if m.Direction == DirOut && m.ProviderMessageID != nil && m.Status != MsgRead && m.Status != MsgFailed {
			statuses = append(statuses, s.sandboxStatus(*m.ProviderMessageID, number, "read"))
		}
	}
	if len(statuses) == 0 {
		return nil
	}
	return s.storeWebhook(ctx, c, KindSandbox, sandboxEnvelope(map[string]any{
		"messaging_product": "whatsapp", "metadata": map[string]any{"phone_number_id": c.Senders[0].ProviderID},
		"statuses": statuses}))
}

func (s *Service) sandboxStatus(providerID, recipient, status string) map[string]any {
	return map[string]any{"id": providerID, "status": status, "timestamp": strconv.FormatInt(s.now().Unix(), 10),
		"recipient_id": digits(recipient)}
}

// sandboxDelivered acknowledges a message sent to the phone as delivered.
func (s *Service) sandboxDelivered(ctx context.Context, c *Channel, providerID, recipient string) error {
	return s.storeWebhook(ctx, c, KindSandbox, sandboxEnvelope(map[string]any{
		"messaging_product": "whatsapp", "metadata": map[string]any{"phone_number_id": ""},
		"statuses": []any{s.sandboxStatus(providerID, recipient, "delivered")}}))
}

// OpenSandboxMedia opens an attachment the phone may show.
func (s *Service) OpenSandboxMedia(ctx context.Context, accountID, messageID int64) (io.ReadCloser, media.Object, error) {
	c, err := s.sandboxChannel(ctx, accountID)
	if err != nil {
		return nil, media.Object{}, err
	}
	var msg Message
	err = s.db.NewSelect().Model(&msg).Where("id = ? AND channel_id = ? AND kind <> 'note'", messageID, c.ID).Scan(ctx)
	if err != nil {
		return nil, media.Object{}, apperror.NotFoundOr(err, "media")
	}
	if msg.Media == nil || msg.Media.Key == "" {
		return nil, media.Object{}, apperror.NotFound("media")
	}
	return s.store.Open(ctx, msg.Media.Key)
}

// EnsureSandboxChannel gives an account its sandbox channel if it has none.
func (s *Service) EnsureSandboxChannel(ctx context.Context, accountID int64) (*Channel, error) {
	if c, err := s.sandboxChannel(ctx, accountID); err == nil {
		return c, nil
	}
	return s.CreateChannel(ctx, accountID, ChannelInput{Kind: KindSandbox, Name: "Sandbox",
		Senders: []SenderInput{{PhoneNumber: "+4930901820", ProviderID: "sandbox-1", Name: "Sandbox"}}})
}
