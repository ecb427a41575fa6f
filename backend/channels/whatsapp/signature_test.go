package whatsapp_test

import (
	"bufio"
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
)

const testAppSecret = "test_app_secret"

var vectorLine = regexp.MustCompile(`^(wa_\S+\.json): X-Hub-Signature-256: (sha256=[0-9a-f]{64})$`)

func TestVerifySignatureAcceptsEveryFixtureVector(t *testing.T) {
	t.Parallel()
	sc := bufio.NewScanner(bytes.NewReader(fixture(t, "signature_vectors.txt")))
	count := 0
	for sc.Scan() {
		m := vectorLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		count++
		file, header := m[1], m[2]
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			if err := whatsapp.VerifySignature(testAppSecret, fixture(t, file), header); err != nil {
				t.Fatalf("VerifySignature: %v", err)
			}
		})
	}
	if count != 11 {
		t.Fatalf("found %d WhatsApp vectors, want 11", count)
	}
}

func TestVerifySignatureMatchesReferenceVector(t *testing.T) {
	t.Parallel()
	const sig = "0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"
	for _, header := range []string{"sha256=" + sig, "sha256=" + strings.ToUpper(sig), " sha256=" + sig + " "} {
		if err := whatsapp.VerifySignature("secret", []byte("test"), header); err != nil {
			t.Errorf("header %q: %v", header, err)
		}
	}
}

func TestVerifySignatureRejectsForgeries(t *testing.T) {
	t.Parallel()
	body := fixture(t, "wa_inbound_text.json")
	const good = "sha256=1c041e1c07f50386213ac582d2e17d24d70f1ed42949a6e5a5607057b805b5fc"
	tampered := bytes.Clone(body)
	tampered[bytes.Index(tampered, []byte("color"))] = 'C'
	tests := []struct {
		name   string
		secret string
		body   []byte
		header string
		want   error
	}{
		{"tampered byte", testAppSecret, tampered, good, channels.ErrSignatureMismatch},
		{"trailing newline dropped", testAppSecret, bytes.TrimRight(body, "\n"), good, channels.ErrSignatureMismatch},
		{"wrong secret", "other_secret", body, good, channels.ErrSignatureMismatch},
		{"missing header", testAppSecret, body, "", channels.ErrSignatureMissing},
		{"wrong prefix", testAppSecret, body, "sha1=" + good[len("sha256="):], channels.ErrSignatureMalformed},
		{"no prefix", testAppSecret, body, good[len("sha256="):], channels.ErrSignatureMalformed},
		{"not hex", testAppSecret, body, "sha256=zz41e1c07f50386213ac582d2e17d24d70f1ed42949a6e5a5607057b805b5fc", channels.ErrSignatureMalformed},
		{"short digest", testAppSecret, body, good[:len(good)-2], channels.ErrSignatureMalformed},
		{"no secret configured", "", body, good, channels.ErrMissingCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := whatsapp.VerifySignature(tt.secret, tt.body, tt.header)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want != channels.ErrMissingCredentials && !errors.Is(err, channels.ErrInvalidSignature) {
				t.Fatalf("err = %v, does not wrap ErrInvalidSignature", err)
			}
		})
	}
}

func TestVerifyWebhookReadsSignatureHeader(t *testing.T) {
	t.Parallel()
	c := whatsapp.NewClient(whatsapp.Config{})
	creds := channels.Credentials{AppSecret: testAppSecret}
	req := channels.WebhookRequest{
		Header: http.Header{},
		Body:   fixture(t, "wa_status_read.json"),
	}
	if err := c.VerifyWebhook(creds, req); !errors.Is(err, channels.ErrSignatureMissing) {
		t.Fatalf("without header: %v", err)
	}
	req.Header.Set(whatsapp.SignatureHeader, "sha256=cd4219518cfd17a0a4c7751100da968c90b992e4c44aee0de044cde93a20ec78")
	if err := c.VerifyWebhook(creds, req); err != nil {
		t.Fatalf("with header: %v", err)
	}
}

func TestVerifyHandshake(t *testing.T) {
	t.Parallel()
	// The documented GET line: GET /webhooks?hub.mode=...&hub.verify_token=meatyhamhock HTTP/1.1
	var documented url.Values
	for line := range strings.Lines(string(fixture(t, "wa_webhook_verification.http.txt"))) {
		if target, ok := strings.CutPrefix(line, "GET "); ok {
			u, err := url.Parse(strings.Fields(target)[0])
			if err != nil {
				t.Fatal(err)
			}
			documented = u.Query()
		}
	}
	if documented == nil {
		t.Fatal("no GET line in handshake fixture")
	}
	with := func(key, value string) url.Values {
		q := url.Values{}
		for k, v := range documented {
			q[k] = v
		}
		q.Set(key, value)
		return q
	}
	tests := []struct {
		name   string
		query  url.Values
		token  string
		want   string
		wantOK bool
	}{
		{"documented request", documented, "meatyhamhock", "1158201444", true},
		{"wrong token", documented, "other", "", false},
		{"no token configured", with("hub.verify_token", ""), "", "", false},
		{"wrong mode", with("hub.mode", "unsubscribe"), "meatyhamhock", "", false},
		{"no challenge", with("hub.challenge", ""), "meatyhamhock", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := whatsapp.VerifyHandshake(tt.query, tt.token)
			if got != tt.want || ok != tt.wantOK {
				t.Fatalf("VerifyHandshake = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
