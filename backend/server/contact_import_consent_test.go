package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

type consentSummaryJSON struct {
	State     string `json:"state"`
	Source    string `json:"source"`
	Detail    string `json:"detail"`
	ChangedAt string `json:"changed_at"`
}

func TestContactImportDeclaresConsentAndFillsAGroup(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	cm := f.tokens["campaign_manager"]
	b := f.newBrowser()
	if res := b.login("campaign_manager@a.test", testPassword); res.Status != http.StatusOK {
		t.Fatalf("login: %d", res.Status)
	}
	asUser := func(name string, data []byte, fields map[string]string) response {
		return f.uploadWith(b.client, map[string]string{"X-CSRF-Token": b.csrf(), "Origin": f.http.URL}, name, data, fields)
	}
	groupID := func(token, name string) int64 {
		res := f.do("POST", "/api/groups", token, mustJSON(map[string]string{"name": name, "kind": "multichannel"}))
		if res.Status != http.StatusCreated {
			t.Fatalf("create group: %d %s", res.Status, res.Body)
		}
		var g struct{ ID int64 }
		res.json(t, &g)
		return g.ID
	}
	g := groupID(cm, "Messe 2026")
	other := groupID(f.tokenB, "B's group")
	outside := f.newContactID(cm, map[string]any{"name": "Not in the group", "sms_number": "+436649999999"})

	data := readFixture(t, "consent.csv")
	for _, v := range []string{"abc", "-1", itoa(other), itoa(g + 1000)} {
		res := asUser("consent.csv", data, map[string]string{"group_id": v})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"group_id"`) {
			t.Errorf("group_id=%s: %d %s", v, res.Status, res.Body)
		}
	}

	res := asUser("consent.csv", data, map[string]string{"group_id": itoa(g)})
	if res.Status != http.StatusAccepted {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	var created struct {
		ID      int64  `json:"id"`
		GroupID *int64 `json:"group_id"`
	}
	res.json(t, &created)
	st := f.waitImport(cm, created.ID)
	if created.GroupID == nil || *created.GroupID != g || st.Status != "done" || st.Imported != 4 || st.Failed != 1 ||
		st.Errors[0].Code != "invalid_consent" || st.Errors[0].Column != "WhatsApp-Freigabe" {
		t.Fatalf("import: created %+v, status %+v", created, st)
	}
	var got struct {
		GroupID *int64 `json:"group_id"`
	}
	f.do("GET", "/api/contacts/imports/"+itoa(created.ID), cm, "").json(t, &got)
	if got.GroupID == nil || *got.GroupID != g {
		t.Errorf("GET import group_id = %v", got.GroupID)
	}

	// The phone book filtered by the group lists exactly its members.
	var list struct {
		Items []struct {
			ID          int64  `json:"id"`
			DisplayName string `json:"display_name"`
		} `json:"items"`
	}
	f.do("GET", fmt.Sprintf("/api/contacts?group_id=%d&sort=name", g), cm, "").json(t, &list)
	var names []string
	ids := map[string]int64{}
	for _, c := range list.Items {
		names = append(names, c.DisplayName)
		ids[c.DisplayName] = c.ID
	}
	if fmt.Sprint(names) != "[Anna Auer Bernd Berg Clara Chen Emil Ernst]" {
		t.Errorf("members listed = %v", names)
	}
	f.do("GET", fmt.Sprintf("/api/contacts?group_id=%d", other), cm, "").json(t, &list)
	if len(list.Items) != 0 {
		t.Errorf("another account's group lists %d contacts", len(list.Items))
	}
	if res := f.do("GET", "/api/contacts?group_id=x", cm, ""); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("group_id=x: %d", res.Status)
	}
	csv := f.do("GET", fmt.Sprintf("/api/contacts/export?format=csv&columns=name&group_id=%d", g), cm, "")
	if want := "\xef\xbb\xbfname\r\nAnna Auer\r\nBernd Berg\r\nClara Chen\r\nEmil Ernst\r\n"; string(csv.Body) != want {
		t.Errorf("export of the group = %q, want %q", csv.Body, want)
	}
	var bulk struct{ Affected int }
	f.do("POST", "/api/contacts/bulk", cm, mustJSON(map[string]any{"action": "label", "label_id": f.labelID(f.tokens["admin"], "Messe"),
		"filter": map[string]any{"group_id": g}})).json(t, &bulk)
	if bulk.Affected != 4 {
		t.Errorf("bulk by group affected %d", bulk.Affected)
	}

	// The contact detail shows the consents the file declared.
	var detail struct {
		Consents map[string]*consentSummaryJSON `json:"consents"`
	}
	f.do("GET", fmt.Sprintf("/api/contacts/%d", ids["Anna Auer"]), f.tokens["agent"], "").json(t, &detail)
	for _, kind := range []string{"whatsapp", "sms"} {
		c := detail.Consents[kind]
		if c == nil || c.State != "granted" || c.Source != "import" || c.Detail != "consent.csv: Messe 2026 Formular" || c.ChangedAt == "" {
			t.Errorf("Anna's %s consent = %+v", kind, c)
		}
	}
	f.do("GET", fmt.Sprintf("/api/contacts/%d", ids["Bernd Berg"]), cm, "").json(t, &detail)
	if c := detail.Consents["sms"]; c == nil || c.State != "revoked" || detail.Consents["whatsapp"] != nil {
		t.Errorf("Bernd's consents = %+v %+v", detail.Consents["sms"], detail.Consents["whatsapp"])
	}
	res = f.do("GET", fmt.Sprintf("/api/contacts/%d", outside), cm, "")
	if !strings.Contains(string(res.Body), `"consents":{"whatsapp":null,"sms":null}`) {
		t.Errorf("contact without consents: %s", res.Body)
	}
	// The consent names the importing user.
	var consents struct {
		Items []struct {
			UserID *int64 `json:"user_id"`
			Detail string `json:"detail"`
		} `json:"items"`
	}
	f.do("GET", "/api/consents?number=%2B436649000003&channel_kind=whatsapp", cm, "").json(t, &consents)
	if len(consents.Items) != 1 || consents.Items[0].UserID == nil || *consents.Items[0].UserID != f.users["campaign_manager"].ID ||
		consents.Items[0].Detail != "consent.csv" {
		t.Errorf("consent of Clara = %+v", consents.Items)
	}
}

// labelID creates a label and returns its id.
func (f *fixture) labelID(token, name string) int64 {
	f.t.Helper()
	res := f.do("POST", "/api/labels", token, mustJSON(map[string]string{"name": name}))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create label: %d %s", res.Status, res.Body)
	}
	var l struct{ ID int64 }
	res.json(f.t, &l)
	return l.ID
}
