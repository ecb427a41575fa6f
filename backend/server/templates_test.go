package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"switchboard/backend/inbox"
	"switchboard/backend/server"
)

const wabaID = "102290129340398"

// templateGraph is the local Graph stand-in plus the template listing of
// the business account, served in the documented paged format.
type templateGraph struct {
	*graph
	srv *httptest.Server
	mu  sync.Mutex
	// pages are the listing's pages; each but the last links to the next.
	pages    [][]byte
	failWith *graphResponse
	listings int
}

func newTemplateGraph(t *testing.T) *templateGraph {
	tg := &templateGraph{graph: newGraph(t)}
	tg.srv = httptest.NewServer(http.HandlerFunc(tg.serve))
	t.Cleanup(tg.srv.Close)
	tg.setPages(fixtureFile(t, "wa_message_templates_list_response.json"), fixtureFile(t, "wa_message_templates_list_page2.json"))
	return tg
}

func (tg *templateGraph) setPages(pages ...[]byte) {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	tg.pages = pages
}

func (tg *templateGraph) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/"+wabaID+"/message_templates" {
		tg.graph.serve(w, r)
		return
	}
	if r.Header.Get("Authorization") != "Bearer EAAG-token" {
		w.WriteHeader(401)
		return
	}
	tg.mu.Lock()
	defer tg.mu.Unlock()
	tg.listings++
	if tg.failWith != nil {
		w.WriteHeader(tg.failWith.status)
		fmt.Fprint(w, tg.failWith.body)
		return
	}
	// Page n>0 is asked for with ?after=page<n>; page 1's documented next
	// link (graph.facebook.com) is pointed back at this server.
	n := 0
	if after := r.URL.Query().Get("after"); strings.HasPrefix(after, "page") {
		fmt.Sscanf(after, "page%d", &n)
	}
	if n >= len(tg.pages) {
		w.WriteHeader(400)
		return
	}
	var page map[string]any
	if err := json.Unmarshal(tg.pages[n], &page); err != nil {
		tg.t.Fatal(err)
	}
	paging, _ := page["paging"].(map[string]any)
	if n+1 < len(tg.pages) {
		if paging == nil {
			paging = map[string]any{}
		}
		paging["next"] = fmt.Sprintf("%s/%s/message_templates?after=page%d", tg.srv.URL, wabaID, n+1)
		page["paging"] = paging
	} else if paging != nil {
		delete(paging, "next")
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(page)
}

type templateItem struct {
	ID              int64  `json:"id"`
	ChannelID       int64  `json:"channel_id"`
	Name            string `json:"name"`
	Language        string `json:"language"`
	Category        string `json:"category"`
	Status          string `json:"status"`
	ParameterFormat string `json:"parameter_format"`
	Components      []struct {
		Type string `json:"type"`
	} `json:"components"`
	Variables []struct {
		Field    string `json:"field"`
		Type     string `json:"type"`
		Required bool   `json:"required"`
		Example  string `json:"example"`
	} `json:"variables"`
}

type syncResult struct {
	Total, Added, Updated, Removed int
}

func (f *fixture) syncTemplates(ch int64, token string) syncResult {
	f.t.Helper()
	res := f.do("POST", fmt.Sprintf("/api/channels/%d/templates/sync", ch), token, "")
	if res.Status != http.StatusOK {
		f.t.Fatalf("sync: %d %s", res.Status, res.Body)
	}
	var r syncResult
	res.json(f.t, &r)
	return r
}

func (f *fixture) templates(query string) []templateItem {
	f.t.Helper()
	res := f.do("GET", "/api/templates"+query, f.tokens["agent"], "")
	if res.Status != http.StatusOK {
		f.t.Fatalf("list templates: %d %s", res.Status, res.Body)
	}
	var list struct{ Items []templateItem }
	res.json(f.t, &list)
	return list.Items
}

func (f *fixture) templateID(ch int64, name string) int64 {
	f.t.Helper()
	for _, it := range f.templates(fmt.Sprintf("?channel_id=%d", ch)) {
		if it.Name == name {
			return it.ID
		}
	}
	f.t.Fatalf("no template %s on channel %d", name, ch)
	return 0
}

func names(items []templateItem) string {
	var out []string
	for _, it := range items {
		out = append(out, it.Name+"/"+it.Status)
	}
	return strings.Join(out, ",")
}

func TestTemplateSyncFollowsPagingAndHandlesRemovedTemplates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tg := newTemplateGraph(t)
	ch := f.createWhatsAppChannel(tg.srv.URL)
	if n := f.count("river_job", "kind = 'sync_templates' AND args->>'channel_id' = ?", fmt.Sprint(ch)); n != 1 {
		t.Fatalf("channel creation enqueued %d template syncs", n)
	}

	// Both documented pages are read and stored.
	if got := f.syncTemplates(ch, f.tokens[cmgr]); got != (syncResult{Total: 3, Added: 3}) {
		t.Fatalf("first sync: %+v", got)
	}
	items := f.templates(fmt.Sprintf("?channel_id=%d", ch))
	if got := names(items); got != "coupon_expiration_reminder_number_vars/APPROVED,order_update/APPROVED,reservation_confirmation/APPROVED" {
		t.Fatalf("templates: %s", got)
	}
	res := items[2]
	if res.Language != "en_US" || res.Category != "UTILITY" || res.ParameterFormat != "NAMED" || len(res.Components) != 4 ||
		len(res.Variables) != 6 || res.Variables[0].Field != "header" || res.Variables[0].Type != "image" ||
		res.Variables[1].Field != "body.number_of_guests" || res.Variables[1].Example != "4" {
		t.Fatalf("reservation_confirmation = %+v", res)
	}
	var before time.Time
	if err := f.srv.DB.Bun.NewRaw("SELECT max(updated_at) FROM whatsapp_templates").Scan(t.Context(), &before); err != nil {
		t.Fatal(err)
	}

	// Syncing again changes nothing; the background job does the same.
	if got := f.syncTemplates(ch, f.tokens[admin]); got != (syncResult{Total: 3}) {
		t.Fatalf("second sync: %+v", got)
	}
	if err := f.srv.Templates.SyncJob(t.Context(), ch); err != nil {
		t.Fatal(err)
	}
	var after time.Time
	if err := f.srv.DB.Bun.NewRaw("SELECT max(updated_at) FROM whatsapp_templates").Scan(t.Context(), &after); err != nil {
		t.Fatal(err)
	}
	if n := f.count("whatsapp_templates", "channel_id = ?", ch); n != 3 || !after.Equal(before) {
		t.Fatalf("after re-sync: %d rows, updated_at %v → %v", n, before, after)
	}

	// The provider drops order_update and pauses the coupon template.
	page1 := bytes.Replace(fixtureFile(t, "wa_message_templates_list_response.json"), []byte(`"status": "APPROVED",
      "category": "MARKETING"`), []byte(`"status": "PAUSED",
      "category": "MARKETING"`), 1)
	tg.setPages(page1)
	if got := f.syncTemplates(ch, f.tokens[admin]); got != (syncResult{Total: 2, Updated: 1, Removed: 1}) {
		t.Fatalf("sync after removal: %+v", got)
	}
	if got := names(f.templates(fmt.Sprintf("?channel_id=%d", ch))); got != "coupon_expiration_reminder_number_vars/PAUSED,reservation_confirmation/APPROVED" {
		t.Fatalf("templates after removal: %s", got)
	}
	if got := names(f.templates("?status=deleted")); got != "order_update/DELETED" {
		t.Fatalf("deleted templates: %s", got)
	}
	if got := names(f.templates("?status=APPROVED")); got != "reservation_confirmation/APPROVED" {
		t.Fatalf("approved templates: %s", got)
	}

	// It comes back: the same row is revived.
	tg.setPages(fixtureFile(t, "wa_message_templates_list_response.json"), fixtureFile(t, "wa_message_templates_list_page2.json"))
	if got := f.syncTemplates(ch, f.tokens[admin]); got != (syncResult{Total: 3, Updated: 2}) {
		t.Fatalf("sync after return: %+v", got)
	}
	if n := f.count("whatsapp_templates", "channel_id = ? AND deleted_at IS NULL", ch); n != 3 {
		t.Fatalf("%d live templates", n)
	}

	// Another account sees nothing and cannot sync the channel.
	if res := f.do("POST", fmt.Sprintf("/api/channels/%d/templates/sync", ch), f.tokenB, ""); res.Status != 404 {
		t.Fatalf("other account's sync: %d", res.Status)
	}
	var other struct{ Items []templateItem }
	f.do("GET", "/api/templates", f.tokenB, "").json(t, &other)
	if len(other.Items) != 0 {
		t.Fatalf("account B sees %d templates", len(other.Items))
	}
}

func TestTemplateSyncReportsClearErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tg := newTemplateGraph(t)

	// A channel without a business account id cannot list templates.
	res := f.do("POST", "/api/channels", f.tokens[admin], mustJSON(map[string]any{
		"kind": "whatsapp_cloud", "name": "No WABA", "base_url": tg.srv.URL,
		"credentials": map[string]string{"access_token": "EAAG-token", "app_secret": waAppSecret, "verify_token": waVerifyToken},
		"senders":     []map[string]string{{"phone_number": "+15550000001", "provider_id": "111", "name": "x"}},
	}))
	var noWABA struct{ ID int64 }
	res.json(t, &noWABA)
	res = f.do("POST", fmt.Sprintf("/api/channels/%d/templates/sync", noWABA.ID), f.tokens[admin], "")
	if res.Status != 422 || res.errorCode(t) != "waba_id_missing" || !strings.Contains(string(res.Body), "credentials.waba_id") {
		t.Fatalf("sync without WABA id: %d %s", res.Status, res.Body)
	}

	ch := f.createWhatsAppChannel(tg.srv.URL)
	tg.failWith = &graphResponse{400, string(fixtureFile(t, "wa_error_response_190.json"))}
	res = f.do("POST", fmt.Sprintf("/api/channels/%d/templates/sync", ch), f.tokens[admin], "")
	if res.Status != 422 || res.errorCode(t) != "template_sync_failed" || !strings.Contains(string(res.Body), "190") {
		t.Fatalf("sync with an expired token: %d %s", res.Status, res.Body)
	}
	// A background sync does not retry what cannot succeed.
	if err := f.srv.Templates.SyncJob(t.Context(), ch); err != nil {
		t.Fatalf("permanent failure asked for a retry: %v", err)
	}
	tg.failWith = &graphResponse{503, "upstream trouble"}
	res = f.do("POST", fmt.Sprintf("/api/channels/%d/templates/sync", ch), f.tokens[admin], "")
	if res.Status != 503 || res.errorCode(t) != "provider_unavailable" || strings.Contains(string(res.Body), "upstream") {
		t.Fatalf("sync while the provider is down: %d %s", res.Status, res.Body)
	}
	if err := f.srv.Templates.SyncJob(t.Context(), ch); err == nil {
		t.Fatal("a transient failure was not retried")
	}
	// The last outcome is shown with the list.
	var list struct {
		Syncs []struct {
			ChannelID   int64      `json:"channel_id"`
			Error       string     `json:"error"`
			SucceededAt *time.Time `json:"succeeded_at"`
		}
	}
	f.do("GET", fmt.Sprintf("/api/templates?channel_id=%d", ch), f.tokens[agent], "").json(t, &list)
	if len(list.Syncs) != 1 || list.Syncs[0].Error == "" || list.Syncs[0].SucceededAt != nil {
		t.Fatalf("sync state: %+v", list.Syncs)
	}
	tg.failWith = nil
	f.syncTemplates(ch, f.tokens[admin])
	f.do("GET", fmt.Sprintf("/api/templates?channel_id=%d", ch), f.tokens[agent], "").json(t, &list)
	if list.Syncs[0].Error != "" || list.Syncs[0].SucceededAt == nil {
		t.Fatalf("sync state after success: %+v", list.Syncs)
	}
	if n := f.count("whatsapp_templates", "true"); n != 3 {
		t.Fatalf("failed syncs stored %d templates", n)
	}
}

// welcomeDiscount is a listing with the template of the documented named
// send (wa_send_template_request.json).
const welcomeDiscount = `{"data":[{"name":"welcome_discount_template","parameter_format":"NAMED","components":[
 {"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://scontent.whatsapp.net/v/t61..."]}},
 {"type":"BODY","text":"Hi {{first_name}}! Here is {{discount_code}} for {{discount_amount}} off your next order.",
  "example":{"body_text_named_params":[{"param_name":"first_name","example":"Jessica"},{"param_name":"discount_code","example":"WELCOME25"},{"param_name":"discount_amount","example":"25%"}]}}],
 "language":"en_US","status":"APPROVED","category":"MARKETING","id":"1500000000000001"},
 {"name":"spring_sale","parameter_format":"POSITIONAL","components":[{"type":"BODY","text":"Spring sale: {{1}} off"}],
 "language":"en_US","status":"PENDING","category":"MARKETING","id":"1500000000000002"}],
 "paging":{"cursors":{"before":"a","after":"b"}}}`

// closedConversation makes the contact write 25 hours ago, so the 24-hour
// window is closed, and returns the conversation id.
func (f *fixture) closedConversation(ch int64, from string) int64 {
	f.t.Helper()
	old := time.Now().Add(-25 * time.Hour).Unix()
	f.postWebhook(ch, textPayload("wamid.old."+from, from, "Jessica", "hi", old), "")
	f.processAll()
	var id int64
	err := f.srv.DB.Bun.NewRaw("SELECT cv.id FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id WHERE ct.whatsapp_number = ? AND cv.channel_id = ?", "+"+from, ch).Scan(context.Background(), &id)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) sendTemplate(conv int64, body string) response {
	f.t.Helper()
	return f.do("POST", fmt.Sprintf("/api/conversations/%d/templates", conv), f.tokens[agent], body)
}

// sameJSON compares two JSON documents as values.
func sameJSON(t *testing.T, got any, want []byte) {
	t.Helper()
	var w any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	g, _ := json.Marshal(got)
	var gv any
	_ = json.Unmarshal(g, &gv)
	if !reflect.DeepEqual(gv, w) {
		t.Fatalf("request body\n got %s\nwant %s", g, want)
	}
}

func TestTemplateSendsGoOutAsDocumentedAndOutsideTheWindow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tg := newTemplateGraph(t)
	ch := f.createWhatsAppChannel(tg.srv.URL)
	tg.setPages([]byte(welcomeDiscount))
	f.syncTemplates(ch, f.tokens[admin])
	conv := f.closedConversation(ch, "16505551234")

	// Free text is refused outside the window, a template is accepted.
	if res := f.do("POST", fmt.Sprintf("/api/conversations/%d/messages", conv), f.tokens[agent], `{"kind":"text","body":"hi"}`); res.Status != 422 || res.errorCode(t) != "window_closed" {
		t.Fatalf("free text outside the window: %d %s", res.Status, res.Body)
	}
	res := f.sendTemplate(conv, mustJSON(map[string]any{
		"template_id": f.templateID(ch, "welcome_discount_template"),
		"parameters": map[string]any{
			"header": map[string]string{"type": "image", "id": "1339522734477770"},
			"body":   map[string]string{"first_name": "Jessica", "discount_code": "WELCOME25", "discount_amount": "25%"},
		},
	}))
	if res.Status != http.StatusCreated {
		t.Fatalf("send template: %d %s", res.Status, res.Body)
	}
	var m inbox.Message
	res.json(t, &m)
	if m.Kind != "template" || m.Status != "queued" || m.Body != "Hi Jessica! Here is WELCOME25 for 25% off your next order." {
		t.Fatalf("template message = %+v", m)
	}
	f.deliver(m.ID, false)
	sent := tg.sent()
	if len(sent) != 1 {
		t.Fatalf("graph got %d sends", len(sent))
	}
	// The documented sample writes the number without "+", which Meta
	// accepts too; Switchboard sends E.164.
	want := bytes.Replace(fixtureFile(t, "wa_send_template_request.json"), []byte(`"to": "16505551234"`), []byte(`"to": "+16505551234"`), 1)
	sameJSON(t, sent[0], want)
	if got := f.message("id = ?", m.ID); got.Status != "sent" || got.ProviderMessageID == nil {
		t.Fatalf("after delivery: %+v", got)
	}

	// The documented positional send: document header, quick-reply payload.
	tg.setPages(fixtureFile(t, "wa_message_templates_list_page2.json"))
	f.syncTemplates(ch, f.tokens[admin])
	res = f.sendTemplate(conv, mustJSON(map[string]any{
		"template_id": f.templateID(ch, "order_update"),
		"parameters": map[string]any{
			"header":  map[string]string{"type": "document", "link": "https://www.example.com/invoices/INV-1001.pdf", "filename": "INV-1001.pdf"},
			"body":    []string{"Pablo", "INV-1001"},
			"buttons": []string{"TRACK_INV-1001"},
		},
	}))
	if res.Status != http.StatusCreated {
		t.Fatalf("send positional template: %d %s", res.Status, res.Body)
	}
	res.json(t, &m)
	f.deliver(m.ID, false)
	var positional map[string]any
	if err := json.Unmarshal(fixtureFile(t, "wa_send_template_positional_request.json"), &positional); err != nil {
		t.Fatal(err)
	}
	// Switchboard asks for no language policy ("deterministic" is the only
	// one and the default); the number is E.164.
	dropKey(positional, "policy")
	positional["to"] = "+16505551234"
	wantPositional, _ := json.Marshal(positional)
	sameJSON(t, tg.sent()[1], wantPositional)
}

func TestTemplateParameterMismatchesAreRefusedAndNothingIsSent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tg := newTemplateGraph(t)
	ch := f.createWhatsAppChannel(tg.srv.URL)
	tg.setPages(fixtureFile(t, "wa_message_templates_list_response.json"), []byte(welcomeDiscount))
	f.syncTemplates(ch, f.tokens[admin])
	conv := f.closedConversation(ch, "16505551234")
	reservation := f.templateID(ch, "reservation_confirmation")
	coupon := f.templateID(ch, "coupon_expiration_reminder_number_vars")
	spring := f.templateID(ch, "spring_sale")

	// Account B's own template, on its own channel.
	bch := f.do("POST", "/api/channels", f.tokenB, `{"kind":"sandbox","name":"B sandbox","senders":[{"phone_number":"+4930901821","provider_id":"sbx-b"}]}`)
	var bChannel struct{ ID int64 }
	bch.json(t, &bChannel)
	if res := f.do("POST", fmt.Sprintf("/api/channels/%d/templates/sync", bChannel.ID), f.tokenB, ""); res.Status != 200 {
		t.Fatalf("B sync: %d %s", res.Status, res.Body)
	}
	var bTemplates struct{ Items []templateItem }
	f.do("GET", "/api/templates", f.tokenB, "").json(t, &bTemplates)

	image := map[string]string{"type": "image", "link": "https://example.com/table.jpg"}
	tests := []struct {
		name   string
		body   map[string]any
		code   string
		fields []string
	}{
		{"a named value is missing", map[string]any{"template_id": reservation, "parameters": map[string]any{"header": image,
			"body": map[string]string{"number_of_guests": "4", "day": "Saturday", "date": "August 30th"}}}, "template_parameters", []string{"body.time"}},
		{"a value that is no variable", map[string]any{"template_id": reservation, "parameters": map[string]any{"header": image,
			"body": map[string]string{"number_of_guests": "4", "day": "Saturday", "date": "August 30th", "time": "7", "first_name": "x"}}}, "template_parameters", []string{"body.first_name"}},
		{"the header image is missing", map[string]any{"template_id": reservation, "parameters": map[string]any{
			"body": map[string]string{"number_of_guests": "4", "day": "Saturday", "date": "August 30th", "time": "7"}}}, "template_parameters", []string{"header"}},
		{"positional values are short", map[string]any{"template_id": coupon, "parameters": map[string]any{
			"header": map[string]string{"type": "text", "text": "Pablo"}, "body": []string{"SUMMER20"}}}, "template_parameters", []string{"body.2"}},
		{"positional values and header missing", map[string]any{"template_id": coupon, "parameters": map[string]any{
			"body": []string{"SUMMER20", "10", "x"}}}, "template_parameters", []string{"header", "body.3"}},
		{"no template", map[string]any{"parameters": map[string]any{}}, "template_parameters", []string{"template_id"}},
		{"another account's template", map[string]any{"template_id": bTemplates.Items[0].ID}, "template_parameters", []string{"template_id"}},
		{"a template not approved", map[string]any{"template_id": spring, "parameters": map[string]any{"body": []string{"20%"}}}, "template_not_approved", []string{"template_id"}},
	}
	for _, tt := range tests {
		res := f.sendTemplate(conv, mustJSON(tt.body))
		if res.Status != 422 {
			t.Errorf("%s: %d %s", tt.name, res.Status, res.Body)
			continue
		}
		var env struct {
			Error struct {
				Code   string
				Fields map[string]string
			}
		}
		res.json(t, &env)
		if env.Error.Code != tt.code || len(env.Error.Fields) != len(tt.fields) {
			t.Errorf("%s: %s", tt.name, res.Body)
		}
		for _, field := range tt.fields {
			if env.Error.Fields[field] == "" {
				t.Errorf("%s: field %s not named: %s", tt.name, field, res.Body)
			}
		}
	}
	if res := f.sendTemplate(conv, `{"template_id":1,"parameters":{"body":"x"},"extra":true}`); res.Status != 400 {
		t.Errorf("unknown field: %d", res.Status)
	}
	if res := f.do("POST", "/api/conversations/987654321/templates", f.tokens[agent], mustJSON(map[string]any{"template_id": reservation})); res.Status != 404 {
		t.Errorf("unknown conversation: %d", res.Status)
	}
	if n := f.count("messages", "direction = 'out'"); n != 0 {
		t.Fatalf("%d messages stored", n)
	}
	if n := f.count("river_job", "kind = 'send_message'"); n != 0 || len(tg.sent()) != 0 {
		t.Fatalf("%d sends queued, %d sent", n, len(tg.sent()))
	}
}

func TestNewConversationStartsWithATemplate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tg := newTemplateGraph(t)
	ch := f.createWhatsAppChannel(tg.srv.URL)
	f.syncTemplates(ch, f.tokens[admin])
	coupon := f.templateID(ch, "coupon_expiration_reminder_number_vars")
	var channel struct {
		Senders []struct{ ID int64 }
	}
	f.do("GET", fmt.Sprintf("/api/channels/%d", ch), f.tokens[agent], "").json(t, &channel)
	start := map[string]any{
		"number": "+49 151 1234 5678", "name": "Erika Muster", "channel_id": ch, "sender_id": channel.Senders[0].ID,
		"template_id": coupon,
		"parameters":  map[string]any{"header": map[string]string{"type": "text", "text": "Erika"}, "body": []string{"SPRING", "3"}},
	}

	// Bad values create nothing.
	bad := map[string]any{}
	for k, v := range start {
		bad[k] = v
	}
	bad["number"] = "12"
	bad["parameters"] = map[string]any{"body": []string{"SPRING"}}
	res := f.do("POST", "/api/conversations", f.tokens[agent], mustJSON(bad))
	if res.Status != 422 || !strings.Contains(string(res.Body), `"body.2"`) || !strings.Contains(string(res.Body), `"number"`) {
		t.Fatalf("bad start: %d %s", res.Status, res.Body)
	}
	if n := f.count("contacts", "true") + f.count("conversations", "true"); n != 0 {
		t.Fatalf("a refused start stored %d rows", n)
	}

	// Without consent the start is refused and leaves nothing behind.
	res = f.do("POST", "/api/conversations", f.tokens[agent], mustJSON(start))
	if res.Status != 422 || res.errorCode(t) != "no_consent" {
		t.Fatalf("start without consent: %d %s", res.Status, res.Body)
	}
	if n := f.count("contacts", "true") + f.count("conversations", "true"); n != 0 {
		t.Fatalf("a start without consent stored %d rows", n)
	}
	f.setConsent(f.tokens[admin], "+4915112345678", "whatsapp", "granted")
	res = f.do("POST", "/api/conversations", f.tokens[agent], mustJSON(start))
	if res.Status != http.StatusCreated {
		t.Fatalf("start: %d %s", res.Status, res.Body)
	}
	var started struct {
		Conversation struct {
			ID         int64 `json:"id"`
			ChannelID  int64 `json:"channel_id"`
			WindowOpen bool  `json:"window_open"`
			Contact    struct {
				ID             int64  `json:"id"`
				Name           string `json:"name"`
				WhatsAppNumber string `json:"whatsapp_number"`
			} `json:"contact"`
		} `json:"conversation"`
		Message inbox.Message `json:"message"`
	}
	res.json(t, &started)
	c := started.Conversation
	if c.ChannelID != ch || c.WindowOpen || c.Contact.Name != "Erika Muster" || c.Contact.WhatsAppNumber != "+4915112345678" ||
		started.Message.Kind != "template" || started.Message.ConversationID != c.ID || !strings.HasPrefix(started.Message.Body, "Act fast, Erika!") {
		t.Fatalf("started = %+v", started)
	}
	f.deliver(started.Message.ID, false)
	if sent := tg.sent(); len(sent) != 1 || sent[0]["to"] != "+4915112345678" || sent[0]["type"] != "template" {
		t.Fatalf("sent = %v", sent)
	}

	// Starting again with the existing contact reuses the open conversation.
	delete(start, "number")
	start["contact_id"] = c.Contact.ID
	res = f.do("POST", "/api/conversations", f.tokens[agent], mustJSON(start))
	if res.Status != http.StatusCreated {
		t.Fatalf("restart: %d %s", res.Status, res.Body)
	}
	if n := f.count("contacts", "true"); n != 1 || f.count("conversations", "true") != 1 || f.count("messages", "direction = 'out'") != 2 {
		t.Fatalf("restart stored new rows")
	}
	// A WhatsApp conversation cannot start with free text.
	start["template_id"], start["body"] = 0, "hello"
	if res := f.do("POST", "/api/conversations", f.tokens[agent], mustJSON(start)); res.Status != 422 || !strings.Contains(string(res.Body), `"body"`) {
		t.Fatalf("free text start: %d %s", res.Status, res.Body)
	}
}

// createSMSTemplate creates an SMS template as the campaign manager.
func (f *fixture) createSMSTemplate(name, body string) int64 {
	f.t.Helper()
	res := f.do("POST", "/api/sms-templates", f.tokens[cmgr], mustJSON(map[string]string{"name": name, "body": body}))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create SMS template: %d %s", res.Status, res.Body)
	}
	var t struct{ ID int64 }
	res.json(f.t, &t)
	return t.ID
}

func TestSMSTemplatesAreKeptAndRenderedForTheContact(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.createSMSTemplate("Termin", "Hallo {{first_name}}, Ihr Termin ist am {{date}}. {{coupon}}")
	res := f.do("GET", "/api/sms-templates", f.tokens[agent], "")
	var list struct {
		Items []struct {
			ID           int64
			Name, Body   string
			Placeholders []string
		}
	}
	res.json(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != id || strings.Join(list.Items[0].Placeholders, ",") != "first_name,date,coupon" {
		t.Fatalf("list: %s", res.Body)
	}

	// Bad input changes nothing; names are unique per account, whatever the case.
	for body, want := range map[string]int{
		`{"name":"termin","body":"x"}`:                               409,
		`{"name":"","body":"x"}`:                                     422,
		`{"name":"Long","body":"` + strings.Repeat("x", 1601) + `"}`: 422,
		`{"name":"Empty","body":"   "}`:                              422,
	} {
		if res := f.do("POST", "/api/sms-templates", f.tokens[admin], body); res.Status != want {
			t.Errorf("%.40s: %d, want %d (%s)", body, res.Status, want, res.Body)
		}
	}
	if res := f.do("POST", "/api/sms-templates", f.tokenB, `{"name":"Termin","body":"B's own"}`); res.Status != 201 {
		t.Fatalf("same name in account B: %d", res.Status)
	}
	if res := f.do("POST", "/api/sms-templates", f.tokens[agent], `{"name":"Mine","body":"x"}`); res.Status != 403 {
		t.Fatalf("agent creates: %d", res.Status)
	}
	if n := f.count("sms_templates", "account_id = ?", f.acctA.ID); n != 1 {
		t.Fatalf("%d templates in A", n)
	}

	// Edits.
	res = f.do("PATCH", fmt.Sprintf("/api/sms-templates/%d", id), f.tokens[cmgr], `{"body":"Hallo {{first_name}}, Ihr Termin ist am {{date}}. {{coupon}} {{phone}}"}`)
	if res.Status != 200 || !strings.Contains(string(res.Body), "{{phone}}") || !strings.Contains(string(res.Body), `"name":"Termin"`) {
		t.Fatalf("patch: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", fmt.Sprintf("/api/sms-templates/%d", id), f.tokenB, `{"body":"x"}`); res.Status != 404 {
		t.Fatalf("B patches A's template: %d", res.Status)
	}

	// Rendered from the conversation's contact.
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	conv := f.openConversation(ch, "4915112345678")
	if _, err := f.srv.DB.Bun.NewRaw(`UPDATE contacts SET name = 'Erika Muster', attributes = '{"date":"12. Mai"}'`).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	res = f.do("POST", fmt.Sprintf("/api/conversations/%d/sms-templates/%d/render", conv, id), f.tokens[agent], "")
	var rendered struct {
		Text    string   `json:"text"`
		Missing []string `json:"missing"`
	}
	res.json(t, &rendered)
	if res.Status != 200 || rendered.Text != "Hallo Erika, Ihr Termin ist am 12. Mai.  +4915112345678" || strings.Join(rendered.Missing, ",") != "coupon" {
		t.Fatalf("render: %d %s", res.Status, res.Body)
	}
	if res := f.do("POST", fmt.Sprintf("/api/conversations/%d/sms-templates/%d/render", conv, id), f.tokenB, ""); res.Status != 404 {
		t.Fatalf("B renders in A's conversation: %d", res.Status)
	}

	if res := f.do("DELETE", fmt.Sprintf("/api/sms-templates/%d", id), f.tokens[cmgr], ""); res.Status != 204 {
		t.Fatalf("delete: %d", res.Status)
	}
	if res := f.do("POST", fmt.Sprintf("/api/conversations/%d/sms-templates/%d/render", conv, id), f.tokens[agent], ""); res.Status != 404 {
		t.Fatalf("render a deleted template: %d", res.Status)
	}
}

func TestNewSMSConversationStartsWithAnSMSTemplateOrText(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.do("POST", "/api/channels", f.tokens[admin], mustJSON(map[string]any{
		"kind": "sms_twilio", "name": "SMS", "base_url": "http://127.0.0.1:1",
		"credentials": map[string]string{"account_sid": "AC123", "auth_token": "secret"},
		"senders":     []map[string]string{{"phone_number": "+15558675310", "name": "Hotline"}},
	}))
	var ch struct {
		ID      int64
		Senders []struct{ ID int64 }
	}
	res.json(t, &ch)
	if f.count("river_job", "kind = 'sync_templates'") != 0 {
		t.Fatal("an SMS channel got a template sync")
	}
	tpl := f.createSMSTemplate("Hallo", "Hallo {{first_name}}, hier ist Ihr Support.")
	needsCode := f.createSMSTemplate("Code", "Ihr Code: {{code}}")
	start := func(extra map[string]any) response {
		body := map[string]any{"number": "+4915112345678", "name": "Erika Muster", "channel_id": ch.ID, "sender_id": ch.Senders[0].ID}
		for k, v := range extra {
			body[k] = v
		}
		return f.do("POST", "/api/conversations", f.tokens[agent], mustJSON(body))
	}
	for _, tt := range []struct {
		extra map[string]any
		field string
	}{
		{map[string]any{"sms_template_id": needsCode}, "sms_template_id"},
		{map[string]any{}, "body"},
		{map[string]any{"sms_template_id": tpl, "body": "x"}, "body"},
		{map[string]any{"template_id": 5, "body": "x"}, "template_id"},
	} {
		res := start(tt.extra)
		if res.Status != 422 || !strings.Contains(string(res.Body), `"`+tt.field+`"`) {
			t.Errorf("%v: %d %s", tt.extra, res.Status, res.Body)
		}
	}
	if n := f.count("contacts", "true"); n != 0 {
		t.Fatalf("refused starts created %d contacts", n)
	}
	res = start(map[string]any{"sms_template_id": tpl})
	if res.Status != 201 {
		t.Fatalf("start with SMS template: %d %s", res.Status, res.Body)
	}
	var started struct {
		Message inbox.Message `json:"message"`
	}
	res.json(t, &started)
	if started.Message.Body != "Hallo Erika, hier ist Ihr Support." || started.Message.Kind != "text" {
		t.Fatalf("first SMS: %+v", started.Message)
	}
	res = start(map[string]any{"body": "Noch eine Frage?"})
	if res.Status != 201 || f.count("contacts", "sms_number = '+4915112345678'") != 1 {
		t.Fatalf("start with text: %d %s", res.Status, res.Body)
	}
	// WhatsApp templates are for WhatsApp conversations only.
	var conv int64
	_ = f.srv.DB.Bun.NewRaw("SELECT id FROM conversations").Scan(t.Context(), &conv)
	if res := f.sendTemplate(conv, `{"template_id":1}`); res.Status != 422 || res.errorCode(t) != "sms_channel" {
		t.Fatalf("WhatsApp template into SMS: %d %s", res.Status, res.Body)
	}
}

func TestSandboxTemplatesLetTheDemoSendWhenTheWindowIsClosed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()

	// The demo account gets the sandbox's templates.
	demoID, err := server.EnsureDemo(ctx, f.srv.Config, f.srv.DB)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.count("whatsapp_templates", "account_id = ? AND status = 'APPROVED'", demoID); n != 3 {
		t.Fatalf("demo has %d approved templates", n)
	}
	if _, err := server.EnsureDemo(ctx, f.srv.Config, f.srv.DB); err != nil {
		t.Fatal(err)
	}
	if n := f.count("whatsapp_templates", "account_id = ?", demoID); n != 4 {
		t.Fatalf("demo has %d templates after a second run", n)
	}
	// A newsletter to try START NEWS from the sandbox phone, once.
	if n := f.count("contact_groups", "account_id = ? AND keyword = 'NEWS'", demoID); n != 1 {
		t.Fatalf("demo has %d NEWS groups", n)
	}

	// A sandbox channel of account A.
	res := f.do("POST", "/api/channels", f.tokens[admin], `{"kind":"sandbox","name":"Sandbox","senders":[{"phone_number":"+4930901820","provider_id":"sandbox-1"}]}`)
	var sbx struct{ ID int64 }
	res.json(t, &sbx)
	if got := f.syncTemplates(sbx.ID, f.tokens[admin]); got != (syncResult{Total: 4, Added: 4}) {
		t.Fatalf("sandbox sync: %+v", got)
	}
	items := f.templates("?status=APPROVED")
	if got := names(items); got != "appointment_reminder/APPROVED,order_update/APPROVED,welcome/APPROVED" {
		t.Fatalf("sandbox templates: %s", got)
	}

	// The phone writes; the window closes.
	if res := f.do("POST", "/api/sandbox/messages", f.tokens[agent], `{"from":"+4915112345678","name":"Anna","type":"text","text":"Hallo"}`); res.Status >= 300 {
		t.Fatalf("phone: %d %s", res.Status, res.Body)
	}
	f.processAll()
	var conv int64
	if err := f.srv.DB.Bun.NewRaw("UPDATE conversations SET last_inbound_at = now() - interval '25 hours' RETURNING id").Scan(ctx, &conv); err != nil {
		t.Fatal(err)
	}
	res = f.sendTemplate(conv, mustJSON(map[string]any{"template_id": f.templateID(sbx.ID, "order_update"),
		"parameters": map[string]any{"body": []string{"Anna", "A-1042"}}}))
	if res.Status != 201 {
		t.Fatalf("send: %d %s", res.Status, res.Body)
	}
	var m inbox.Message
	res.json(t, &m)
	if m.Body != "Hallo Anna, Ihre Bestellung A-1042 ist unterwegs.\n\nSwitchboard Demo" {
		t.Fatalf("preview %q", m.Body)
	}
	f.deliver(m.ID, false)
	f.processAll()
	if got := f.message("id = ?", m.ID); got.Status != "delivered" {
		t.Fatalf("sandbox template: %q", got.Status)
	}
	// The named one with its header image.
	res = f.sendTemplate(conv, mustJSON(map[string]any{"template_id": f.templateID(sbx.ID, "appointment_reminder"),
		"parameters": map[string]any{"header": map[string]string{"type": "image", "link": "https://example.com/termin.jpg"},
			"body": map[string]string{"first_name": "Anna", "date": "12. Mai"}}}))
	if res.Status != 201 {
		t.Fatalf("send named: %d %s", res.Status, res.Body)
	}

	// A keyword from the phone: it gets the confirmation, never the desk's
	// system line.
	if res := f.do("POST", "/api/sandbox/messages", f.tokens[agent], `{"from":"+4915112345678","name":"Anna","type":"text","text":"STOP"}`); res.Status >= 300 {
		t.Fatalf("phone STOP: %d %s", res.Status, res.Body)
	}
	f.processAll()
	if n := f.count("messages", "conversation_id = ? AND kind = 'system'", conv); n != 1 {
		t.Fatalf("system lines: %d", n)
	}
	var thread struct {
		Items []struct {
			Kind string `json:"kind"`
		} `json:"items"`
	}
	f.do("GET", "/api/sandbox/messages?number=%2B4915112345678", f.tokens[agent], "").json(t, &thread)
	for _, m := range thread.Items {
		if m.Kind == "system" || m.Kind == "note" {
			t.Errorf("the sandbox phone sees a %s message", m.Kind)
		}
	}
}
