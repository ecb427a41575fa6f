package server_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"switchboard/backend/inbox"
)

const (
	waAppSecret   = "test_app_secret"
	waVerifyToken = "verify-me"
	waPhoneID     = "106540352242922"
	waDisplay     = "+15550783881"
)

// fixtureFile reads a provider sample kept with the WhatsApp adapter.
func fixtureFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "channels", "whatsapp", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// createWhatsAppChannel creates a WhatsApp channel in account A through the
// API, pointed at baseURL.
func (f *fixture) createWhatsAppChannel(baseURL string) int64 {
	f.t.Helper()
	body := mustJSON(map[string]any{
		"kind": "whatsapp_cloud", "name": "WhatsApp", "base_url": baseURL,
		"credentials": map[string]string{"access_token": "EAAG-token", "app_secret": waAppSecret, "verify_token": waVerifyToken, "waba_id": "102290129340398"},
		"senders":     []map[string]string{{"phone_number": waDisplay, "provider_id": waPhoneID, "name": "Support"}},
	})
	res := f.do("POST", "/api/channels", f.tokens["admin"], body)
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create channel: %d %s", res.Status, res.Body)
	}
	var c struct {
		ID int64 `json:"id"`
	}
	res.json(f.t, &c)
	return c.ID
}

// postWebhook sends body to the channel's webhook with a valid signature
// (or the given one when sig is not empty).
func (f *fixture) postWebhook(channelID int64, body []byte, sig string) response {
	f.t.Helper()
	if sig == "" {
		sig = sign(waAppSecret, body)
	}
	return f.doWith(http.DefaultClient, "POST", fmt.Sprintf("/webhooks/whatsapp/%d", channelID), "", string(body),
		map[string]string{"X-Hub-Signature-256": sig})
}

// processAll runs the webhook processor until nothing is left.
func (f *fixture) processAll() {
	f.t.Helper()
	for i := 0; i < 1000; i++ {
		worked, err := f.srv.Inbox.ProcessNext(context.Background())
		if err != nil {
			f.t.Fatal(err)
		}
		if !worked {
			return
		}
	}
	f.t.Fatal("processor did not drain")
}

func (f *fixture) count(table, where string, args ...any) int {
	f.t.Helper()
	n, err := f.srv.DB.Bun.NewSelect().TableExpr(table).Where(where, args...).Count(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return int(n)
}

func (f *fixture) message(where string, args ...any) inbox.Message {
	f.t.Helper()
	var m inbox.Message
	if err := f.srv.DB.Bun.NewSelect().Model(&m).Where(where, args...).Scan(context.Background()); err != nil {
		f.t.Fatalf("message %s %v: %v", where, args, err)
	}
	return m
}

// statusPayload is a WhatsApp status webhook for one message.
func statusPayload(wamid, status string, ts int64, errCode string) []byte {
	errs := ""
	if errCode != "" {
		errs = fmt.Sprintf(`,"errors":[{"code":%s,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"window closed"}}]`, errCode)
	}
	return []byte(fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},"statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"16505551234"%s}]}}]}]}`,
		waPhoneID, wamid, status, ts, errs))
}

// textPayload is an inbound WhatsApp text webhook.
func textPayload(wamid, from, name, body string, ts int64) []byte {
	return []byte(fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},"contacts":[{"profile":{"name":%q},"wa_id":"%s"}],"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":%q}}]}}]}]}`,
		waPhoneID, name, from, from, wamid, ts, body))
}

func hasPrefixAny(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
