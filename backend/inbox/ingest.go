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
	c, err := s.webhookChannel(ctx, channelID, KindWhatsApp)
	if err != nil {
		return "", err
	}
	challenge, ok := whatsapp.VerifyHandshake(query, c.Credentials["verify_token"])
	if !ok {
		s.rejected(KindWhatsApp, channelID, "bad_verify_token")
		return "", &apperror.Error{Kind: apperror.ErrUnauthenticated, Code: "bad_verify_token", Message: "verify token does not match"}
	}
	return challenge, nil
}

// ReceiveWhatsApp checks a WhatsApp webhook's signature over the raw bytes
// and stores it durably. Only after it returns nil may the caller answer 2xx.
func (s *Service) ReceiveWhatsApp(ctx context.Context, channelID int64, header http.Header, body []byte) error {
	c, err := s.webhookChannel(ctx, channelID, KindWhatsApp)
	if err != nil {
		return err
	}
	if err := whatsapp.VerifySignature(c.Credentials["app_secret"], body, header.Get("X-Hub-Signature-256")); err != nil {
		s.rejected(KindWhatsApp, channelID, "bad_signature", "detail", err.Error(),
			"signature_present", header.Get("X-Hub-Signature-256") != "", "body_bytes", len(body))
		return ErrBadSignature
	}
	if _, err := whatsapp.ParseWebhook(body); err != nil {
		s.rejected(KindWhatsApp, channelID, "bad_payload", "detail", err.Error(), "body_bytes", len(body))
		return ErrBadPayload
	}
	return s.storeWebhook(ctx, c, KindWhatsApp, body)
}

// webhookChannel loads the channel a webhook URL names. Only a channel that
// does not exist, or is of another kind, is "not found"; a failed lookup
// (the database unreachable) stays an error, which the caller answers with
// 503 so the provider retries.
func (s *Service) webhookChannel(ctx context.Context, channelID int64, kind string) (*Channel, error) {
	c, err := s.channelByID(ctx, channelID)
	if errors.Is(err, apperror.ErrNotFound) || (err == nil && c.Kind != kind) {
		s.rejected(kind, channelID, "unknown_channel")
		return nil, apperror.NotFound("channel")
	}
	if err != nil {
		s.rejected(kind, channelID, "lookup_failed", "err", err.Error())
		return nil, err
	}
	return c, nil
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
	c, err := s.webhookChannel(ctx, channelID, KindSMS)
	if err != nil {
		return err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		s.rejected(KindSMS, channelID, "bad_payload", "detail", "body is not a form", "body_bytes", len(body))
		return ErrBadPayload
	}
	if !twilio.ValidateSignature(c.Credentials["auth_token"], webhookURL, form, header.Get(twilio.SignatureHeader)) {
		// The URL is part of what is signed: a wrong public URL shows here.
		s.rejected(KindSMS, channelID, "bad_signature", "signed_url", webhookURL,
			"signature_present", header.Get(twilio.SignatureHeader) != "")
		return &apperror.Error{Kind: apperror.ErrForbidden, Code: "bad_signature", Message: "webhook signature is missing or wrong"}
	}
	if _, err := twilio.ToBatch(form); err != nil {
		s.rejected(KindSMS, channelID, "bad_payload", "detail", err.Error())
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
