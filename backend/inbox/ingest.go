package inbox

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"switchboard/backend/apperror"
	"switchboard/backend/channels"
	"switchboard/backend/channels/twilio"
	"switchboard/backend/channels/whatsapp"
)

// ErrBadSignature is a webhook whose signature does not verify.
var ErrBadSignature = &apperror.Error{Kind: apperror.ErrUnauthenticated, Code: "bad_signature",
	Message: "webhook signature is missing or wrong"}

// ErrBadPayload is a webhook body that is not what the provider sends.
var ErrBadPayload = &apperror.Error{Kind: apperror.ErrBadRequest, Code: "bad_payload",
	Message: "webhook body is not a valid payload"}

// VerifyWhatsAppHandshake answers Meta's subscription check.
func (s *Service) VerifyWhatsAppHandshake(ctx context.Context, channelID int64, query map[string][]string) (string, error) {
	c, err := s.channelByID(ctx, channelID)
	if err != nil || c.Kind != KindWhatsApp {
		return "", apperror.NotFound("channel")
	}
	challenge, ok := whatsapp.VerifyHandshake(query, c.Credentials["verify_token"])
	if !ok {
		return "", &apperror.Error{Kind: apperror.ErrUnauthenticated, Code: "bad_verify_token", Message: "verify token does not match"}
	}
	return challenge, nil
}

// ReceiveWhatsApp checks a WhatsApp webhook's signature over the raw bytes
// and stores it durably. Only after it returns nil may the caller answer 2xx.
func (s *Service) ReceiveWhatsApp(ctx context.Context, channelID int64, header http.Header, body []byte) error {
	c, err := s.channelByID(ctx, channelID)
	if err != nil || c.Kind != KindWhatsApp {
		return apperror.NotFound("channel")
	}
	if err := whatsapp.VerifySignature(c.Credentials["app_secret"], body, header.Get("X-Hub-Signature-256")); err != nil {
		return ErrBadSignature
	}
	if _, err := whatsapp.ParseWebhook(body); err != nil {
		return ErrBadPayload
	}
	return s.storeWebhook(ctx, c, KindWhatsApp, body)
}

func (s *Service) storeWebhook(ctx context.Context, c *Channel, provider string, body []byte) error {
	ev := &WebhookEvent{AccountID: c.AccountID, ChannelID: c.ID, Provider: provider, Payload: body}
	if _, err := s.db.NewInsert().Model(ev).Exec(ctx); err != nil {
		return fmt.Errorf("inbox: store webhook: %w", err)
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return nil
}

// ReceiveTwilio checks an SMS provider webhook (inbound message or status
// callback): X-Twilio-Signature over the URL as configured plus the form
// fields. webhookURL is the public URL the provider called.
func (s *Service) ReceiveTwilio(ctx context.Context, channelID int64, webhookURL string, header http.Header, body []byte) error {
	c, err := s.channelByID(ctx, channelID)
	if err != nil || c.Kind != KindSMS {
		return apperror.NotFound("channel")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return ErrBadPayload
	}
	if !twilio.ValidateSignature(c.Credentials["auth_token"], webhookURL, form, header.Get(twilio.SignatureHeader)) {
		return &apperror.Error{Kind: apperror.ErrForbidden, Code: "bad_signature", Message: "webhook signature is missing or wrong"}
	}
	if _, err := twilio.ToBatch(form); err != nil {
		return ErrBadPayload
	}
	return s.storeWebhook(ctx, c, KindSMS, body)
}

// parseStored turns a stored webhook back into a batch.
func parseStored(provider string, payload []byte) (*channels.WebhookBatch, error) {
	switch provider {
	case KindWhatsApp, KindSandbox:
		// The sandbox phone speaks the WhatsApp Cloud wire format, so it
		// exercises the same parser and ingest path.
		return whatsapp.ParseWebhook(payload)
	case KindSMS:
		form, err := url.ParseQuery(string(payload))
		if err != nil {
			return nil, err
		}
		return twilio.ToBatch(form)
	}
	return nil, errors.New("inbox: unknown webhook provider " + provider)
}
