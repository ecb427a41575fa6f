package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Delivered, read and replied arrive by webhook, outside the campaign
// engine; each still reaches the campaign's readers as campaign.updated
// with the new counts, without a reload.
func TestCampaignProgressFollowsDeliveryReadAndReplyWebhooks(t *testing.T) {
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
	const customer = "+14017122661" // the sender of twilio_inbound_sms.form.txt
	manager := dialAs(t, f, f.http.URL, "campaign_manager@a.test")
	res := f.do("POST", "/api/campaigns", f.tokens[cmgr], mustJSON(map[string]any{
		"name": "Progress", "channel_id": ch, "sender_id": senderID,
		"recipients": map[string]any{"numbers": []string{customer}},
		"content":    map[string]any{"body": "Our sale starts today"},
		"mode":       "direct",
	}))
	if res.Status != http.StatusCreated {
		t.Fatalf("create campaign: %d %s", res.Status, res.Body)
	}
	var c struct {
		ID int64 `json:"id"`
	}
	res.json(t, &c)
	waitFor(t, manager, "campaign.updated", `"status":"completed"`)
	var providerID string
	if err := f.srv.DB.Bun.NewRaw("SELECT provider_message_id FROM campaign_recipients WHERE campaign_id = ?", c.ID).
		Scan(ctx, &providerID); err != nil {
		t.Fatal(err)
	}

	status := func(s string) {
		t.Helper()
		form := url.Values{"MessageSid": {providerID}, "SmsSid": {providerID}, "MessageStatus": {s}, "SmsStatus": {s},
			"To": {customer}, "From": {twilioSender}, "AccountSid": {twilioSID}, "ApiVersion": {"2010-04-01"}}
		if r := f.postTwilio(ch, form.Encode(), ""); r.Status != 200 {
			t.Fatalf("%s callback: %d %s", s, r.Status, r.Body)
		}
		f.processAll()
	}
	for _, step := range []struct {
		name string
		send func()
		want string
	}{
		{"delivered", func() { status("delivered") }, `"sent":1,"delivered":1,"read":0`},
		{"read", func() { status("read") }, `"delivered":1,"read":1`},
		{"replied", func() {
			f.postTwilio(ch, string(twilioFixture(t, "twilio_inbound_sms.form.txt")), "")
			f.processAll()
		}, `"replied":1`},
	} {
		start := time.Now()
		step.send()
		ev := waitFor(t, manager, "campaign.updated", step.want)
		if !strings.Contains(string(ev.Data), `"status":"completed"`) {
			t.Fatalf("%s: campaign.updated without the campaign: %s", step.name, ev.Data)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("%s: campaign.updated took %s", step.name, d)
		}
	}
}
