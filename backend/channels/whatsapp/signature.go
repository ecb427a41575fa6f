package whatsapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"switchboard/backend/channels"
)

// SignatureHeader is the header Meta signs webhook POSTs with.
const SignatureHeader = "X-Hub-Signature-256"

const signaturePrefix = "sha256="

// VerifySignature checks an X-Hub-Signature-256 header ("sha256=<hex>")
// against HMAC-SHA256(appSecret, rawBody). rawBody must be the bytes exactly
// as received: Meta signs its own serialization, so re-encoded JSON fails.
// Errors wrap channels.ErrSignatureMissing, ErrSignatureMalformed or
// ErrSignatureMismatch; an empty appSecret is channels.ErrMissingCredentials
// (never treated as "no check").
func VerifySignature(appSecret string, rawBody []byte, header string) error {
	if appSecret == "" {
		return fmt.Errorf("whatsapp: app secret not configured: %w", channels.ErrMissingCredentials)
	}
	header = strings.TrimSpace(header)
	if header == "" {
		return fmt.Errorf("whatsapp: %w", channels.ErrSignatureMissing)
	}
	hexSig, ok := strings.CutPrefix(header, signaturePrefix)
	if !ok {
		return fmt.Errorf("whatsapp: %w: want %q prefix", channels.ErrSignatureMalformed, signaturePrefix)
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("whatsapp: %w: want %d hex-encoded bytes", channels.ErrSignatureMalformed, sha256.Size)
	}
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(rawBody)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return fmt.Errorf("whatsapp: %w", channels.ErrSignatureMismatch)
	}
	return nil
}

// VerifyHandshake answers Meta's subscription check (GET with hub.mode,
// hub.verify_token, hub.challenge). When ok, respond 200 with challenge as
// the whole body; otherwise respond 401 or 403. An empty verifyToken never
// matches.
func VerifyHandshake(query url.Values, verifyToken string) (challenge string, ok bool) {
	if verifyToken == "" || query.Get("hub.mode") != "subscribe" {
		return "", false
	}
	token := query.Get("hub.verify_token")
	if subtle.ConstantTimeCompare([]byte(token), []byte(verifyToken)) != 1 {
		return "", false
	}
	challenge = query.Get("hub.challenge")
	if challenge == "" {
		return "", false
	}
	return challenge, true
}

// VerifyWebhook implements channels.WebhookReceiver with VerifySignature.
func (c *Client) VerifyWebhook(creds channels.Credentials, req channels.WebhookRequest) error {
	return VerifySignature(creds.AppSecret, req.Body, req.Header.Get(SignatureHeader))
}

// ParseWebhook implements channels.WebhookReceiver with the package-level
// ParseWebhook.
func (c *Client) ParseWebhook(req channels.WebhookRequest) (*channels.WebhookBatch, error) {
	return ParseWebhook(req.Body)
}
