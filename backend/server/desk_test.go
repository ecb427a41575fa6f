package server_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"switchboard/backend/media"
)

// contactConversation makes a contact named name write in on channel ch and
// returns the conversation and contact ids.
func (f *fixture) contactConversation(ch int64, from, name string) (conv, contact int64) {
	f.t.Helper()
	wamid := fmt.Sprintf("wamid.desk.%s.%d", from, time.Now().UnixNano())
	if res := f.postWebhook(ch, textPayload(wamid, from, name, "Hi", time.Now().Unix()), ""); res.Status != http.StatusOK {
		f.t.Fatalf("webhook: %d %s", res.Status, res.Body)
	}
	f.processAll()
	err := f.srv.DB.Bun.NewRaw(`SELECT cv.id, ct.id FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id
		WHERE ct.whatsapp_number = ? AND cv.channel_id = ?`, "+"+from, ch).Scan(context.Background(), &conv, &contact)
	if err != nil {
		f.t.Fatal(err)
	}
	return conv, contact
}

// fields returns the envelope's per-field messages.
func (r response) fields(t *testing.T) map[string]string {
	t.Helper()
	var env struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	r.json(t, &env)
	return env.Error.Fields
}

type cannedJSON struct {
	ID           int64    `json:"id"`
	Shortcode    string   `json:"shortcode"`
	Text         string   `json:"text"`
	Placeholders []string `json:"placeholders"`
	Attachment   *struct {
		MIME     string `json:"mime"`
		Size     int64  `json:"size"`
		Filename string `json:"filename"`
	} `json:"attachment"`
}

type labelJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Color string `json:"color"`
}

func (f *fixture) createCanned(token, shortcode, text string) cannedJSON {
	f.t.Helper()
	res := f.do("POST", "/api/canned-responses", token, mustJSON(map[string]string{"shortcode": shortcode, "text": text}))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create canned response %s: %d %s", shortcode, res.Status, res.Body)
	}
	var c cannedJSON
	res.json(f.t, &c)
	return c
}

func (f *fixture) createLabel(token, name, color string) labelJSON {
	f.t.Helper()
	res := f.do("POST", "/api/labels", token, mustJSON(map[string]string{"name": name, "color": color}))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create label %s: %d %s", name, res.Status, res.Body)
	}
	var l labelJSON
	res.json(f.t, &l)
	return l
}

func cannedShortcodes(t *testing.T, res response) []string {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("list: %d %s", res.Status, res.Body)
	}
	var list struct {
		Items []cannedJSON `json:"items"`
	}
	res.json(t, &list)
	out := []string{}
	for _, c := range list.Items {
		out = append(out, c.Shortcode)
	}
	return out
}

func TestCannedResponsesAreCreatedSearchedEditedAndDeleted(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	super, agent := f.tokens["supervisor"], f.tokens["agent"]

	hours := f.createCanned(super, " Hours ", "Hi {{first_name}}, we are open 9–17.")
	if hours.Shortcode != "hours" || len(hours.Placeholders) != 1 || hours.Placeholders[0] != "first_name" {
		t.Fatalf("created %+v, want shortcode normalised and placeholders listed", hours)
	}
	f.createCanned(super, "thanks", "Thank you for your patience with our opening hours.")
	f.createCanned(super, "address", "Main street 1")
	f.createCanned(super, "ho-ho", "Merry Christmas")

	// Agents read and search: shortcode prefix matches first, then text.
	got := cannedShortcodes(t, f.do("GET", "/api/canned-responses?q=ho", agent, ""))
	if strings.Join(got, ",") != "ho-ho,hours,thanks" {
		t.Errorf("search ho = %v, want prefix matches then text matches", got)
	}
	if got := cannedShortcodes(t, f.do("GET", "/api/canned-responses?q=%2Faddr", agent, "")); strings.Join(got, ",") != "address" {
		t.Errorf("search /addr = %v", got)
	}
	if got := cannedShortcodes(t, f.do("GET", "/api/canned-responses", agent, "")); strings.Join(got, ",") != "address,ho-ho,hours,thanks" {
		t.Errorf("list = %v", got)
	}
	// The unfiltered list is paginated by shortcode.
	res := f.do("GET", "/api/canned-responses?limit=2", agent, "")
	var page struct {
		Next *string `json:"next"`
	}
	res.json(t, &page)
	if page.Next == nil || *page.Next != "ho-ho" {
		t.Fatalf("first page next = %v", page.Next)
	}
	if got := cannedShortcodes(t, f.do("GET", "/api/canned-responses?limit=2&after=ho-ho", agent, "")); strings.Join(got, ",") != "hours,thanks" {
		t.Errorf("second page = %v", got)
	}

	// Bad input names the field and changes nothing.
	for _, tc := range []struct {
		name, body, field string
		status            int
	}{
		{"duplicate shortcode", `{"shortcode":"HOURS","text":"x"}`, "shortcode", http.StatusConflict},
		{"shortcode with spaces", `{"shortcode":"opening hours","text":"x"}`, "shortcode", http.StatusUnprocessableEntity},
		{"shortcode too long", mustJSON(map[string]string{"shortcode": strings.Repeat("a", 33), "text": "x"}), "shortcode", http.StatusUnprocessableEntity},
		{"empty shortcode", `{"shortcode":"","text":"x"}`, "shortcode", http.StatusUnprocessableEntity},
		{"empty text", `{"shortcode":"empty","text":"  "}`, "text", http.StatusUnprocessableEntity},
		{"text too long", mustJSON(map[string]string{"shortcode": "long", "text": strings.Repeat("ä", 4097)}), "text", http.StatusUnprocessableEntity},
	} {
		res := f.do("POST", "/api/canned-responses", super, tc.body)
		if res.Status != tc.status || res.fields(t)[tc.field] == "" {
			t.Errorf("%s: %d %s, want %d naming %s", tc.name, res.Status, res.Body, tc.status, tc.field)
		}
	}
	if n := f.count("canned_responses", "TRUE"); n != 4 {
		t.Errorf("%d canned responses after bad input, want 4", n)
	}
	// 4096 characters are fine.
	f.createCanned(super, "long", strings.Repeat("ä", 4096))

	// Edit.
	path := fmt.Sprintf("/api/canned-responses/%d", hours.ID)
	res = f.do("PATCH", path, super, `{"text":"We open at 8, {{name}}."}`)
	var edited cannedJSON
	res.json(t, &edited)
	if res.Status != http.StatusOK || edited.Shortcode != "hours" || edited.Text != "We open at 8, {{name}}." {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", path, super, `{"shortcode":"thanks"}`); res.Status != http.StatusConflict || res.fields(t)["shortcode"] == "" {
		t.Errorf("rename onto another shortcode: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", path, super, `{"shortcode":"Bad!"}`); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("rename to a bad shortcode: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", path, super, `{"colour":"red"}`); res.Status != http.StatusBadRequest {
		t.Errorf("unknown field: %d %s", res.Status, res.Body)
	}

	// Delete.
	if res := f.do("DELETE", path, super, ""); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	for _, method := range []string{"GET", "DELETE"} {
		if res := f.do(method, path, super, ""); res.Status != http.StatusNotFound {
			t.Errorf("%s after delete: %d", method, res.Status)
		}
	}
	// Agents may not write.
	if res := f.do("POST", "/api/canned-responses", agent, `{"shortcode":"mine","text":"x"}`); res.Status != http.StatusForbidden {
		t.Errorf("agent creates: %d", res.Status)
	}
}

func TestCannedResponseIsRenderedWithTheConversationsContact(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	conv, contact := f.contactConversation(ch, "4915100000101", "Erika Mustermann")
	_, err := f.srv.DB.Bun.NewRaw(`UPDATE contacts SET attributes = '{"city":"Wien","order_id":""}' WHERE id = ?`, contact).Exec(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c := f.createCanned(f.tokens["admin"], "greet",
		"Hello {{first_name}} ({{ name }}, {{whatsapp_number}}) from {{city}}: order {{order_id}}, code {{attributes.voucher}}.")

	res := f.do("POST", fmt.Sprintf("/api/conversations/%d/canned-responses/%d/render", conv, c.ID), f.tokens["agent"], "")
	if res.Status != http.StatusOK {
		t.Fatalf("render: %d %s", res.Status, res.Body)
	}
	var out struct {
		Text    string   `json:"text"`
		Missing []string `json:"missing"`
	}
	res.json(t, &out)
	if want := "Hello Erika (Erika Mustermann, +4915100000101) from Wien: order , code ."; out.Text != want {
		t.Errorf("text = %q, want %q", out.Text, want)
	}
	if strings.Join(out.Missing, ",") != "attributes.voucher,order_id" {
		t.Errorf("missing = %v", out.Missing)
	}
	// Unknown conversation or canned response: 404.
	for _, p := range []string{
		fmt.Sprintf("/api/conversations/%d/canned-responses/%d/render", conv+1000, c.ID),
		fmt.Sprintf("/api/conversations/%d/canned-responses/%d/render", conv, c.ID+1000),
	} {
		if res := f.do("POST", p, f.tokens["agent"], ""); res.Status != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", p, res.Status)
		}
	}
}

func TestCannedResponsesAndLabelsStayInTheirAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin, adminB := f.tokens["admin"], f.tokenB
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	conv, contact := f.contactConversation(ch, "4915100000202", "Anna")
	canned := f.createCanned(admin, "hours", "A's hours")
	label := f.createLabel(admin, "VIP", "#ff0000")
	cannedB := f.createCanned(adminB, "hours", "B's hours") // same shortcode is fine in another account
	labelB := f.createLabel(adminB, "VIP", "#00ff00")

	cannedPath := fmt.Sprintf("/api/canned-responses/%d", canned.ID)
	labelPath := fmt.Sprintf("/api/labels/%d", label.ID)
	for _, tc := range []struct{ method, path, body string }{
		{"GET", cannedPath, ""},
		{"PATCH", cannedPath, `{"text":"stolen"}`},
		{"DELETE", cannedPath, ""},
		{"GET", cannedPath + "/attachment", ""},
		{"DELETE", cannedPath + "/attachment", ""},
		{"PATCH", labelPath, `{"name":"stolen"}`},
		{"DELETE", labelPath, ""},
		{"POST", fmt.Sprintf("/api/conversations/%d/canned-responses/%d/render", conv, cannedB.ID), ""},
		{"POST", fmt.Sprintf("/api/conversations/%d/labels", conv), mustJSON(map[string]int64{"label_id": labelB.ID})},
		{"DELETE", fmt.Sprintf("/api/conversations/%d/labels/%d", conv, labelB.ID), ""},
		{"GET", fmt.Sprintf("/api/contacts/%d/labels", contact), ""},
		{"POST", fmt.Sprintf("/api/contacts/%d/labels", contact), mustJSON(map[string]int64{"label_id": labelB.ID})},
		{"DELETE", fmt.Sprintf("/api/contacts/%d/labels/%d", contact, labelB.ID), ""},
	} {
		if res := f.do(tc.method, tc.path, adminB, tc.body); res.Status != http.StatusNotFound {
			t.Errorf("B: %s %s = %d %s, want 404", tc.method, tc.path, res.Status, res.Body)
		}
	}
	// A cannot use B's objects on its own conversation and contact either.
	for _, tc := range []struct{ method, path, body string }{
		{"POST", fmt.Sprintf("/api/conversations/%d/canned-responses/%d/render", conv, cannedB.ID), ""},
		{"POST", fmt.Sprintf("/api/conversations/%d/labels", conv), mustJSON(map[string]int64{"label_id": labelB.ID})},
		{"POST", fmt.Sprintf("/api/contacts/%d/labels", contact), mustJSON(map[string]int64{"label_id": labelB.ID})},
		{"GET", fmt.Sprintf("/api/conversations?label_id=%d", labelB.ID), ""},
	} {
		res := f.do(tc.method, tc.path, admin, tc.body)
		if tc.method == "GET" {
			var list struct {
				Items []any `json:"items"`
			}
			res.json(t, &list)
			if res.Status != http.StatusOK || len(list.Items) != 0 {
				t.Errorf("A lists by B's label: %d %s", res.Status, res.Body)
			}
			continue
		}
		if res.Status != http.StatusNotFound {
			t.Errorf("A: %s %s = %d %s, want 404", tc.method, tc.path, res.Status, res.Body)
		}
	}
	if n := f.count("conversation_labels", "TRUE") + f.count("contact_labels", "TRUE"); n != 0 {
		t.Errorf("%d labellings across accounts", n)
	}
	// Lists show only the caller's own.
	if got := cannedShortcodes(t, f.do("GET", "/api/canned-responses", adminB, "")); len(got) != 1 {
		t.Errorf("B lists %v", got)
	}
	var labels struct {
		Items []labelJSON `json:"items"`
	}
	f.do("GET", "/api/labels", adminB, "").json(t, &labels)
	if len(labels.Items) != 1 || labels.Items[0].ID != labelB.ID {
		t.Errorf("B's labels = %+v", labels.Items)
	}
	// A's objects are unchanged.
	var c cannedJSON
	f.do("GET", cannedPath, admin, "").json(t, &c)
	if c.Text != "A's hours" {
		t.Errorf("A's canned response changed: %+v", c)
	}
}

// uploadAttachment sends a multipart form with one file.
func (f *fixture) uploadAttachment(token string, id int64, filename, contentType string, data []byte) response {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filename))
	h.Set("Content-Type", contentType)
	part, _ := w.CreatePart(h)
	_, _ = part.Write(data)
	_ = w.Close()
	return f.doWith(http.DefaultClient, "PUT", fmt.Sprintf("/api/canned-responses/%d/attachment", id), token, body.String(),
		map[string]string{"Content-Type": w.FormDataContentType()})
}

func TestCannedResponseAttachmentIsStoredServedAndRemoved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	super := f.tokens["supervisor"]
	c := f.createCanned(super, "menu", "Here is our menu, {{first_name}}.")
	pdf := []byte("%PDF-1.4 menu")

	if res := f.uploadAttachment(super, c.ID, "evil.exe", "application/x-msdownload", []byte("MZ")); res.Status != http.StatusUnprocessableEntity || res.fields(t)["file"] == "" {
		t.Errorf("executable: %d %s", res.Status, res.Body)
	}
	if res := f.uploadAttachment(f.tokens["agent"], c.ID, "menu.pdf", "application/pdf", pdf); res.Status != http.StatusForbidden {
		t.Errorf("agent uploads: %d", res.Status)
	}
	res := f.uploadAttachment(super, c.ID, "menu.pdf", "application/pdf", pdf)
	var got cannedJSON
	res.json(t, &got)
	if res.Status != http.StatusOK || got.Attachment == nil || got.Attachment.Filename != "menu.pdf" ||
		got.Attachment.MIME != "application/pdf" || got.Attachment.Size != int64(len(pdf)) {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	if strings.Contains(string(res.Body), "acct-") {
		t.Errorf("the object key leaks: %s", res.Body)
	}
	var key string
	if err := f.srv.DB.Bun.NewRaw("SELECT attachment->>'key' FROM canned_responses WHERE id = ?", c.ID).Scan(t.Context(), &key); err != nil {
		t.Fatal(err)
	}

	// Agents download it to send it.
	res = f.do("GET", fmt.Sprintf("/api/canned-responses/%d/attachment", c.ID), f.tokens["agent"], "")
	if res.Status != http.StatusOK || !bytes.Equal(res.Body, pdf) || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %q %s", res.Status, res.Body, res.Header.Get("Content-Type"))
	}
	// Rendering names it.
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	conv, _ := f.contactConversation(ch, "4915100000303", "Max Muster")
	res = f.do("POST", fmt.Sprintf("/api/conversations/%d/canned-responses/%d/render", conv, c.ID), f.tokens["agent"], "")
	if !strings.Contains(string(res.Body), `"filename":"menu.pdf"`) || !strings.Contains(string(res.Body), "Here is our menu, Max.") {
		t.Errorf("render: %s", res.Body)
	}

	// Replacing it removes the old file; removing it leaves no file behind.
	if res := f.uploadAttachment(super, c.ID, "menu2.pdf", "application/pdf", pdf); res.Status != http.StatusOK {
		t.Fatalf("replace: %d %s", res.Status, res.Body)
	}
	if _, err := f.srv.Media.Stat(t.Context(), key); !errors.Is(err, media.ErrNotFound) {
		t.Errorf("old file still stored: %v", err)
	}
	if err := f.srv.DB.Bun.NewRaw("SELECT attachment->>'key' FROM canned_responses WHERE id = ?", c.ID).Scan(t.Context(), &key); err != nil {
		t.Fatal(err)
	}
	res = f.do("DELETE", fmt.Sprintf("/api/canned-responses/%d/attachment", c.ID), super, "")
	got = cannedJSON{}
	res.json(t, &got)
	if res.Status != http.StatusOK || got.Attachment != nil {
		t.Fatalf("remove: %d %s", res.Status, res.Body)
	}
	if _, err := f.srv.Media.Stat(t.Context(), key); !errors.Is(err, media.ErrNotFound) {
		t.Errorf("removed file still stored: %v", err)
	}
	if res := f.do("GET", fmt.Sprintf("/api/canned-responses/%d/attachment", c.ID), super, ""); res.Status != http.StatusNotFound {
		t.Errorf("download after removal: %d", res.Status)
	}

	// Deleting the canned response deletes its file.
	f.uploadAttachment(super, c.ID, "menu3.pdf", "application/pdf", pdf)
	_ = f.srv.DB.Bun.NewRaw("SELECT attachment->>'key' FROM canned_responses WHERE id = ?", c.ID).Scan(t.Context(), &key)
	f.do("DELETE", fmt.Sprintf("/api/canned-responses/%d", c.ID), super, "")
	if _, err := f.srv.Media.Stat(t.Context(), key); !errors.Is(err, media.ErrNotFound) {
		t.Errorf("deleted canned response's file still stored: %v", err)
	}
}

func TestLabelsAreCreatedValidatedEditedAndDeleted(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	super := f.tokens["supervisor"]

	vip := f.createLabel(super, " VIP ", "#FF8800")
	if vip.Name != "VIP" || vip.Color != "#ff8800" {
		t.Fatalf("created %+v, want trimmed name and lower-case colour", vip)
	}
	if l := f.createLabel(super, "Billing", ""); l.Color != "#64748b" {
		t.Errorf("default colour = %q", l.Color)
	}
	for _, tc := range []struct {
		name, body, field string
		status            int
	}{
		{"duplicate name in other case", `{"name":"vip","color":"#000000"}`, "name", http.StatusConflict},
		{"empty name", `{"name":" ","color":"#000000"}`, "name", http.StatusUnprocessableEntity},
		{"name too long", mustJSON(map[string]string{"name": strings.Repeat("x", 51), "color": "#000000"}), "name", http.StatusUnprocessableEntity},
		{"colour name", `{"name":"Red","color":"red"}`, "color", http.StatusUnprocessableEntity},
		{"short colour", `{"name":"Red","color":"#f00"}`, "color", http.StatusUnprocessableEntity},
		{"colour without #", `{"name":"Red","color":"ff0000"}`, "color", http.StatusUnprocessableEntity},
	} {
		res := f.do("POST", "/api/labels", super, tc.body)
		if res.Status != tc.status || res.fields(t)[tc.field] == "" {
			t.Errorf("%s: %d %s, want %d naming %s", tc.name, res.Status, res.Body, tc.status, tc.field)
		}
	}
	if n := f.count("labels", "TRUE"); n != 2 {
		t.Errorf("%d labels after bad input, want 2", n)
	}

	var list struct {
		Items []labelJSON `json:"items"`
	}
	f.do("GET", "/api/labels", f.tokens["agent"], "").json(t, &list)
	if len(list.Items) != 2 || list.Items[0].Name != "Billing" || list.Items[1].Name != "VIP" {
		t.Errorf("agent lists %+v", list.Items)
	}

	path := fmt.Sprintf("/api/labels/%d", vip.ID)
	res := f.do("PATCH", path, super, `{"name":"Very important","color":"#00AA00"}`)
	var edited labelJSON
	res.json(t, &edited)
	if res.Status != http.StatusOK || edited.Name != "Very important" || edited.Color != "#00aa00" {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", path, super, `{"name":"billing"}`); res.Status != http.StatusConflict || res.fields(t)["name"] == "" {
		t.Errorf("rename onto another label: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", path, super, `{"color":"#12345"}`); res.Status != http.StatusUnprocessableEntity || res.fields(t)["color"] == "" {
		t.Errorf("bad colour: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", path+"0", super, `{"name":"x"}`); res.Status != http.StatusNotFound {
		t.Errorf("edit unknown: %d", res.Status)
	}
	if res := f.do("DELETE", path, super, ""); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	if res := f.do("DELETE", path, super, ""); res.Status != http.StatusNotFound {
		t.Errorf("delete twice: %d", res.Status)
	}
	if res := f.do("POST", "/api/labels", f.tokens["agent"], `{"name":"Mine","color":"#000000"}`); res.Status != http.StatusForbidden {
		t.Errorf("agent creates: %d", res.Status)
	}
}

func conversationLabels(t *testing.T, res response) []string {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
	var c struct {
		Labels []labelJSON `json:"labels"`
	}
	res.json(t, &c)
	out := []string{}
	for _, l := range c.Labels {
		out = append(out, l.Name)
	}
	return out
}

func TestLabellingAConversationIsPublishedAndFiltersTheList(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	agent := f.tokens["agent"]
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	conv, _ := f.contactConversation(ch, "4915100000404", "Lena")
	other, _ := f.contactConversation(ch, "4915100000405", "Otto")
	urgent := f.createLabel(f.tokens["admin"], "Urgent", "#dc2626")
	billing := f.createLabel(f.tokens["admin"], "Billing", "#2563eb")
	// A supervisor sees every conversation (agents only those routed to them).
	ws := dialAs(t, f, f.http.URL, "supervisor@a.test")

	labelsPath := fmt.Sprintf("/api/conversations/%d/labels", conv)
	events := func() int { return f.count("events", "type = 'conversation.updated'") }
	before := events()
	res := f.do("POST", labelsPath, agent, mustJSON(map[string]int64{"label_id": urgent.ID}))
	if got := conversationLabels(t, res); strings.Join(got, ",") != "Urgent" {
		t.Fatalf("labels after adding = %v", got)
	}
	ev := waitFor(t, ws, "conversation.updated", `"name":"Urgent"`)
	if !strings.Contains(string(ev.Data), fmt.Sprintf(`"id":%d`, conv)) {
		t.Errorf("event is about another conversation: %s", ev.Data)
	}
	f.do("POST", labelsPath, agent, mustJSON(map[string]int64{"label_id": billing.ID}))
	// Adding a label twice changes nothing and publishes nothing.
	mid := events()
	if got := conversationLabels(t, f.do("POST", labelsPath, agent, mustJSON(map[string]int64{"label_id": urgent.ID}))); strings.Join(got, ",") != "Billing,Urgent" {
		t.Errorf("labels = %v", got)
	}
	if events() != mid || mid != before+2 {
		t.Errorf("conversation.updated events: %d → %d → %d, want one per change", before, mid, events())
	}
	if res := f.do("POST", labelsPath, agent, `{}`); res.Status != http.StatusUnprocessableEntity || res.fields(t)["label_id"] == "" {
		t.Errorf("no label id: %d %s", res.Status, res.Body)
	}
	if res := f.do("POST", labelsPath, agent, mustJSON(map[string]int64{"label_id": 987654})); res.Status != http.StatusNotFound {
		t.Errorf("unknown label: %d %s", res.Status, res.Body)
	}

	// The list filters by label.
	list := func(query string) []int64 {
		res := f.do("GET", "/api/conversations?"+query, agent, "")
		if res.Status != http.StatusOK {
			t.Fatalf("list %s: %d %s", query, res.Status, res.Body)
		}
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		res.json(t, &page)
		var ids []int64
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		return ids
	}
	if ids := list(fmt.Sprintf("label_id=%d", urgent.ID)); len(ids) != 1 || ids[0] != conv {
		t.Errorf("filtered by Urgent = %v, want [%d]", ids, conv)
	}
	if ids := list(""); len(ids) != 2 {
		t.Errorf("unfiltered = %v, want both (%d, %d)", ids, conv, other)
	}
	if res := f.do("GET", "/api/conversations?label_id=abc", agent, ""); res.Status != http.StatusBadRequest {
		t.Errorf("bad label_id: %d", res.Status)
	}

	// Removing publishes the conversation without the label.
	res = f.do("DELETE", fmt.Sprintf("%s/%d", labelsPath, urgent.ID), agent, "")
	if got := conversationLabels(t, res); strings.Join(got, ",") != "Billing" {
		t.Fatalf("labels after removing = %v", got)
	}
	// (Earlier events carry both labels; this one only Billing.)
	waitFor(t, ws, "conversation.updated", fmt.Sprintf(`"labels":[{"id":%d,"name":"Billing","color":"#2563eb"}]`, billing.ID))
	if ids := list(fmt.Sprintf("label_id=%d", urgent.ID)); len(ids) != 0 {
		t.Errorf("filtered by removed label = %v", ids)
	}
	// Removing again is harmless.
	if res := f.do("DELETE", fmt.Sprintf("%s/%d", labelsPath, urgent.ID), agent, ""); res.Status != http.StatusOK {
		t.Errorf("remove twice: %d", res.Status)
	}

	// Renaming or deleting a label updates the conversations that carry it.
	f.do("PATCH", fmt.Sprintf("/api/labels/%d", billing.ID), f.tokens["admin"], `{"name":"Invoices"}`)
	waitFor(t, ws, "conversation.updated", `"name":"Invoices"`)
	f.do("DELETE", fmt.Sprintf("/api/labels/%d", billing.ID), f.tokens["admin"], "")
	ev = waitFor(t, ws, "conversation.updated", fmt.Sprintf(`"id":%d`, conv))
	if !strings.Contains(string(ev.Data), `"labels":[]`) {
		t.Errorf("after deleting the label: %s", ev.Data)
	}
}

func TestLabellingAContactIsPublished(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	agent := f.tokens["agent"]
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	_, contact := f.contactConversation(ch, "4915100000505", "Clara")
	vip := f.createLabel(f.tokens["admin"], "VIP", "#eab308")
	ws := dialAs(t, f, f.http.URL, "agent@a.test")

	names := func(res response) []string {
		t.Helper()
		if res.Status != http.StatusOK {
			t.Fatalf("%d %s", res.Status, res.Body)
		}
		var list struct {
			Items []labelJSON `json:"items"`
		}
		res.json(t, &list)
		out := []string{}
		for _, l := range list.Items {
			out = append(out, l.Name)
		}
		return out
	}
	path := fmt.Sprintf("/api/contacts/%d/labels", contact)
	if got := names(f.do("POST", path, agent, mustJSON(map[string]int64{"label_id": vip.ID}))); strings.Join(got, ",") != "VIP" {
		t.Fatalf("after adding = %v", got)
	}
	ev := waitFor(t, ws, "contact.updated", `"name":"VIP"`)
	if !strings.Contains(string(ev.Data), `"name":"Clara"`) {
		t.Errorf("event data: %s", ev.Data)
	}
	if got := names(f.do("GET", path, agent, "")); strings.Join(got, ",") != "VIP" {
		t.Errorf("listed = %v", got)
	}
	if got := names(f.do("DELETE", fmt.Sprintf("%s/%d", path, vip.ID), agent, "")); len(got) != 0 {
		t.Errorf("after removing = %v", got)
	}
	waitFor(t, ws, "contact.updated", `"labels":[]`)
	if res := f.do("POST", fmt.Sprintf("/api/contacts/%d/labels", contact+1000), agent, mustJSON(map[string]int64{"label_id": vip.ID})); res.Status != http.StatusNotFound {
		t.Errorf("unknown contact: %d", res.Status)
	}
}
