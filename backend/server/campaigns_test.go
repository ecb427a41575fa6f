package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// campaignSetup is account A with an SMS channel (one sender), a sandbox
// WhatsApp channel and three contacts, one of whom opted out of SMS.
type campaignSetup struct {
	*fixture
	sms, smsSender, wa, waSender int64
	anna                         int64
}

func newCampaignSetup(t *testing.T) *campaignSetup {
	t.Helper()
	f := newFixture(t)
	s := &campaignSetup{fixture: f, sms: f.createSMSChannel("http://127.0.0.1:1")}
	s.smsSender = s.scalar(`SELECT id FROM channel_senders WHERE channel_id = ?`, s.sms)
	s.wa = s.scalar(`INSERT INTO channels (account_id, kind, name) VALUES (?, 'sandbox', 'Sandbox') RETURNING id`, f.acctA.ID)
	s.waSender = s.scalar(`INSERT INTO channel_senders (account_id, channel_id, phone_number) VALUES (?, ?, '+4319990003') RETURNING id`, f.acctA.ID, s.wa)
	cm := f.tokens["campaign_manager"]
	s.anna = f.newContactID(cm, map[string]any{"name": "Anna Gruber", "sms_number": "+436645550001"})
	f.newContactID(cm, map[string]any{"name": "Bert Huber", "sms_number": "+436645550002"})
	f.newContactID(cm, map[string]any{"name": "Cleo", "whatsapp_number": "+436645550003"})
	f.setConsent(cm, "+436645550002", "sms", "revoked")
	return s
}

func (s *campaignSetup) scalar(query string, args ...any) int64 {
	s.t.Helper()
	var id int64
	if err := s.srv.DB.Bun.NewRaw(query, args...).Scan(context.Background(), &id); err != nil {
		s.t.Fatalf("%s: %v", query, err)
	}
	return id
}

func (s *campaignSetup) smsBody(extra string) string {
	return fmt.Sprintf(`{"name":"Sale","channel_id":%d,"sender_id":%d,"mode":"direct",
		"recipients":{"contacts":{},"numbers":["+436645550001"]},"content":{"body":"Hi {{first_name}}"}%s}`, s.sms, s.smsSender, extra)
}

type campaignJSON struct {
	ID         int64  `json:"id"`
	Status     string `json:"status"`
	StopReason string `json:"stop_reason"`
	Counts     struct {
		Total, Queued, Sent, Excluded int
	} `json:"counts"`
}

func TestCampaignAPIPreviewsCreatesAndReportsResults(t *testing.T) {
	t.Parallel()
	s := newCampaignSetup(t)
	cm := s.tokens["campaign_manager"]

	res := s.do("POST", "/api/campaigns/preview", cm, s.smsBody(""))
	var p struct {
		Total       int            `json:"total"`
		Excluded    map[string]int `json:"excluded"`
		WillReceive int            `json:"will_receive"`
	}
	res.json(t, &p)
	// Typed Anna, the phone book's Anna (duplicate), Bert (opted out), Cleo (no SMS number).
	if res.Status != http.StatusOK || p.Total != 4 || p.WillReceive != 1 || p.Excluded["duplicate"] != 1 ||
		p.Excluded["opted_out"] != 1 || p.Excluded["no_number"] != 1 {
		t.Fatalf("preview: %d %s", res.Status, res.Body)
	}

	res = s.do("POST", "/api/campaigns", cm, s.smsBody(""))
	var c campaignJSON
	res.json(t, &c)
	if res.Status != http.StatusCreated || c.Status != "running" || c.Counts.Total != 4 || c.Counts.Queued != 1 || c.Counts.Excluded != 3 {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	path := fmt.Sprintf("/api/campaigns/%d", c.ID)

	// A running campaign cannot be changed or deleted.
	if res := s.do("PATCH", path, cm, `{"name":"Other"}`); res.Status != http.StatusConflict || res.errorCode(t) != "not_editable" {
		t.Fatalf("PATCH running: %d %s", res.Status, res.Body)
	}
	if res := s.do("DELETE", path, cm, ""); res.Status != http.StatusConflict {
		t.Fatalf("DELETE running: %d %s", res.Status, res.Body)
	}

	// Results: the excluded with their reasons, and the export.
	res = s.do("GET", path+"/recipients?status=excluded", cm, "")
	var list struct {
		Items []struct {
			Number, Status, Reason, ContactName string
		} `json:"items"`
	}
	res.json(t, &list)
	if res.Status != http.StatusOK || len(list.Items) != 2 {
		t.Fatalf("excluded recipients: %d %s", res.Status, res.Body)
	}
	if res := s.do("GET", path+"/recipients?status=nonsense", cm, ""); res.Status != http.StatusBadRequest {
		t.Fatalf("bad status filter: %d", res.Status)
	}
	s.scalar(`UPDATE campaign_recipients SET status = 'sent', sent_at = now() WHERE campaign_id = ? AND status = 'queued' RETURNING id`, c.ID)
	res = s.do("GET", path+"/recipients/export?format=csv", s.tokens["supervisor"], "")
	body := string(res.Body)
	if res.Status != http.StatusOK || !strings.Contains(body, "number,contact_name,status") ||
		!strings.Contains(body, "+436645550001,Anna Gruber,sent") || !strings.Contains(body, "opted_out") {
		t.Fatalf("export: %d %s", res.Status, body)
	}
	if res := s.do("GET", path+"/recipients/export?format=xlsx", cm, ""); res.Status != http.StatusOK || !strings.HasPrefix(string(res.Body), "PK") {
		t.Fatalf("xlsx export: %d", res.Status)
	}

	// The contact's history shows the send.
	res = s.do("GET", fmt.Sprintf("/api/contacts/%d/campaign-messages", s.anna), s.tokens["supervisor"], "")
	var hist struct {
		Items []struct {
			CampaignName string `json:"campaign_name"`
			Status       string `json:"status"`
			Body         string `json:"body"`
		} `json:"items"`
	}
	res.json(t, &hist)
	if res.Status != http.StatusOK || len(hist.Items) != 1 || hist.Items[0].Status != "sent" || hist.Items[0].Body != "Hi {{first_name}}" {
		t.Fatalf("contact history: %d %s", res.Status, res.Body)
	}

	// Stop by the user, duplicate into a draft, delete the draft.
	res = s.do("POST", path+"/stop", cm, "")
	res.json(t, &c)
	if res.Status != http.StatusOK || c.Status != "stopped" || c.StopReason != "user" {
		t.Fatalf("stop: %d %s", res.Status, res.Body)
	}
	res = s.do("POST", path+"/duplicate", cm, "")
	var dup campaignJSON
	res.json(t, &dup)
	if res.Status != http.StatusCreated || dup.Status != "draft" || dup.Counts.Queued != 1 {
		t.Fatalf("duplicate: %d %s", res.Status, res.Body)
	}
	if res := s.do("DELETE", fmt.Sprintf("/api/campaigns/%d", dup.ID), cm, ""); res.Status != http.StatusNoContent {
		t.Fatalf("delete draft: %d %s", res.Status, res.Body)
	}

	// The list shows the campaign with its counts.
	res = s.do("GET", "/api/campaigns?status=stopped", s.tokens["supervisor"], "")
	var page struct {
		Items []campaignJSON `json:"items"`
	}
	res.json(t, &page)
	if res.Status != http.StatusOK || len(page.Items) != 1 || page.Items[0].Counts.Sent != 1 {
		t.Fatalf("list: %d %s", res.Status, res.Body)
	}
}

func TestCampaignIsScheduledInItsTimeZoneAndEditableUntilThen(t *testing.T) {
	t.Parallel()
	s := newCampaignSetup(t)
	cm := s.tokens["campaign_manager"]
	res := s.do("POST", "/api/campaigns", cm, s.smsBody(`,"send_at":"2031-01-15T09:30","time_zone":"Asia/Tokyo"`))
	var c struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
		SendAt string `json:"send_at"`
	}
	res.json(t, &c)
	if res.Status != http.StatusCreated || c.Status != "scheduled" || !strings.HasPrefix(c.SendAt, "2031-01-15T00:30:00") {
		t.Fatalf("scheduled: %d %s", res.Status, res.Body)
	}
	path := fmt.Sprintf("/api/campaigns/%d", c.ID)
	res = s.do("PATCH", path, cm, `{"send_at":"2031-01-15T10:00:00+01:00"}`)
	res.json(t, &c)
	if res.Status != http.StatusOK || !strings.HasPrefix(c.SendAt, "2031-01-15T09:00:00") {
		t.Fatalf("PATCH send_at: %d %s", res.Status, res.Body)
	}
	// Due: the scheduler moves it on.
	s.scalar(`UPDATE campaigns SET send_at = now() - interval '1 second' WHERE id = ? RETURNING id`, c.ID)
	if n, err := s.srv.Campaigns.StartDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("start due: %d %v", n, err)
	}
	res = s.do("GET", path, cm, "")
	res.json(t, &c)
	if c.Status != "running" {
		t.Fatalf("due campaign = %s", c.Status)
	}
}

func TestCampaignValidationNamesTheField(t *testing.T) {
	t.Parallel()
	s := newCampaignSetup(t)
	cm := s.tokens["campaign_manager"]
	long := strings.Repeat("x", 1601)
	for _, tc := range []struct {
		name, body, field string
	}{
		{"no recipients", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","content":{"body":"hi"}}`, s.sms, s.smsSender), "recipients"},
		{"typed number", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["12"]},"content":{"body":"hi"}}`, s.sms, s.smsSender), "recipients.numbers.0"},
		{"long body", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550001"]},"content":{"body":"%s"}}`, s.sms, s.smsSender, long), "content.body"},
		{"no body", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550001"]},"content":{}}`, s.sms, s.smsSender), "content.body"},
		{"unknown placeholder", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550001"]},"content":{"body":"{{nope}}"}}`, s.sms, s.smsSender), "content.body"},
		{"no template", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550003"]},"content":{}}`, s.wa, s.waSender), "content.template_id"},
		{"sender of another channel", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550001"]},"content":{"body":"hi"}}`, s.sms, s.waSender), "sender_id"},
		{"send_at", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550001"]},"content":{"body":"hi"},"send_at":"tomorrow"}`, s.sms, s.smsSender), "send_at"},
		{"send_at in the past", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550001"]},"content":{"body":"hi"},"send_at":"2020-01-01T00:00:00Z"}`, s.sms, s.smsSender), "send_at"},
		{"time zone", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550001"]},"content":{"body":"hi"},"time_zone":"Mars/Olympus"}`, s.sms, s.smsSender), "time_zone"},
		{"mode", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"loud","recipients":{"numbers":["+436645550001"]},"content":{"body":"hi"}}`, s.sms, s.smsSender), "mode"},
		{"name", fmt.Sprintf(`{"name":" ","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"numbers":["+436645550001"]},"content":{"body":"hi"}}`, s.sms, s.smsSender), "name"},
		{"group of nobody", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"direct","recipients":{"group_ids":[987654]},"content":{"body":"hi"}}`, s.sms, s.smsSender), "recipients.group_ids.0"},
		{"queue", fmt.Sprintf(`{"name":"x","channel_id":%d,"sender_id":%d,"mode":"session","route":{"queue_id":987654},"recipients":{"numbers":["+436645550001"]},"content":{"body":"hi"}}`, s.sms, s.smsSender), "route.queue_id"},
	} {
		res := s.do("POST", "/api/campaigns", cm, tc.body)
		var env struct {
			Error struct {
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		res.json(t, &env)
		if res.Status != http.StatusUnprocessableEntity || env.Error.Fields[tc.field] == "" {
			t.Errorf("%s: %d %s, want 422 naming %s", tc.name, res.Status, res.Body, tc.field)
		}
	}
}

func TestCampaignsAreTheAccountsOwnAndFollowTheRoles(t *testing.T) {
	t.Parallel()
	s := newCampaignSetup(t)
	res := s.do("POST", "/api/campaigns", s.tokens["admin"], s.smsBody(`,"draft":true`))
	var c campaignJSON
	res.json(t, &c)
	if res.Status != http.StatusCreated || c.Status != "draft" {
		t.Fatalf("create draft: %d %s", res.Status, res.Body)
	}
	path := fmt.Sprintf("/api/campaigns/%d", c.ID)
	for _, req := range []struct{ method, path, body string }{
		{"GET", path, ""}, {"PATCH", path, `{"name":"mine"}`}, {"DELETE", path, ""},
		{"GET", path + "/recipients", ""}, {"POST", path + "/duplicate", ""}, {"POST", path + "/stop", ""},
		{"GET", fmt.Sprintf("/api/contacts/%d/campaign-messages", s.anna), ""},
	} {
		if res := s.do(req.method, req.path, s.tokenB, req.body); res.Status != http.StatusNotFound {
			t.Errorf("account B %s %s: %d, want 404", req.method, req.path, res.Status)
		}
	}
	var page struct {
		Items []campaignJSON `json:"items"`
	}
	s.do("GET", "/api/campaigns", s.tokenB, "").json(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("account B lists %d campaigns", len(page.Items))
	}
	// The supervisor reads, but does not change; the agent sees nothing.
	if res := s.do("GET", path, s.tokens["supervisor"], ""); res.Status != http.StatusOK {
		t.Fatalf("supervisor read: %d", res.Status)
	}
	if res := s.do("PATCH", path, s.tokens["supervisor"], `{"name":"x"}`); res.Status != http.StatusForbidden {
		t.Fatalf("supervisor PATCH: %d", res.Status)
	}
	if res := s.do("GET", "/api/campaigns", s.tokens["agent"], ""); res.Status != http.StatusForbidden {
		t.Fatalf("agent list: %d", res.Status)
	}
}
