package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

type contactJSON struct {
	ID                 int64          `json:"id"`
	Name               string         `json:"name"`
	DisplayName        string         `json:"display_name"`
	SMSNumber          *string        `json:"sms_number"`
	WhatsAppNumber     *string        `json:"whatsapp_number"`
	SMSFormatted       *string        `json:"sms_number_formatted"`
	Status             string         `json:"status"`
	Blocked            bool           `json:"blocked"`
	Attributes         map[string]any `json:"attributes"`
	FirstContactAt     time.Time      `json:"first_contact_at"`
	LastChatAt         *time.Time     `json:"last_chat_at"`
	ConversationCount  *int           `json:"conversation_count"`
	LastConversationID *int64         `json:"last_conversation_id"`
	Conversations      []struct {
		ID int64 `json:"id"`
	} `json:"conversations"`
}

func (f *fixture) setDefaultCountry(cc string) {
	f.t.Helper()
	if res := f.do("PATCH", "/api/account/settings", f.tokens[admin], mustJSON(map[string]string{"default_country": cc})); res.Status != http.StatusOK {
		f.t.Fatalf("settings: %d %s", res.Status, res.Body)
	}
}

func (f *fixture) createContact(token, body string) contactJSON {
	f.t.Helper()
	res := f.do("POST", "/api/contacts", token, body)
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create contact: %d %s", res.Status, res.Body)
	}
	var c contactJSON
	res.json(f.t, &c)
	return c
}

func (f *fixture) getContact(token string, id int64) (contactJSON, response) {
	f.t.Helper()
	res := f.do("GET", fmt.Sprintf("/api/contacts/%d", id), token, "")
	var c contactJSON
	if res.Status == http.StatusOK {
		res.json(f.t, &c)
	}
	return c, res
}

// smsForm is an inbound Twilio SMS from number.
func smsForm(sid, from, body string) string {
	return url.Values{"MessageSid": {sid}, "SmsSid": {sid}, "AccountSid": {twilioSID}, "From": {from},
		"To": {twilioSender}, "Body": {body}, "NumMedia": {"0"}}.Encode()
}

func TestContactsAPIValidatesNormalisesAndNamesConflicts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if res := f.do("PATCH", "/api/account/settings", f.tokens[admin], `{"default_country":"XX"}`); res.Status != http.StatusUnprocessableEntity ||
		res.fields(t)["default_country"] == "" {
		t.Fatalf("bad country: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", "/api/account/settings", f.tokens[agent], `{"default_country":"AT"}`); res.Status != http.StatusForbidden {
		t.Fatalf("agent changes settings: %d", res.Status)
	}
	f.setDefaultCountry("at")
	if res := f.do("GET", "/api/account/settings", f.tokens[agent], ""); res.Status != http.StatusOK || string(res.Body) != "{\"default_country\":\"AT\"}\n" {
		t.Fatalf("settings read: %d %s", res.Status, res.Body)
	}
	res := f.do("POST", "/api/contact-attributes", f.tokens[admin], `{"key":"city","label":"Stadt","type":"text"}`)
	if res.Status != http.StatusCreated {
		t.Fatalf("attribute: %d %s", res.Status, res.Body)
	}
	if res := f.do("POST", "/api/contact-attributes", f.tokens[agent], `{"key":"x","label":"X","type":"text"}`); res.Status != http.StatusForbidden {
		t.Fatalf("agent defines attributes: %d", res.Status)
	}
	c := f.createContact(f.tokens[agent], `{"first_name":"Jürgen","last_name":"Müller","sms_number":"0664 1234567","attributes":{"city":"Wien"}}`)
	if *c.SMSNumber != "+436641234567" || *c.SMSFormatted != "+43 664 1234567" || c.DisplayName != "Jürgen Müller" || c.Attributes["city"] != "Wien" {
		t.Fatalf("created %+v", c)
	}
	res = f.do("POST", "/api/contacts", f.tokens[agent], `{"name":"Dup","sms_number":"+43 664 1234567"}`)
	var env struct {
		Error struct {
			Code    string            `json:"code"`
			Fields  map[string]string `json:"fields"`
			Details map[string]any    `json:"details"`
		} `json:"error"`
	}
	res.json(t, &env)
	if res.Status != http.StatusConflict || env.Error.Fields["sms_number"] == "" || env.Error.Details["contact_id"] != float64(c.ID) {
		t.Fatalf("conflict: %d %s", res.Status, res.Body)
	}
	res = f.do("POST", "/api/contacts", f.tokens[agent], `{"name":"Bad","sms_number":"nope","attributes":{"unknown":"x"}}`)
	if res.Status != http.StatusUnprocessableEntity || res.fields(t)["sms_number"] == "" || res.fields(t)["attributes.unknown"] == "" {
		t.Fatalf("invalid: %d %s", res.Status, res.Body)
	}
	res = f.do("PATCH", fmt.Sprintf("/api/contacts/%d", c.ID), f.tokens[agent], `{"status":"inactive","attributes":{"city":null}}`)
	var u contactJSON
	res.json(t, &u)
	if res.Status != http.StatusOK || u.Status != "inactive" || len(u.Attributes) != 0 || u.SMSNumber == nil {
		t.Fatalf("patch: %d %s", res.Status, res.Body)
	}
	res = f.do("GET", "/api/contacts?q=0664+123&sort=-created_at&limit=10", f.tokens[cmgr], "")
	var page struct {
		Items      []contactJSON `json:"items"`
		NextCursor *string       `json:"next_cursor"`
	}
	res.json(t, &page)
	if res.Status != http.StatusOK || len(page.Items) != 1 || page.Items[0].ID != c.ID || page.NextCursor != nil {
		t.Fatalf("search: %d %s", res.Status, res.Body)
	}
	if res := f.do("GET", "/api/contacts?sort=phone", f.tokens[agent], ""); res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad sort: %d", res.Status)
	}
	// Preferences are per user and hold any JSON.
	b := f.newBrowser()
	if res := b.login(agent+"@a.test", testPassword); res.Status != http.StatusOK {
		t.Fatalf("login: %d %s", res.Status, res.Body)
	}
	path := "/api/me/preferences/contacts.columns"
	if res := b.do("GET", path, "", false); res.Status != http.StatusOK || strings.TrimSpace(string(res.Body)) != "null" {
		t.Fatalf("no preference yet: %d %q", res.Status, res.Body)
	}
	cols := `{"order":["name","sms_number","attr.city"],"hidden":["status"]}`
	if res := b.do("PUT", path, cols, true); res.Status != http.StatusOK {
		t.Fatalf("put preference: %d %s", res.Status, res.Body)
	}
	if res := b.do("GET", path, "", false); res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"attr.city"`) {
		t.Fatalf("read back: %d %s", res.Status, res.Body)
	}
	if res := b.do("PUT", path, `{"x":"`+strings.Repeat("a", 17000)+`"}`, true); res.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized preference: %d", res.Status)
	}
	// Another user does not see it.
	other := f.newBrowser()
	other.login(super+"@a.test", testPassword)
	if res := other.do("GET", path, "", false); strings.TrimSpace(string(res.Body)) != "null" {
		t.Fatalf("preference leaked to another user: %s", res.Body)
	}
}

func TestContactsOfAnotherAccountAreNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.createContact(f.tokens[admin], `{"name":"A's","sms_number":"+436641234567"}`)
	path := fmt.Sprintf("/api/contacts/%d", c.ID)
	for _, req := range []struct{ method, body string }{{"GET", ""}, {"PATCH", `{"name":"x"}`}, {"DELETE", ""}} {
		if res := f.do(req.method, path, f.tokenB, req.body); res.Status != http.StatusNotFound {
			t.Errorf("%s as account B: %d %s", req.method, res.Status, res.Body)
		}
	}
	res := f.do("GET", "/api/contacts", f.tokenB, "")
	if res.Status != http.StatusOK || string(res.Body) != "{\"items\":[],\"next_cursor\":null}\n" {
		t.Fatalf("B's list: %s", res.Body)
	}
	res = f.do("POST", "/api/contacts/bulk", f.tokenB, mustJSON(map[string]any{"action": "block", "ids": []int64{c.ID}}))
	if res.Status != http.StatusOK || string(res.Body) != "{\"affected\":0}\n" {
		t.Fatalf("B's bulk: %d %s", res.Status, res.Body)
	}
	// The same number is free in another account.
	if res := f.do("POST", "/api/contacts", f.tokenB, `{"sms_number":"+436641234567"}`); res.Status != http.StatusCreated {
		t.Fatalf("B's own contact: %d %s", res.Status, res.Body)
	}
}

func TestAgentsEditContactsButNeitherDeleteNorBulkDelete(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.createContact(f.tokens[agent], `{"name":"X","sms_number":"+436641234567"}`)
	if res := f.do("DELETE", fmt.Sprintf("/api/contacts/%d", c.ID), f.tokens[agent], ""); res.Status != http.StatusForbidden {
		t.Fatalf("agent delete: %d", res.Status)
	}
	bulk := mustJSON(map[string]any{"action": "delete", "ids": []int64{c.ID}})
	if res := f.do("POST", "/api/contacts/bulk", f.tokens[agent], bulk); res.Status != http.StatusForbidden {
		t.Fatalf("agent bulk delete: %d %s", res.Status, res.Body)
	}
	if res := f.do("POST", "/api/contacts/bulk", f.tokens[agent], mustJSON(map[string]any{"action": "deactivate", "filter": map[string]any{"q": "x"}})); res.Status != http.StatusOK {
		t.Fatalf("agent bulk deactivate: %d %s", res.Status, res.Body)
	}
	if res := f.do("POST", "/api/contacts/bulk", f.tokens[cmgr], bulk); res.Status != http.StatusOK || string(res.Body) != "{\"affected\":1}\n" {
		t.Fatalf("campaign manager bulk delete: %d %s", res.Status, res.Body)
	}
}

func TestDeletingAContactTakesItsConversations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel(newGraph(t).srv.URL)
	conv, contact := f.contactConversation(ch, "436641234567", "Jürgen")
	c, res := f.getContact(f.tokens[agent], contact)
	if res.Status != http.StatusOK || *c.ConversationCount != 1 || len(c.Conversations) != 1 || *c.LastConversationID != conv ||
		c.LastChatAt == nil || c.Name != "Jürgen" {
		t.Fatalf("detail: %d %s", res.Status, res.Body)
	}
	if res := f.do("DELETE", fmt.Sprintf("/api/contacts/%d", contact), f.tokens[super], ""); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	if n := f.count("conversations", "id = ?", conv); n != 0 {
		t.Fatalf("conversation kept")
	}
	if n := f.count("messages", "conversation_id = ?", conv); n != 0 {
		t.Fatalf("messages kept")
	}
}

func TestAMessageFromTheOtherNumberFieldEnrichesTheContact(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	wa := f.createWhatsAppChannel(newGraph(t).srv.URL)
	sms := f.createSMSChannel(newTwilioStandIn(t).srv.URL)
	known := f.createContact(f.tokens[agent], `{"name":"Known by SMS","sms_number":"+436641234567"}`)
	f.postWebhook(wa, textPayload("wamid.enrich.1", "436641234567", "Profile name", "Hallo", time.Now().Unix()), "")
	f.processAll()
	c, _ := f.getContact(f.tokens[agent], known.ID)
	if c.WhatsAppNumber == nil || *c.WhatsAppNumber != "+436641234567" || c.Name != "Known by SMS" || c.LastChatAt == nil {
		t.Fatalf("WhatsApp from the SMS number: %+v", c)
	}
	knownWA := f.createContact(f.tokens[agent], `{"name":"Known by WhatsApp","whatsapp_number":"+4915112345678"}`)
	if res := f.postTwilio(sms, smsForm("SMenrich1", "+4915112345678", "Hi"), ""); res.Status != http.StatusOK {
		t.Fatalf("twilio: %d %s", res.Status, res.Body)
	}
	f.processAll()
	c, _ = f.getContact(f.tokens[agent], knownWA.ID)
	if c.SMSNumber == nil || *c.SMSNumber != "+4915112345678" || *c.ConversationCount != 1 {
		t.Fatalf("SMS from the WhatsApp number: %+v", c)
	}
	if n := f.count("contacts", "account_id = ?", f.acctA.ID); n != 2 {
		t.Fatalf("%d contacts, want 2", n)
	}
}

func TestABurstOnBothChannelsFromANewNumberMakesOneContact(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	wa := f.createWhatsAppChannel(newGraph(t).srv.URL)
	sms := f.createSMSChannel(newTwilioStandIn(t).srv.URL)
	var wg sync.WaitGroup
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				f.postWebhook(wa, textPayload(fmt.Sprintf("wamid.burst.%d", i), "436647777777", "Burst", "x", time.Now().Unix()), "")
			} else {
				f.postTwilio(sms, smsForm(fmt.Sprintf("SMburst%d", i), "+436647777777", "x"), "")
			}
		}(i)
	}
	wg.Wait()
	// Several processors at once, as the server runs them.
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				worked, err := f.srv.Inbox.ProcessNext(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if !worked {
					return
				}
			}
		}()
	}
	wg.Wait()
	f.processAll() // anything retried after a lost race
	if n := f.count("contacts", "sms_number = '+436647777777' OR whatsapp_number = '+436647777777'"); n != 1 {
		t.Fatalf("%d contacts for one number", n)
	}
	if n := f.count("messages", "direction = 'in'"); n != 24 {
		t.Fatalf("%d messages stored, want 24", n)
	}
}

func TestABlockedContactsMessagesAreKeptButOpenNothingAndSendsAreRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	wa := f.createWhatsAppChannel(newGraph(t).srv.URL)
	conv := f.openConversation(wa, "436641234567")
	var contact int64
	if err := f.srv.DB.Bun.NewRaw("SELECT contact_id FROM conversations WHERE id = ?", conv).Scan(context.Background(), &contact); err != nil {
		t.Fatal(err)
	}
	if res := f.do("PATCH", fmt.Sprintf("/api/contacts/%d", contact), f.tokens[agent], `{"blocked":true}`); res.Status != http.StatusOK {
		t.Fatalf("block: %d %s", res.Status, res.Body)
	}
	res := f.do("POST", fmt.Sprintf("/api/conversations/%d/messages", conv), f.tokens[agent], mustJSON(map[string]any{"kind": "text", "body": "Hi"}))
	if res.Status != http.StatusUnprocessableEntity || res.errorCode(t) != "contact_blocked" {
		t.Fatalf("send to blocked: %d %s", res.Status, res.Body)
	}
	// Resolve the open conversation: a new message must not open another.
	if res := f.do("PATCH", fmt.Sprintf("/api/conversations/%d", conv), f.tokens[agent], `{"status":"resolved"}`); res.Status != http.StatusOK {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	var before int
	if err := f.srv.DB.Bun.NewRaw("SELECT count(*) FROM events WHERE account_id = ?", f.acctA.ID).Scan(context.Background(), &before); err != nil {
		t.Fatal(err)
	}
	f.postWebhook(wa, textPayload("wamid.blocked.1", "436641234567", "Customer", "Are you there?", time.Now().Unix()), "")
	f.processAll()
	if n := f.count("messages m JOIN conversations c ON c.id = m.conversation_id", "c.contact_id = ? AND m.body = 'Are you there?'", contact); n != 1 {
		t.Fatalf("blocked contact's message stored %d times", n)
	}
	if n := f.count("conversations", "contact_id = ? AND status <> 'resolved'", contact); n != 0 {
		t.Fatalf("%d conversations opened for a blocked contact", n)
	}
	if n := f.count("events", "account_id = ?", f.acctA.ID); n != before {
		t.Fatalf("%d events published for a blocked contact's message", n-before)
	}
	c, _ := f.getContact(f.tokens[agent], contact)
	if !c.Blocked || c.LastChatAt == nil {
		t.Fatalf("contact %+v", c)
	}
}

func TestStartingAConversationWithAKnownSMSNumberExtendsThatContact(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tg := newTemplateGraph(t)
	ch := f.createWhatsAppChannel(tg.srv.URL)
	f.syncTemplates(ch, f.tokens[admin])
	known := f.createContact(f.tokens[agent], `{"name":"Erika","sms_number":"+4915112345678"}`)
	start := map[string]any{
		"number": "+49 151 1234 5678", "name": "Someone else", "channel_id": ch,
		"template_id": f.templateID(ch, "coupon_expiration_reminder_number_vars"),
		"parameters":  map[string]any{"header": map[string]string{"type": "text", "text": "Erika"}, "body": []string{"SPRING", "3"}},
	}
	f.setConsent(f.tokens[admin], "+4915112345678", "whatsapp", "granted")
	if res := f.do("POST", "/api/conversations", f.tokens[agent], mustJSON(start)); res.Status != http.StatusCreated {
		t.Fatalf("start: %d %s", res.Status, res.Body)
	}
	c, _ := f.getContact(f.tokens[agent], known.ID)
	if c.WhatsAppNumber == nil || *c.WhatsAppNumber != "+4915112345678" || c.Name != "Erika" || c.LastChatAt == nil {
		t.Fatalf("contact %+v", c)
	}
	if n := f.count("contacts", "account_id = ?", f.acctA.ID); n != 1 {
		t.Fatalf("%d contacts", n)
	}
	f.do("PATCH", fmt.Sprintf("/api/contacts/%d", known.ID), f.tokens[agent], `{"blocked":true}`)
	res := f.do("POST", "/api/conversations", f.tokens[agent], mustJSON(start))
	if res.Status != http.StatusUnprocessableEntity || res.errorCode(t) != "contact_blocked" {
		t.Fatalf("start with a blocked contact: %d %s", res.Status, res.Body)
	}
}
