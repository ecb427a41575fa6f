package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"switchboard/backend/inbox"
)

// graph is a local stand-in for the WhatsApp Cloud API speaking the
// documented format. Each send answers with the next queued response.
type graph struct {
	t         *testing.T
	srv       *httptest.Server
	mu        sync.Mutex
	responses []graphResponse
	sends     []map[string]any
	media     map[string][]byte
}

type graphResponse struct {
	status int
	body   string
}

func newGraph(t *testing.T) *graph {
	g := &graph{t: t, media: map[string][]byte{}}
	g.srv = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *graph) queue(status int, body string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.responses = append(g.responses, graphResponse{status, body})
}

func (g *graph) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer EAAG-token" {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":{"message":"Invalid OAuth access token","type":"OAuthException","code":190}}`)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case r.Method == "POST" && r.URL.Path == "/"+waPhoneID+"/messages":
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		g.sends = append(g.sends, body)
		// The documented success response, with a fresh wamid after the first.
		ok := string(fixtureFile(g.t, "wa_send_success_response.json"))
		if n := len(g.sends); n > 1 {
			ok = strings.Replace(ok, `"id": "wamid.`, fmt.Sprintf(`"id": "wamid.%d.`, n), 1)
		}
		resp := graphResponse{200, ok}
		if len(g.responses) > 0 {
			resp, g.responses = g.responses[0], g.responses[1:]
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.status)
		fmt.Fprint(w, resp.body)
	case r.Method == "POST" && r.URL.Path == "/"+waPhoneID+"/media":
		fmt.Fprint(w, `{"id":"1037543291543636"}`)
	case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/download/"):
		data, ok := g.media[strings.TrimPrefix(r.URL.Path, "/download/")]
		if !ok {
			w.WriteHeader(404)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		_, _ = w.Write(data)
	case r.Method == "GET":
		id := strings.TrimPrefix(r.URL.Path, "/")
		if _, ok := g.media[id]; !ok {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"error":{"message":"Unsupported get request","type":"GraphMethodException","code":100}}`)
			return
		}
		fmt.Fprintf(w, `{"messaging_product":"whatsapp","url":"%s/download/%s","mime_type":"image/jpeg","sha256":"x","file_size":"3","id":"%s"}`, g.srv.URL, id, id)
	default:
		w.WriteHeader(404)
	}
}

// dropKey removes key from every object in a decoded JSON document.
func dropKey(v any, key string) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, key)
		for _, c := range x {
			dropKey(c, key)
		}
	case []any:
		for _, c := range x {
			dropKey(c, key)
		}
	}
}

func (g *graph) sent() []map[string]any {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]map[string]any(nil), g.sends...)
}

// openConversation makes the contact write in, so the 24-hour window is open,
// and returns the conversation id.
func (f *fixture) openConversation(ch int64, from string) int64 {
	f.t.Helper()
	f.postWebhook(ch, textPayload(fmt.Sprintf("wamid.in.%s.%d", from, time.Now().UnixNano()), from, "Customer", "Hello", time.Now().Unix()), "")
	f.processAll()
	var id int64
	err := f.srv.DB.Bun.NewRaw("SELECT cv.id FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id WHERE ct.whatsapp_number = ? AND cv.channel_id = ?", "+"+from, ch).Scan(context.Background(), &id)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) sendText(conv int64, token, body string) inbox.Message {
	f.t.Helper()
	res := f.do("POST", fmt.Sprintf("/api/conversations/%d/messages", conv), token, mustJSON(map[string]any{"kind": "text", "body": body}))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("send: %d %s", res.Status, res.Body)
	}
	var m inbox.Message
	res.json(f.t, &m)
	return m
}

func (f *fixture) deliver(id int64, last bool) inbox.DeliveryOutcome {
	f.t.Helper()
	out, err := f.srv.Inbox.Deliver(context.Background(), id, last)
	if out == inbox.Settled && err != nil {
		f.t.Fatal(err)
	}
	return out
}

func TestAgentRepliesGoOutInTheDocumentedFormat(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	g := newGraph(t)
	ch := f.createWhatsAppChannel(g.srv.URL)
	conv := f.openConversation(ch, "16505551234")
	m := f.sendText(conv, f.tokens["agent"], "Yes, in blue 💙")
	if m.Status != "queued" {
		t.Fatalf("new message status %q", m.Status)
	}
	if f.deliver(m.ID, false) != inbox.Settled {
		t.Fatal("send did not settle")
	}
	sent := g.sent()
	if len(sent) != 1 {
		t.Fatalf("graph got %d sends", len(sent))
	}
	text, _ := sent[0]["text"].(map[string]any)
	if sent[0]["messaging_product"] != "whatsapp" || sent[0]["to"] != "+16505551234" || sent[0]["type"] != "text" || text["body"] != "Yes, in blue 💙" {
		t.Fatalf("request body = %v", sent[0])
	}
	got := f.message("id = ?", m.ID)
	if got.Status != "sent" || got.ProviderMessageID == nil || !strings.HasPrefix(*got.ProviderMessageID, "wamid.") {
		t.Fatalf("after send: %+v", got)
	}
	// A second run of the same job sends nothing more.
	f.deliver(m.ID, false)
	if len(g.sent()) != 1 {
		t.Fatal("message sent twice")
	}
}

func TestSendErrorsAreClassifiedByCode(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	g := newGraph(t)
	ch := f.createWhatsAppChannel(g.srv.URL)
	conv := f.openConversation(ch, "16505551234")
	cases := []struct {
		fixture string
		status  int
		final   string
		code    string
	}{
		{"wa_error_response_131047.json", 400, "failed", "131047"},
		{"wa_error_response_132000.json", 400, "failed", "132000"},
		{"wa_error_response_190.json", 400, "failed", "190"},
		{"wa_error_response_130429.json", 400, "queued", ""}, // throughput: retried, even with HTTP 400
	}
	for _, c := range cases {
		m := f.sendText(conv, f.tokens["agent"], "about "+c.fixture)
		g.queue(c.status, string(fixtureFile(t, c.fixture)))
		outcome := f.deliver(m.ID, false)
		got := f.message("id = ?", m.ID)
		if got.Status != c.final || got.ErrorCode != c.code {
			t.Errorf("%s: status %q code %q, want %q %q", c.fixture, got.Status, got.ErrorCode, c.final, c.code)
		}
		if c.final == "failed" && (outcome != inbox.Settled || got.ErrorTitle == "") {
			t.Errorf("%s: outcome %v title %q", c.fixture, outcome, got.ErrorTitle)
		}
		if c.final == "queued" {
			if outcome != inbox.RetryLater {
				t.Errorf("%s: outcome %v, want a retry", c.fixture, outcome)
			}
			// The retry succeeds.
			f.deliver(m.ID, false)
			if got := f.message("id = ?", m.ID); got.Status != "sent" {
				t.Errorf("retry after 130429: %q", got.Status)
			}
		}
	}
	// 5xx without an envelope is transient; on the last attempt it fails visibly.
	m := f.sendText(conv, f.tokens["agent"], "server trouble")
	g.queue(503, "upstream unavailable")
	if f.deliver(m.ID, false) != inbox.RetryLater {
		t.Fatal("503 not retried")
	}
	g.queue(503, "upstream unavailable")
	f.deliver(m.ID, true)
	if got := f.message("id = ?", m.ID); got.Status != "failed" || !strings.Contains(got.ErrorTitle, "gave up") {
		t.Fatalf("after the last attempt: %+v", got)
	}

	// An agent retries a failed message and it goes out.
	failed := f.message("error_code = '131047'")
	res := f.do("POST", fmt.Sprintf("/api/messages/%d/retry", failed.ID), f.tokens["agent"], "")
	if res.Status != http.StatusOK {
		t.Fatalf("retry: %d %s", res.Status, res.Body)
	}
	f.deliver(failed.ID, false)
	if got := f.message("id = ?", failed.ID); got.Status != "sent" || got.ErrorCode != "" {
		t.Fatalf("after manual retry: %+v", got)
	}
	if res := f.do("POST", fmt.Sprintf("/api/messages/%d/retry", failed.ID), f.tokens["agent"], ""); res.Status != 422 {
		t.Fatalf("retrying a sent message: %d", res.Status)
	}
}

func TestStatusesNeverGoBackwardsWhateverTheOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	g := newGraph(t)
	ch := f.createWhatsAppChannel(g.srv.URL)
	conv := f.openConversation(ch, "16505551234")
	now := time.Now().Unix()

	m := f.sendText(conv, f.tokens["agent"], "first")
	g.queue(200, `{"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.order.1"}]}`)
	f.deliver(m.ID, false)
	for _, st := range []string{"read", "delivered", "sent", "delivered"} {
		f.postWebhook(ch, statusPayload("wamid.order.1", st, now, ""), "")
	}
	f.postWebhook(ch, statusPayload("wamid.order.1", "read", now, ""), "") // duplicate
	f.processAll()
	if got := f.message("id = ?", m.ID); got.Status != "read" {
		t.Fatalf("after out-of-order statuses: %q", got.Status)
	}

	// A status that arrives before the send is recorded is applied afterwards.
	m2 := f.sendText(conv, f.tokens["agent"], "second")
	f.postWebhook(ch, statusPayload("wamid.order.2", "delivered", now, ""), "")
	f.processAll()
	g.queue(200, `{"messaging_product":"whatsapp","messages":[{"id":"wamid.order.2"}]}`)
	f.deliver(m2.ID, false)
	if got := f.message("id = ?", m2.ID); got.Status != "delivered" {
		t.Fatalf("early delivered status: %q", got.Status)
	}

	// A failed status carries the provider's reason; a late "sent" cannot undo it.
	m3 := f.sendText(conv, f.tokens["agent"], "third")
	g.queue(200, `{"messaging_product":"whatsapp","messages":[{"id":"wamid.order.3"}]}`)
	f.deliver(m3.ID, false)
	f.postWebhook(ch, statusPayload("wamid.order.3", "failed", now, "131047"), "")
	f.postWebhook(ch, statusPayload("wamid.order.3", "sent", now, ""), "")
	f.processAll()
	if got := f.message("id = ?", m3.ID); got.Status != "failed" || got.ErrorCode != "131047" || got.ErrorTitle == "" {
		t.Fatalf("failed status: %+v", got)
	}
	// The status fixtures of the provider parse and apply too (unknown ids are kept for later).
	for _, name := range []string{"wa_status_sent.json", "wa_status_delivered.json", "wa_status_read.json", "wa_status_failed.json", "wa_webhook_error_notification.json"} {
		if res := f.postWebhook(ch, fixtureFile(t, name), ""); res.Status != 200 {
			t.Fatalf("%s: %d", name, res.Status)
		}
	}
	f.processAll()
	if n := f.count("webhook_events", "processed_at IS NULL"); n != 0 {
		t.Fatalf("%d status webhooks unprocessed", n)
	}
}

func TestFreeTextOutsideTheWindowIsRefusedButNotesAreAllowed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	old := time.Now().Add(-25 * time.Hour).Unix()
	f.postWebhook(ch, textPayload("wamid.old.1", "4915112345678", "Old", "hi", old), "")
	f.processAll()
	var conv int64
	if err := f.srv.DB.Bun.NewRaw("SELECT id FROM conversations").Scan(t.Context(), &conv); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/conversations/%d/messages", conv)
	res := f.do("POST", path, f.tokens["agent"], `{"kind":"text","body":"hello again"}`)
	if res.Status != 422 || res.errorCode(t) != "window_closed" {
		t.Fatalf("outside the window: %d %s", res.Status, res.Body)
	}
	var view struct {
		WindowOpen      bool       `json:"window_open"`
		WindowExpiresAt *time.Time `json:"window_expires_at"`
	}
	f.do("GET", fmt.Sprintf("/api/conversations/%d", conv), f.tokens["agent"], "").json(t, &view)
	if view.WindowOpen || view.WindowExpiresAt == nil {
		t.Fatalf("window shown as %+v", view)
	}
	res = f.do("POST", path, f.tokens["agent"], `{"kind":"note","body":"customer called, will write tomorrow"}`)
	if res.Status != http.StatusCreated {
		t.Fatalf("note: %d %s", res.Status, res.Body)
	}
	var note inbox.Message
	res.json(t, &note)
	if note.Kind != "note" || f.count("river_job", "kind = 'send_message'") != 0 {
		t.Fatalf("a note was queued for sending: %+v", note)
	}
	// Bad input changes nothing.
	for _, body := range []string{`{"kind":"text","body":""}`, `{"kind":"fax","body":"x"}`, `{"kind":"note"}`, `{"kind":"note","body":"` + strings.Repeat("x", 4097) + `"}`} {
		if res := f.do("POST", path, f.tokens["agent"], body); res.Status != 422 {
			t.Errorf("%.40s: %d", body, res.Status)
		}
	}
	if n := f.count("messages", "direction = 'out'"); n != 1 {
		t.Fatalf("outbound messages = %d, want only the note", n)
	}
}

func TestInboundMediaIsDownloadedIntoTheObjectStore(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	g := newGraph(t)
	ch := f.createWhatsAppChannel(g.srv.URL)
	// The sample's media URL points at Meta's CDN; tests reach only the local
	// stand-in, so the URL is dropped and resolved through the media id.
	var doc map[string]any
	if err := json.Unmarshal(fixtureFile(t, "wa_inbound_image.json"), &doc); err != nil {
		t.Fatal(err)
	}
	dropKey(doc, "url")
	body, _ := json.Marshal(doc)
	if strings.Contains(string(body), "lookaside") {
		t.Fatal("sample still names the CDN")
	}
	f.postWebhook(ch, body, "")
	f.processAll()
	img := f.message("kind = 'image'")
	// The provider does not have it yet: the download fails and is retried.
	if err := f.srv.Inbox.FetchInboundMedia(t.Context(), img.ID, false); err == nil {
		t.Fatal("missing media did not report an error for a retry")
	}
	if got := f.message("id = ?", img.ID); got.Media.State != "pending" {
		t.Fatalf("after a failed download: %q", got.Media.State)
	}
	g.mu.Lock()
	g.media[img.Media.ProviderID] = []byte{0xff, 0xd8, 0xff}
	g.mu.Unlock()
	if err := f.srv.Inbox.FetchInboundMedia(t.Context(), img.ID, false); err != nil {
		t.Fatal(err)
	}
	got := f.message("id = ?", img.ID)
	if got.Media.State != "ready" || got.Media.Key == "" {
		t.Fatalf("after download: %+v", got.Media)
	}
	res := f.do("GET", fmt.Sprintf("/api/messages/%d/media", img.ID), f.tokens["agent"], "")
	if res.Status != 200 || string(res.Body) != "\xff\xd8\xff" || res.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("media download: %d %q", res.Status, res.Header.Get("Content-Type"))
	}
	if res := f.do("GET", fmt.Sprintf("/api/messages/%d/media", img.ID), "", ""); res.Status != 401 {
		t.Fatalf("anonymous media: %d", res.Status)
	}
	if res := f.do("GET", fmt.Sprintf("/api/messages/%d/media", img.ID), f.tokenB, ""); res.Status != 404 {
		t.Fatalf("other account's media: %d", res.Status)
	}
}
