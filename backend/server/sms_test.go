package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"switchboard/backend/channels/twilio"
	"switchboard/backend/inbox"
)

const (
	twilioSID    = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	twilioToken  = "12345"
	twilioSender = "+15558675310"
	smsCustomer  = "+14017122661"
)

// twilioStandIn speaks the documented Messages API.
type twilioStandIn struct {
	t         *testing.T
	srv       *httptest.Server
	mu        sync.Mutex
	forms     []url.Values
	responses []graphResponse
}

func newTwilioStandIn(t *testing.T) *twilioStandIn {
	s := &twilioStandIn{t: t}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != twilioSID || pass != twilioToken {
			w.WriteHeader(401)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		switch {
		case r.Method == "POST" && r.URL.Path == "/2010-04-01/Accounts/"+twilioSID+"/Messages.json":
			_ = r.ParseForm()
			s.forms = append(s.forms, r.PostForm)
			resp := graphResponse{201, strings.Replace(string(twilioFixture(t, "twilio_send_response.json")),
				`"sid": "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"`, fmt.Sprintf(`"sid": "SM%032d"`, len(s.forms)), 1)}
			if len(s.responses) > 0 {
				resp, s.responses = s.responses[0], s.responses[1:]
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(resp.status)
			fmt.Fprint(w, resp.body)
		case r.Method == "GET" && strings.Contains(r.URL.Path, "/Media/"):
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = w.Write([]byte("jpeg-bytes"))
		default:
			w.WriteHeader(404)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *twilioStandIn) sent() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.forms...)
}

func twilioFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "channels", "twilio", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (f *fixture) createSMSChannel(baseURL string) int64 {
	f.t.Helper()
	res := f.do("POST", "/api/channels", f.tokens["admin"], mustJSON(map[string]any{
		"kind": "sms_twilio", "name": "SMS", "base_url": baseURL,
		"credentials": map[string]string{"account_sid": twilioSID, "auth_token": twilioToken},
		"senders":     []map[string]string{{"phone_number": twilioSender, "name": "Hotline"}},
	}))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create SMS channel: %d %s", res.Status, res.Body)
	}
	var c struct {
		ID int64 `json:"id"`
	}
	res.json(f.t, &c)
	return c.ID
}

// postTwilio posts a form to the channel's webhook, signed for the URL as
// configured (the server's public URL) unless sig is given.
func (f *fixture) postTwilio(ch int64, form string, sig string) response {
	f.t.Helper()
	path := fmt.Sprintf("/webhooks/twilio/%d", ch)
	if sig == "" {
		values, err := url.ParseQuery(form)
		if err != nil {
			f.t.Fatal(err)
		}
		sig = twilio.ComputeSignature(twilioToken, f.srv.Config.PublicURL+path, values)
	}
	req, _ := http.NewRequest("POST", f.http.URL+path, strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", sig)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b := make([]byte, 4096)
	n, _ := res.Body.Read(b)
	return response{res.StatusCode, b[:n], res.Header}
}

func TestTwilioFixturesAreStoredOnceAndBadSignaturesRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := newTwilioStandIn(t)
	ch := f.createSMSChannel(tw.srv.URL)
	mms := strings.ReplaceAll(string(twilioFixture(t, "twilio_inbound_mms.form.txt")),
		url.QueryEscape("https://api.twilio.com"), url.QueryEscape(tw.srv.URL))

	// Refused first: nothing may be stored.
	sms := string(twilioFixture(t, "twilio_inbound_sms.form.txt"))
	if res := f.postTwilio(ch, sms, "bm90IGEgc2lnbmF0dXJl"); res.Status != http.StatusForbidden {
		t.Fatalf("bad signature: %d", res.Status)
	}
	if res := f.postTwilio(ch, strings.Replace(sms, "Hello", "Hullo", 1), twilio.ComputeSignature(twilioToken,
		f.srv.Config.PublicURL+fmt.Sprintf("/webhooks/twilio/%d", ch), mustForm(t, sms))); res.Status != http.StatusForbidden {
		t.Fatalf("tampered body: %d", res.Status)
	}
	if n := f.count("webhook_events", "TRUE"); n != 0 {
		t.Fatalf("refused webhooks stored: %d", n)
	}

	for _, form := range []string{sms, mms, sms} { // the repeat is a provider retry
		if res := f.postTwilio(ch, form, ""); res.Status != 200 || !strings.Contains(string(res.Body), "<Response>") {
			t.Fatalf("inbound: %d %s", res.Status, res.Body)
		}
	}
	// The signature made for the URL with the default port is accepted too.
	withPort := strings.Replace(f.srv.Config.PublicURL, "127.0.0.1", "127.0.0.1:80", 1) + fmt.Sprintf("/webhooks/twilio/%d", ch)
	if res := f.postTwilio(ch, sms, twilio.ComputeSignature(twilioToken, withPort, mustForm(t, sms))); res.Status != 200 {
		t.Fatalf("default-port variant: %d", res.Status)
	}
	f.processAll()

	if n := f.count("messages", "provider_message_id = 'SM1342fe1b2c904d1ab04f0fc7a58abca9'"); n != 1 {
		t.Fatalf("the SMS is stored %d times", n)
	}
	text := f.message("provider_message_id = 'SM1342fe1b2c904d1ab04f0fc7a58abca9'")
	if text.Body != "Hello there! Is my order ready?" || text.Kind != "text" {
		t.Fatalf("sms = %+v", text)
	}
	img := f.message("provider_message_id = 'MM2b5d477b019c4b40db8913c45a619c24'")
	if img.Kind != "image" || img.Body != "Photo of the damage" || img.Media == nil || img.Media.State != "pending" {
		t.Fatalf("mms = %+v", img)
	}
	if err := f.srv.Inbox.FetchInboundMedia(t.Context(), img.ID, false); err != nil {
		t.Fatal(err)
	}
	if got := f.message("id = ?", img.ID); got.Media.State != "ready" {
		t.Fatalf("mms media: %+v", got.Media)
	}
	if n := f.count("contacts", "sms_number = ? AND whatsapp_number IS NULL", smsCustomer); n != 1 {
		t.Fatalf("SMS contact: %d", n)
	}
}

func mustForm(t *testing.T, s string) url.Values {
	v, err := url.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func smsConversation(t *testing.T, f *fixture) int64 {
	var id int64
	if err := f.srv.DB.Bun.NewRaw("SELECT cv.id FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id WHERE ct.sms_number = ?", smsCustomer).Scan(t.Context(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestStopRefusesSendsBeforeTheProviderAndStartAllowsThemAgain(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := newTwilioStandIn(t)
	ch := f.createSMSChannel(tw.srv.URL)
	f.postTwilio(ch, string(twilioFixture(t, "twilio_inbound_sms.form.txt")), "")
	f.postTwilio(ch, string(twilioFixture(t, "twilio_inbound_stop.form.txt")), "")
	f.processAll()
	conv := smsConversation(t, f)
	// The STOP itself lands in the conversation.
	if n := f.count("messages", "conversation_id = ? AND body = 'STOP'", conv); n != 1 {
		t.Fatalf("STOP message stored %d times", n)
	}
	if n := f.count("consent_history", "state = 'revoked' AND source = 'keyword' AND detail = 'STOP' AND channel_kind = 'sms' AND number = ?", smsCustomer); n != 1 {
		t.Fatalf("opt-out history: %d", n)
	}
	path := fmt.Sprintf("/api/conversations/%d/messages", conv)
	res := f.do("POST", path, f.tokens["agent"], `{"kind":"text","body":"Your order is ready"}`)
	if res.Status != 422 || res.errorCode(t) != "opted_out" {
		t.Fatalf("send after STOP: %d %s", res.Status, res.Body)
	}
	if len(tw.sent()) != 0 {
		t.Fatal("the provider was called for an opted-out number")
	}

	start := strings.NewReplacer("Body=STOP", "Body=+start+", "SM9f1b2c3d4e5f60718293a4b5c6d7e8f9", "SMa0000000000000000000000000000001").
		Replace(string(twilioFixture(t, "twilio_inbound_stop.form.txt")))
	f.postTwilio(ch, start, "")
	f.processAll()
	m := f.sendText(conv, f.tokens["agent"], "Your order is ready")
	f.deliver(m.ID, false)
	sent := tw.sent()
	if len(sent) != 1 {
		t.Fatalf("provider calls after START: %d", len(sent))
	}
	form := sent[0]
	if form.Get("To") != smsCustomer || form.Get("From") != twilioSender || form.Get("Body") != "Your order is ready" ||
		form.Get("StatusCallback") != fmt.Sprintf("%s/webhooks/twilio/%d", f.srv.Config.PublicURL, ch) {
		t.Fatalf("send form = %v", form)
	}
	if got := f.message("id = ?", m.ID); got.Status != "sent" || got.ProviderMessageID == nil {
		t.Fatalf("after send: %+v", got)
	}
}

func TestSMSStatusCallbacksAndErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := newTwilioStandIn(t)
	ch := f.createSMSChannel(tw.srv.URL)
	f.postTwilio(ch, string(twilioFixture(t, "twilio_inbound_sms.form.txt")), "")
	f.processAll()
	conv := smsConversation(t, f)

	m := f.sendText(conv, f.tokens["agent"], "first")
	f.deliver(m.ID, false)
	sid := *f.message("id = ?", m.ID).ProviderMessageID
	for _, name := range []string{"twilio_status_callback_delivered.form.txt", "twilio_status_callback_sent.form.txt"} {
		form := strings.ReplaceAll(string(twilioFixture(t, name)), "SM1342fe1b2c904d1ab04f0fc7a58abca9", sid)
		if res := f.postTwilio(ch, form, ""); res.Status != 200 {
			t.Fatalf("%s: %d", name, res.Status)
		}
	}
	f.processAll()
	if got := f.message("id = ?", m.ID); got.Status != "delivered" {
		t.Fatalf("delivered then late sent: %q", got.Status)
	}

	m2 := f.sendText(conv, f.tokens["agent"], "second")
	f.deliver(m2.ID, false)
	sid2 := *f.message("id = ?", m2.ID).ProviderMessageID
	f.postTwilio(ch, strings.ReplaceAll(string(twilioFixture(t, "twilio_status_callback_undelivered.form.txt")), "SM1342fe1b2c904d1ab04f0fc7a58abca9", sid2), "")
	f.processAll()
	if got := f.message("id = ?", m2.ID); got.Status != "failed" || got.ErrorCode != "30003" || !strings.Contains(strings.ToLower(got.ErrorTitle), "unreachable") {
		t.Fatalf("undelivered: %+v", got)
	}

	cases := []struct {
		fixture string
		code    string
	}{{"twilio_error_21211.json", "21211"}, {"twilio_error_21610.json", "21610"}}
	for _, c := range cases {
		m := f.sendText(conv, f.tokens["agent"], "about "+c.code)
		tw.mu.Lock()
		tw.responses = append(tw.responses, graphResponse{400, string(twilioFixture(t, c.fixture))})
		tw.mu.Unlock()
		if out := f.deliver(m.ID, false); out != inbox.Settled {
			t.Fatalf("%s not settled", c.code)
		}
		if got := f.message("id = ?", m.ID); got.Status != "failed" || got.ErrorCode != c.code || got.ErrorTitle == "" {
			t.Fatalf("%s: %+v", c.code, got)
		}
	}
	// 21610 means the provider knows of an opt-out: further sends are refused here.
	res := f.do("POST", fmt.Sprintf("/api/conversations/%d/messages", conv), f.tokens["agent"], `{"kind":"text","body":"again"}`)
	if res.Status != 422 || res.errorCode(t) != "opted_out" {
		t.Fatalf("after 21610: %d %s", res.Status, res.Body)
	}
	long := strings.Repeat("a", 1601)
	f.postTwilio(ch, strings.NewReplacer("Body=STOP", "Body=start", "SM9f1b2c3d4e5f60718293a4b5c6d7e8f9", "SMa0000000000000000000000000000002").
		Replace(string(twilioFixture(t, "twilio_inbound_stop.form.txt"))), "")
	f.processAll()
	if res := f.do("POST", fmt.Sprintf("/api/conversations/%d/messages", conv), f.tokens["agent"], `{"kind":"text","body":"`+long+`"}`); res.Status != 422 {
		t.Fatalf("1601 characters: %d", res.Status)
	}
}
