package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"switchboard/backend/consent"
)

func (f *fixture) newContactID(token string, body map[string]any) int64 {
	f.t.Helper()
	res := f.do("POST", "/api/contacts", token, mustJSON(body))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create contact %v: %d %s", body, res.Status, res.Body)
	}
	var c struct {
		ID int64 `json:"id"`
	}
	res.json(f.t, &c)
	return c.ID
}

type reachJSON struct {
	Members            int `json:"members"`
	SMSReachable       int `json:"sms_reachable"`
	WhatsAppRegistered int `json:"whatsapp_registered"`
	WhatsAppWithNumber int `json:"whatsapp_with_number"`
	WhatsAppReachable  int `json:"whatsapp_reachable"`
	BothWithNumbers    int `json:"both_with_numbers"`
	BothReachable      int `json:"both_reachable"`
}

func (f *fixture) groupReach(token string, id int64) reachJSON {
	f.t.Helper()
	var g struct {
		Reach reachJSON `json:"reach"`
	}
	res := f.do("GET", fmt.Sprintf("/api/groups/%d", id), token, "")
	if res.Status != http.StatusOK {
		f.t.Fatalf("get group: %d %s", res.Status, res.Body)
	}
	res.json(f.t, &g)
	return g.Reach
}

func (f *fixture) setConsent(token, number, kind, state string) {
	f.t.Helper()
	res := f.do("POST", "/api/consents", token, mustJSON(map[string]string{"number": number, "channel_kind": kind, "state": state, "note": "test"}))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("consent %s %s %s: %d %s", number, kind, state, res.Status, res.Body)
	}
}

func TestGroupsAreCreatedWithKindAndUniqueKeyword(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cm := f.tokens["campaign_manager"]
	res := f.do("POST", "/api/groups", cm, `{"name":"Newsletter","kind":"multichannel","keyword":"news"}`)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var g struct {
		ID      int64  `json:"id"`
		Keyword string `json:"keyword"`
		Kind    string `json:"kind"`
	}
	res.json(t, &g)
	if g.Keyword != "NEWS" || g.Kind != "multichannel" {
		t.Errorf("group = %+v", g)
	}
	for body, want := range map[string]struct {
		status int
		field  string
	}{
		`{"name":"Other","kind":"sms","keyword":"NEWS"}`:    {http.StatusConflict, "keyword"},
		`{"name":"newsletter","kind":"sms"}`:                {http.StatusConflict, "name"},
		`{"name":"Stops","kind":"sms","keyword":"Stopp"}`:   {http.StatusUnprocessableEntity, "keyword"},
		`{"name":"Bad kind","kind":"fax"}`:                  {http.StatusUnprocessableEntity, "kind"},
		`{"name":"","kind":"sms"}`:                          {http.StatusUnprocessableEntity, "name"},
		`{"name":"Two words","kind":"sms","keyword":"A B"}`: {http.StatusUnprocessableEntity, "keyword"},
	} {
		res := f.do("POST", "/api/groups", cm, body)
		var e struct {
			Error struct {
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		res.json(t, &e)
		if res.Status != want.status || e.Error.Fields[want.field] == "" {
			t.Errorf("%s: %d %s, want %d naming %s", body, res.Status, res.Body, want.status, want.field)
		}
	}
	if res := f.do("GET", fmt.Sprintf("/api/groups/%d", g.ID), f.tokenB, ""); res.Status != http.StatusNotFound {
		t.Errorf("another account sees the group: %d", res.Status)
	}
}

// The hand-computed fixture: seven members of a multichannel group.
//
//	anna   SMS + WA, WA granted          → B, C1 C2 C3, D1 D2
//	bernd  SMS + WA, WA pending          → B, C1 C2, D1
//	clara  SMS only                      → B, C1
//	david  WA only, granted              → C1 C2 C3
//	emil   SMS + WA, granted, inactive   → C1 C2, D1
//	frida  SMS + WA, granted, blocked    → C1 C2, D1
//	gerda  SMS + WA, SMS opted out, WA granted → C1 C2 C3, D1
func TestGroupReachFiguresFollowConsentChanges(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cm := f.tokens["campaign_manager"]
	res := f.do("POST", "/api/groups", cm, `{"name":"Kunden","kind":"multichannel"}`)
	var g struct {
		ID int64 `json:"id"`
	}
	res.json(t, &g)
	type person struct {
		name, sms, wa string
		extra         map[string]any
	}
	people := []person{
		{"Anna", "+436641000001", "+436641000001", nil},
		{"Bernd", "+436641000002", "+436641000012", nil},
		{"Clara", "+436641000003", "", nil},
		{"David", "", "+436641000014", nil},
		{"Emil", "+436641000005", "+436641000015", map[string]any{"status": "inactive"}},
		{"Frida", "+436641000006", "+436641000016", map[string]any{"blocked": true}},
		{"Gerda", "+436641000007", "+436641000017", nil},
	}
	var ids []int64
	for _, p := range people {
		body := map[string]any{"name": p.name}
		if p.sms != "" {
			body["sms_number"] = p.sms
		}
		if p.wa != "" {
			body["whatsapp_number"] = p.wa
		}
		for k, v := range p.extra {
			body[k] = v
		}
		ids = append(ids, f.newContactID(cm, body))
	}
	for _, n := range []string{"+436641000001", "+436641000014", "+436641000015", "+436641000016", "+436641000017"} {
		f.setConsent(cm, n, "whatsapp", "granted")
	}
	f.setConsent(cm, "+436641000007", "sms", "revoked")
	if _, _, err := f.srv.Consent.Apply(t.Context(), f.srv.DB.Bun, f.acctA.ID, consentChange("+436641000012", "whatsapp", "pending")); err != nil {
		t.Fatal(err)
	}
	res = f.do("POST", fmt.Sprintf("/api/groups/%d/members", g.ID), cm, mustJSON(map[string]any{"contact_ids": ids}))
	if res.Status != http.StatusOK {
		t.Fatalf("add members: %d %s", res.Status, res.Body)
	}
	want := reachJSON{Members: 7, SMSReachable: 3, WhatsAppRegistered: 7, WhatsAppWithNumber: 6, WhatsAppReachable: 3,
		BothWithNumbers: 5, BothReachable: 1}
	if got := f.groupReach(cm, g.ID); got != want {
		t.Fatalf("reach = %+v\nwant    %+v", got, want)
	}

	// Each kind of consent change moves the figures.
	f.setConsent(cm, "+436641000012", "whatsapp", "granted") // Bernd grants
	want.WhatsAppReachable, want.BothReachable = 4, 2
	if got := f.groupReach(cm, g.ID); got != want {
		t.Errorf("after Bernd's grant: %+v\nwant %+v", got, want)
	}
	res = f.do("POST", "/api/consents/revoke", cm, `{"number":"+436641000001","channel_kind":"whatsapp","reason":"asked by phone"}`)
	if res.Status != http.StatusOK {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	want.WhatsAppReachable, want.BothReachable = 3, 1
	if got := f.groupReach(cm, g.ID); got != want {
		t.Errorf("after Anna's revocation: %+v\nwant %+v", got, want)
	}
	f.setConsent(cm, "+436641000007", "sms", "granted") // Gerda opts in to SMS again
	want.SMSReachable, want.BothReachable = 4, 2
	if got := f.groupReach(cm, g.ID); got != want {
		t.Errorf("after Gerda's SMS opt-in: %+v\nwant %+v", got, want)
	}
	res = f.do("DELETE", fmt.Sprintf("/api/groups/%d/members", g.ID), cm, mustJSON(map[string]any{"contact_ids": []int64{ids[6]}}))
	if res.Status != http.StatusOK {
		t.Fatalf("remove: %d %s", res.Status, res.Body)
	}
	want = reachJSON{Members: 6, SMSReachable: 3, WhatsAppRegistered: 6, WhatsAppWithNumber: 5, WhatsAppReachable: 2,
		BothWithNumbers: 4, BothReachable: 1}
	if got := f.groupReach(cm, g.ID); got != want {
		t.Errorf("after removing Gerda: %+v\nwant %+v", got, want)
	}
	var hist struct {
		Items []struct {
			Action string `json:"action"`
			Source string `json:"source"`
		} `json:"items"`
	}
	f.do("GET", fmt.Sprintf("/api/groups/%d/history", g.ID), cm, "").json(t, &hist)
	if len(hist.Items) != 8 || hist.Items[0].Action != "left" || hist.Items[0].Source != "api" {
		t.Errorf("history = %+v", hist.Items)
	}
}

func TestConsentsAreListedSearchedAndKeptWithHistory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cm := f.tokens["campaign_manager"]
	if res := f.do("PATCH", "/api/account/settings", f.tokens["admin"], `{"default_country":"AT"}`); res.Status != http.StatusOK {
		t.Fatalf("default country: %d %s", res.Status, res.Body)
	}
	f.newContactID(cm, map[string]any{"name": "Jürgen Österreicher", "whatsapp_number": "0664 2000001"})
	f.setConsent(cm, "0664 2000001", "whatsapp", "granted")
	f.setConsent(cm, "+436642000002", "sms", "revoked")
	var page struct {
		Items []struct {
			Number  string `json:"number"`
			State   string `json:"state"`
			Source  string `json:"source"`
			Contact *struct {
				Name string `json:"name"`
			} `json:"contact"`
		} `json:"items"`
		NextCursor *string `json:"next_cursor"`
	}
	f.do("GET", "/api/consents?q=J%C3%BCrgen", cm, "").json(t, &page)
	if len(page.Items) != 1 || page.Items[0].Number != "+436642000001" || page.Items[0].Contact == nil ||
		page.Items[0].Contact.Name != "Jürgen Österreicher" || page.Items[0].Source != "api" {
		t.Errorf("search by name = %+v", page.Items)
	}
	f.do("GET", "/api/consents?state=revoked&channel_kind=sms", cm, "").json(t, &page)
	if len(page.Items) != 1 || page.Items[0].Number != "+436642000002" {
		t.Errorf("filter = %+v", page.Items)
	}
	f.do("GET", "/api/consents?limit=1", cm, "").json(t, &page)
	if len(page.Items) != 1 || page.NextCursor == nil {
		t.Fatalf("first page = %+v", page)
	}
	f.do("GET", "/api/consents?limit=1&cursor="+*page.NextCursor, cm, "").json(t, &page)
	if len(page.Items) != 1 || page.NextCursor != nil {
		t.Errorf("second page = %+v", page)
	}
	// Editing or deleting the contact leaves the consent: it belongs to the number.
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	f.do("GET", "/api/contacts?q=J%C3%BCrgen", cm, "").json(t, &list)
	if len(list.Items) != 1 {
		t.Fatalf("contact search: %+v", list.Items)
	}
	id := list.Items[0].ID
	if res := f.do("PATCH", fmt.Sprintf("/api/contacts/%d", id), cm, `{"whatsapp_number":"+436642000009"}`); res.Status != http.StatusOK {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	if res := f.do("DELETE", fmt.Sprintf("/api/contacts/%d", id), cm, ""); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	if got := f.consentState("+436642000001", "whatsapp"); got != "granted" {
		t.Errorf("consent after editing and deleting the contact: %s", got)
	}
	var hist struct {
		Items []struct {
			State  string `json:"state"`
			Source string `json:"source"`
		} `json:"items"`
	}
	res := f.do("GET", "/api/consents/history?number=0664%202000001", cm, "")
	if res.Status != http.StatusOK {
		t.Fatalf("history: %d %s", res.Status, res.Body)
	}
	res.json(t, &hist)
	if len(hist.Items) != 1 || hist.Items[0].State != "granted" || hist.Items[0].Source != "api" {
		t.Errorf("history = %+v", hist.Items)
	}
	for path, want := range map[string]int{
		"/api/consents?state=maybe":          http.StatusUnprocessableEntity,
		"/api/consents?cursor=xyz":           http.StatusUnprocessableEntity,
		"/api/consents/history?number=hello": http.StatusUnprocessableEntity,
	} {
		if res := f.do("GET", path, cm, ""); res.Status != want {
			t.Errorf("%s: %d %s, want %d", path, res.Status, res.Body, want)
		}
	}
	if res := f.do("POST", "/api/consents", cm, `{"number":"+436642000003","channel_kind":"whatsapp","state":"granted","note":""}`); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("consent by hand without a note: %d", res.Status)
	}
	res = f.do("GET", "/api/consents/export?format=csv", cm, "")
	if res.Status != http.StatusOK || !bytesHasPrefix(res.Body, "\xef\xbb\xbfnumber") {
		t.Errorf("export: %d %q", res.Status, res.Body)
	}
}

func bytesHasPrefix(b []byte, prefix string) bool { return strings.HasPrefix(string(b), prefix) }

func consentChange(number, kind, state string) consent.Change {
	return consent.Change{Number: number, ChannelKind: kind, State: state, Source: consent.SourceWidget}
}
