package server_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"switchboard/backend/testdb"
)

func TestDatabaseOutageAnswers503NeverNotFound(t *testing.T) {
	t.Parallel()
	proxy, dbURL := newDBProxy(t, testdb.NewURL(t))
	f := newFixtureOn(t, dbURL, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	b := f.newBrowser()
	if res := b.login("agent@a.test", testPassword); res.Status != http.StatusOK {
		t.Fatalf("login: %d %s", res.Status, res.Body)
	}
	body := textPayload("wamid.outage.1", "4915100090001", "Outage", "hello", time.Now().Unix())

	proxy.setCut(true)
	// The channel was never read for a webhook, so nothing is cached: the
	// lookup itself fails. A provider must hear "try again", not "no such channel".
	res := f.postWebhook(ch, body, "")
	if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("webhook during outage: %d (Retry-After %q) %s, want 503 with Retry-After", res.Status, res.Header.Get("Retry-After"), res.Body)
	}
	if code := res.errorCode(t); code != "unavailable" {
		t.Errorf("code = %q, want unavailable", code)
	}
	twilio := f.doWith(http.DefaultClient, "POST", fmt.Sprintf("/webhooks/twilio/%d", ch+1000), "", "From=%2B1", nil)
	if twilio.Status != http.StatusServiceUnavailable {
		t.Errorf("SMS webhook during outage: %d, want 503", twilio.Status)
	}
	// Health endpoints never depend on the session, even with a cookie.
	if res := b.do("GET", "/healthz", "", false); res.Status != http.StatusOK {
		t.Errorf("/healthz with a cookie during outage: %d %s", res.Status, res.Body)
	}
	if res := b.do("GET", "/readyz", "", false); res.Status != http.StatusServiceUnavailable || !strings.Contains(string(res.Body), `"database":"unreachable"`) {
		t.Errorf("/readyz with a cookie during outage: %d %s, want 503 naming the database", res.Status, res.Body)
	}
	// A signed-in request is a temporary fault too, not a 500 or a sign-out.
	if res := b.do("GET", "/api/conversations", "", false); res.Status != http.StatusServiceUnavailable {
		t.Errorf("API with a cookie during outage: %d %s, want 503", res.Status, res.Body)
	}
	if res := f.do("GET", "/api/channels", f.tokens["admin"], ""); res.Status != http.StatusServiceUnavailable {
		t.Errorf("API with a token during outage: %d %s, want 503", res.Status, res.Body)
	}

	proxy.setCut(false)
	deadline := time.Now().Add(10 * time.Second)
	for {
		res = f.postWebhook(ch, body, "")
		if res.Status == http.StatusOK || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if res.Status != http.StatusOK {
		t.Fatalf("webhook after the outage: %d %s", res.Status, res.Body)
	}
	// Only a channel that truly does not exist is 404.
	if res := f.postWebhook(ch+1000, body, ""); res.Status != http.StatusNotFound {
		t.Errorf("webhook for a missing channel: %d, want 404", res.Status)
	}
}

// rawRequest opens a connection to the test server and writes head; the
// caller trickles the body.
func rawConn(t *testing.T, f *fixture) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(f.http.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// trickle writes body one byte every gap until the server stops reading
// or the body is sent; it returns when done.
func trickle(c net.Conn, body []byte, gap time.Duration) {
	for i := range body {
		if _, err := c.Write(body[i : i+1]); err != nil {
			return
		}
		time.Sleep(gap)
	}
}

func TestTrickledBodyIsCutOffAfterTheReadTimeout(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv.Config.BodyReadTimeout = 500 * time.Millisecond
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")

	c := rawConn(t, f)
	body := bytes.Repeat([]byte("x"), 200)
	fmt.Fprintf(c, "POST /webhooks/whatsapp/%d HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", ch, len(body))
	start := time.Now()
	go trickle(c, body, 100*time.Millisecond) // 20 s if nothing stops it
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to a trickled body: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestTimeout {
		t.Errorf("status = %d, want 408", res.StatusCode)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a trickled body held the connection for %v", took)
	}
}

func TestUploadsMayTakeLongerThanOtherBodies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv.Config.BodyReadTimeout = 300 * time.Millisecond
	f.srv.Config.UploadReadTimeout = 20 * time.Second
	super := f.tokens["supervisor"]
	canned := f.createCanned(super, "slow", "A slow upload")

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="menu.pdf"`)
	h.Set("Content-Type", "application/pdf")
	part, _ := w.CreatePart(h)
	_, _ = part.Write([]byte("%PDF-1.4 slow menu"))
	_ = w.Close()

	c := rawConn(t, f)
	fmt.Fprintf(c, "PUT /api/canned-responses/%d/attachment HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
		canned.ID, super, w.FormDataContentType(), body.Len())
	// The body takes about a second: longer than the plain limit, well
	// within the upload limit.
	go trickle(c, body.Bytes(), time.Second/time.Duration(body.Len()))
	_ = c.SetReadDeadline(time.Now().Add(15 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("slow upload: %d %s, want 200", res.StatusCode, b)
	}
}

func TestWebhooksForADisabledChannelWaitUntilItIsEnabled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	admin := f.tokens["admin"]
	if res := f.do("PATCH", fmt.Sprintf("/api/channels/%d", ch), admin, `{"enabled":false}`); res.Status != http.StatusOK {
		t.Fatalf("disable: %d %s", res.Status, res.Body)
	}
	// Acknowledged means stored: the provider hears 200.
	if res := f.postWebhook(ch, textPayload("wamid.held.1", "4915100090101", "Held", "anyone there?", time.Now().Unix()), ""); res.Status != http.StatusOK {
		t.Fatalf("webhook for a disabled channel: %d %s", res.Status, res.Body)
	}
	f.processAll()
	if n := f.count("messages", "provider_message_id = 'wamid.held.1'"); n != 0 {
		t.Fatalf("a disabled channel's message was processed")
	}
	if n := f.count("conversations", "channel_id = ?", ch); n != 0 {
		t.Fatalf("a disabled channel opened a conversation")
	}
	if n := f.count("webhook_events", "channel_id = ? AND held_at IS NOT NULL AND processed_at IS NULL", ch); n != 1 {
		t.Fatalf("held webhooks = %d, want 1", n)
	}
	var view struct {
		Enabled      bool `json:"enabled"`
		HeldWebhooks int  `json:"held_webhooks"`
	}
	f.do("GET", fmt.Sprintf("/api/channels/%d", ch), admin, "").json(t, &view)
	if view.HeldWebhooks != 1 {
		t.Errorf("channel shows %d held webhooks, want 1", view.HeldWebhooks)
	}

	if res := f.do("PATCH", fmt.Sprintf("/api/channels/%d", ch), admin, `{"enabled":true}`); res.Status != http.StatusOK {
		t.Fatalf("enable: %d %s", res.Status, res.Body)
	}
	f.processAll()
	if n := f.count("messages", "provider_message_id = 'wamid.held.1'"); n != 1 {
		t.Fatalf("the held message was not processed after enabling")
	}
	f.do("GET", fmt.Sprintf("/api/channels/%d", ch), admin, "").json(t, &view)
	if view.HeldWebhooks != 0 {
		t.Errorf("channel still shows %d held webhooks", view.HeldWebhooks)
	}
}

func TestPruneDropsOldEarlyStatuses(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.postWebhook(ch, statusPayload("wamid.never.sent", "delivered", time.Now().Unix(), ""), "")
	f.postWebhook(ch, statusPayload("wamid.maybe.soon", "delivered", time.Now().Unix(), ""), "")
	f.processAll()
	if n := f.count("early_statuses", "TRUE"); n != 2 {
		t.Fatalf("early statuses = %d, want 2", n)
	}
	if _, err := f.srv.DB.Bun.ExecContext(t.Context(),
		"UPDATE early_statuses SET received_at = now() - interval '8 days' WHERE provider_message_id = 'wamid.never.sent'"); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Inbox.Prune(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := f.count("early_statuses", "TRUE"); n != 1 {
		t.Errorf("early statuses after prune = %d, want only the recent one", n)
	}
}

func TestRefusedProviderCallsAreLoggedRateLimitedWithoutTheBody(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	f := newFixtureOn(t, testdb.NewURL(t), slog.New(slog.NewTextHandler(&logs, nil)))
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	body := textPayload("wamid.badsig.1", "4915100090201", "Secret", "my secret text", time.Now().Unix())
	for range 3 {
		if res := f.postWebhook(ch, body, "sha256=00"); res.Status != http.StatusUnauthorized {
			t.Fatalf("bad signature: %d", res.Status)
		}
	}
	out := logs.String()
	if n := strings.Count(out, "provider call refused"); n != 1 {
		t.Errorf("%d log lines for 3 refusals in a minute, want 1:\n%s", n, out)
	}
	if !strings.Contains(out, "reason=bad_signature") || !strings.Contains(out, fmt.Sprintf("channel_id=%d", ch)) {
		t.Errorf("log line does not say which channel and why:\n%s", out)
	}
	if strings.Contains(out, "my secret text") {
		t.Errorf("the body reached the log:\n%s", out)
	}
	if v := metricValue(t, f.srv.API.Registry, "switchboard_webhooks_rejected_total", map[string]string{"reason": "bad_signature"}); v != 3 {
		t.Errorf("rejected counter = %v, want 3", v)
	}
}

func TestPipelineMetricsCountWhatOperatorsWatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.postWebhook(ch, textPayload("wamid.metrics.1", "4915100090301", "M", "one", time.Now().Unix()), "")
	f.postWebhook(ch, textPayload("wamid.metrics.2", "4915100090302", "M", "two", time.Now().Unix()), "")
	reg := f.srv.API.Registry
	if v := metricValue(t, reg, "switchboard_webhooks_pending", nil); v != 2 {
		t.Errorf("pending = %v, want 2", v)
	}
	if v := metricValue(t, reg, "switchboard_webhooks_oldest_pending_age_seconds", nil); v < 0 {
		t.Errorf("oldest age = %v", v)
	}
	f.processAll()
	if v := metricValue(t, reg, "switchboard_webhooks_pending", nil); v != 0 {
		t.Errorf("pending after processing = %v, want 0", v)
	}
	if v := metricValue(t, reg, "switchboard_webhooks_processed_total", nil); v != 2 {
		t.Errorf("processed = %v, want 2", v)
	}
	conv := f.openConversation(ch, "4915100090301")
	msg := f.sendText(conv, f.tokens["agent"], "hi")
	f.deliver(msg.ID, true) // the provider at 127.0.0.1:1 cannot be reached
	if v := metricValue(t, reg, "switchboard_sends_total", map[string]string{"outcome": "failed"}); v != 1 {
		t.Errorf("failed sends = %v, want 1", v)
	}
	for _, name := range []string{"switchboard_jobs", "switchboard_db_pool_connections", "go_sql_open_connections",
		"switchboard_realtime_connections", "switchboard_webhook_processing_failures_total"} {
		if !hasMetric(t, reg, name) {
			t.Errorf("metric %s is missing", name)
		}
	}
}

// metricValue sums the samples of name whose labels include want.
func metricValue(t *testing.T, reg *prometheus.Registry, name string, want map[string]string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range families {
		if mf.GetName() != name {
			continue
		}
	samples:
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			for k, v := range want {
				if labels[k] != v {
					continue samples
				}
			}
			switch {
			case m.Counter != nil:
				sum += m.Counter.GetValue()
			case m.Gauge != nil:
				sum += m.Gauge.GetValue()
			}
		}
	}
	return sum
}

func hasMetric(t *testing.T, reg *prometheus.Registry, name string) bool {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range families {
		if mf.GetName() == name {
			return true
		}
	}
	return false
}
