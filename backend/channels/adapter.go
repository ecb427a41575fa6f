// Package channels defines the provider-neutral layer between Switchboard's
// ingest/send services and the messaging providers (WhatsApp Cloud API, an
// SMS provider speaking Twilio's API, the built-in sandbox).
//
// Every provider implements Adapter for the outbound side. Webhooks differ too
// much between providers to share one signature scheme (Meta signs the raw
// body with the app secret; Twilio signs the configured URL plus the sorted
// form parameters), so receiving is a separate, optional interface,
// WebhookReceiver, that takes the request as received and returns a
// normalized WebhookBatch. Provider packages also export their scheme as
// plain functions (for example whatsapp.VerifySignature).
//
// The package holds no state, touches no database and routes no HTTP.
package channels

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Adapter sends messages and moves media for one provider kind.
// Implementations are safe for concurrent use; credentials travel with each
// call so one adapter serves every account.
type Adapter interface {
	// Kind names the provider ("whatsapp", "sms", "sandbox").
	Kind() string
	// Send submits msg. A nil error means the provider accepted it, not that
	// it was delivered; delivery arrives later as a StatusUpdate.
	Send(ctx context.Context, creds Credentials, msg OutboundMessage) (SendResult, error)
	// UploadMedia stores a file at the provider for sending from senderID and
	// returns the provider's media id (OutboundMedia.ProviderID).
	UploadMedia(ctx context.Context, creds Credentials, senderID, filename, mime string, r io.Reader) (string, error)
	// FetchMedia downloads inbound media. The caller closes the body. size is
	// -1 when the provider does not say.
	FetchMedia(ctx context.Context, creds Credentials, ref MediaRef) (body io.ReadCloser, contentType string, size int64, err error)
}

// WebhookReceiver is implemented by adapters whose provider calls back over
// HTTP. The ingest handler verifies first, then parses.
type WebhookReceiver interface {
	// VerifyWebhook checks the request's signature. Failures wrap
	// ErrInvalidSignature; a missing secret is ErrMissingCredentials.
	VerifyWebhook(creds Credentials, req WebhookRequest) error
	// ParseWebhook normalizes a verified request. Failures wrap
	// ErrInvalidPayload.
	ParseWebhook(req WebhookRequest) (*WebhookBatch, error)
}

// WebhookRequest is an inbound webhook call as the HTTP layer received it.
type WebhookRequest struct {
	// URL is the full callback URL as configured at the provider, including
	// the query string (Twilio signs it; Meta does not).
	URL string
	// Header holds the request headers (signature headers among them).
	Header http.Header
	// Body is the raw request body. Signatures cover these exact bytes, so
	// it must never be re-serialized.
	Body []byte
}

// Credentials carry one channel's provider secrets and endpoint. Fields a
// provider does not use stay empty.
type Credentials struct {
	// AccessToken authenticates API calls: Meta's system-user token, or
	// Twilio's auth token (with AccountID as the basic-auth user).
	AccessToken string
	// AppSecret is the webhook signing key: Meta's App Secret, or Twilio's
	// auth token again.
	AppSecret string
	// VerifyToken answers Meta's webhook subscription handshake.
	VerifyToken string
	// WABAID is the WhatsApp Business Account id (template listing).
	WABAID string
	// AccountID is the provider account for APIs that put it in the path
	// (Twilio's AccountSid).
	AccountID string
	// BaseURL overrides the provider's API root, including any version
	// segment; empty means the provider default. Tests point it at a local
	// server.
	BaseURL string
	// MessagingServiceID is the SMS provider's messaging service (Twilio MG…),
	// used as the sender when a message names no number.
	MessagingServiceID string
}

// Sentinel errors. Provider packages wrap these so callers can map them to a
// response in one place.
var (
	// ErrInvalidSignature: the webhook is not authentic (answer 401/403).
	ErrInvalidSignature = errors.New("channels: invalid webhook signature")
	// ErrSignatureMissing: the signature header is absent.
	ErrSignatureMissing = fmt.Errorf("%w: header missing", ErrInvalidSignature)
	// ErrSignatureMalformed: the signature header cannot be decoded.
	ErrSignatureMalformed = fmt.Errorf("%w: header malformed", ErrInvalidSignature)
	// ErrSignatureMismatch: the signature does not match the body.
	ErrSignatureMismatch = fmt.Errorf("%w: mismatch", ErrInvalidSignature)

	// ErrInvalidPayload: a webhook body could not be understood.
	ErrInvalidPayload = errors.New("channels: invalid webhook payload")
	// ErrInvalidMessage: an outbound message is incomplete or inconsistent;
	// it was not sent and retrying will not help.
	ErrInvalidMessage = errors.New("channels: invalid outbound message")
	// ErrMissingCredentials: a credential the call needs is empty.
	ErrMissingCredentials = errors.New("channels: missing credentials")
)
