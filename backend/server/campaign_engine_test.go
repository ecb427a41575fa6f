package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"
)

// A campaign sent in session mode with tracked links: the stand-in gets
// the shortened link, the conversation holds the message, the link
// redirects and counts bots apart, and the status callback and the reply
// come back to the recipient.
func TestCampaignSendsTracksClicksAndLinksStatusesAndRepliesBack(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := newTwilioStandIn(t)
	ch := f.createSMSChannel(tw.srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); f.srv.CampaignEngine.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	var senderID int64
	if err := f.srv.DB.Bun.NewRaw("SELECT id FROM channel_senders WHERE channel_id = ?", ch).Scan(ctx, &senderID); err != nil {
		t.Fatal(err)
	}
	const customer = "+14017122661"
	manager := dialAs(t, f, f.http.URL, "campaign_manager@a.test")
	agent := dialAs(t, f, f.http.URL, "agent@a.test")
	res := f.do("POST", "/api/campaigns", f.tokens[cmgr], mustJSON(map[string]any{
		"name": "Spring sale", "channel_id": ch, "sender_id": senderID,
		"recipients": map[string]any{"numbers": []string{customer}},
		"content":    map[string]any{"body": "Our sale: https://shop.example/sale?x=1 today"},
		"mode":       "session", "track_links": true,
	}))
	if res.Status != http.StatusCreated {
		t.Fatalf("create campaign: %d %s", res.Status, res.Body)
	}
	var c struct {
		ID int64 `json:"id"`
	}
	res.json(t, &c)
	var rec struct {
		Status         string  `bun:"status"`
		ProviderID     *string `bun:"provider_message_id"`
		ConversationID *int64  `bun:"conversation_id"`
		MessageID      *int64  `bun:"message_id"`
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && rec.Status != "sent" {
		time.Sleep(50 * time.Millisecond)
		if err := f.srv.DB.Bun.NewRaw(`SELECT status, provider_message_id, conversation_id, message_id FROM campaign_recipients
			WHERE campaign_id = ?`, c.ID).Scan(ctx, &rec); err != nil {
			t.Fatal(err)
		}
	}
	if rec.Status != "sent" || rec.ProviderID == nil || rec.ConversationID == nil || rec.MessageID == nil {
		t.Fatalf("recipient after the send: %+v", rec)
	}
	sent := tw.sent()
	if len(sent) != 1 {
		t.Fatalf("%d sends at the provider", len(sent))
	}
	m := regexp.MustCompile(`^Our sale: (http://127\.0\.0\.1/l/([A-Za-z0-9]+)) today$`).FindStringSubmatch(sent[0].Get("Body"))
	if m == nil {
		t.Fatalf("the link was not shortened: %q", sent[0].Get("Body"))
	}
	code := m[2]
	// Progress reaches the campaign roles over the websocket, not agents.
	waitFor(t, manager, "campaign.updated", `"status":"completed"`)
	expectSilence(t, agent, `"track_links"`, 700*time.Millisecond)
	msg := f.message("id = ?", *rec.MessageID)
	var extra struct {
		CampaignID int64 `json:"campaign_id"`
	}
	_ = json.Unmarshal(msg.Extra, &extra)
	if msg.ConversationID != *rec.ConversationID || extra.CampaignID != c.ID || msg.AuthorID != nil {
		t.Fatalf("message in the conversation: %+v", msg)
	}

	// Clicks: a preview fetcher right after the send, a HEAD, then a person.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	click := func(method, ua string) *http.Response {
		req, _ := http.NewRequest(method, f.http.URL+"/l/"+code, nil)
		req.Header.Set("User-Agent", ua)
		r, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r
	}
	const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"
	if r := click("GET", "WhatsApp/2.23.20.0 A"); r.StatusCode != http.StatusFound || r.Header.Get("Location") != "https://shop.example/sale?x=1" {
		t.Fatalf("redirect: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	click("HEAD", phone)
	if _, err := f.srv.DB.Bun.NewRaw("UPDATE campaign_links SET created_at = now() - interval '1 minute' WHERE code = ?", code).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	click("GET", phone)
	if r := click("GET", phone); r.StatusCode != http.StatusFound {
		t.Fatalf("second click: %d", r.StatusCode)
	}
	if r, _ := http.Get(f.http.URL + "/l/notacode1"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown code: %d", r.StatusCode)
	}
	if bots, humans := f.count("campaign_clicks", "bot"), f.count("campaign_clicks", "NOT bot"); bots != 2 || humans != 2 {
		t.Fatalf("clicks: %d bot, %d human; want 2 and 2", bots, humans)
	}
	if f.count("campaign_recipients", "campaign_id = ? AND clicked_at IS NOT NULL", c.ID) != 1 {
		t.Fatal("the person's click did not mark the recipient clicked")
	}

	// The delivery status callback and the customer's reply come back.
	form := url.Values{"MessageSid": {*rec.ProviderID}, "SmsSid": {*rec.ProviderID}, "MessageStatus": {"delivered"},
		"SmsStatus": {"delivered"}, "To": {customer}, "From": {twilioSender}, "AccountSid": {twilioSID}, "ApiVersion": {"2010-04-01"}}
	if r := f.postTwilio(ch, form.Encode(), ""); r.Status != 200 {
		t.Fatalf("status callback: %d %s", r.Status, r.Body)
	}
	f.postTwilio(ch, string(twilioFixture(t, "twilio_inbound_sms.form.txt")), "")
	f.processAll()
	if f.count("campaign_recipients", "campaign_id = ? AND delivered_at IS NOT NULL AND replied_at IS NOT NULL", c.ID) != 1 {
		var d, r *time.Time
		_ = f.srv.DB.Bun.NewRaw("SELECT delivered_at, replied_at FROM campaign_recipients WHERE campaign_id = ?", c.ID).Scan(ctx, &d, &r)
		t.Fatalf("recipient delivered_at %v replied_at %v", d, r)
	}
	if msg := f.message("id = ?", *rec.MessageID); msg.Status != "delivered" {
		t.Fatalf("the conversation's message is %s, want delivered", msg.Status)
	}
}
