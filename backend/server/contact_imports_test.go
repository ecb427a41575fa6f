package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// importFixture is a running server whose job queue works imports.
func importFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	if err := f.srv.Jobs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = f.srv.Jobs.Stop(stop)
		cancel()
	})
	if _, err := f.srv.DB.Bun.ExecContext(ctx, "UPDATE accounts SET default_country = 'AT' WHERE id = ?", f.acctA.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// upload posts a multipart form with the file and the other fields.
func (f *fixture) upload(token, name string, data []byte, fields map[string]string) response {
	f.t.Helper()
	return f.uploadWith(http.DefaultClient, map[string]string{"Authorization": "Bearer " + token}, name, data, fields)
}

func (f *fixture) uploadWith(c *http.Client, hdr map[string]string, name string, data []byte, fields map[string]string) response {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", f.http.URL+"/api/contacts/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, b, res.Header}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "contactimport", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type importStatus struct {
	ID        int64  `json:"id"`
	Status    string `json:"status"`
	FileName  string `json:"file_name"`
	Total     int    `json:"total"`
	Imported  int    `json:"imported"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Failed    int    `json:"failed"`
	Errors    []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// waitImport polls the import until the job finished it.
func (f *fixture) waitImport(token string, id int64) importStatus {
	f.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res := f.do("GET", "/api/contacts/imports/"+itoa(id), token, "")
		if res.Status != http.StatusOK {
			f.t.Fatalf("GET import: %d %s", res.Status, res.Body)
		}
		var st importStatus
		res.json(f.t, &st)
		if st.Status == "done" || st.Status == "failed" {
			return st
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("import %d still %s", id, st.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestContactImportRunsAsAJobAndReportsRowErrors(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	tok := f.tokens[cmgr]
	if _, err := f.srv.DB.Bun.ExecContext(context.Background(), `INSERT INTO contact_attributes (account_id, key, label, type)
		VALUES (?, 'kundennummer', 'Kundennummer', 'number')`, f.acctA.ID); err != nil {
		t.Fatal(err)
	}
	res := f.upload(tok, "bad_numbers.csv", readFixture(t, "bad_numbers.csv"), nil)
	if res.Status != http.StatusAccepted {
		t.Fatalf("POST import: %d %s", res.Status, res.Body)
	}
	var created struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	res.json(t, &created)
	if created.ID == 0 || created.Status != "queued" {
		t.Fatalf("created = %s", res.Body)
	}
	st := f.waitImport(tok, created.ID)
	if st.Status != "done" || st.Total != 6 || st.Imported != 1 || st.Failed != 5 || st.FileName != "bad_numbers.csv" {
		t.Errorf("status = %+v", st)
	}
	var raw map[string]json.RawMessage
	f.do("GET", "/api/contacts/imports/"+itoa(created.ID), tok, "").json(t, &raw)
	for _, k := range []string{"id", "status", "file_name", "total", "imported", "updated", "unchanged", "failed", "errors"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("GET import has no %q: %v", k, raw)
		}
	}
	if len(st.Errors) != 5 || st.Errors[0].Row != 2 || st.Errors[0].Column != "SMS" || st.Errors[0].Code != "invalid_number" ||
		st.Errors[0].Message == "" {
		t.Errorf("errors = %+v", st.Errors)
	}

	csv := f.do("GET", "/api/contacts/imports/"+itoa(created.ID)+"/errors.csv", tok, "")
	if csv.Status != http.StatusOK || !strings.HasPrefix(string(csv.Body), "\xef\xbb\xbfrow,column,code,message\r\n2,SMS,invalid_number,") {
		t.Errorf("errors.csv: %d %q", csv.Status, csv.Body)
	}
	// Another account sees no such import.
	if res := f.do("GET", "/api/contacts/imports/"+itoa(created.ID), f.tokenB, ""); res.Status != http.StatusNotFound {
		t.Errorf("account B: %d", res.Status)
	}
}

func TestContactImportPreviewStoresNothing(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	res := f.upload(f.tokens[admin], "w.csv", readFixture(t, "windows1252.csv"), map[string]string{"preview": "true"})
	if res.Status != http.StatusOK {
		t.Fatalf("preview: %d %s", res.Status, res.Body)
	}
	var p struct {
		Format           string            `json:"format"`
		Delimiter        string            `json:"delimiter"`
		Encoding         string            `json:"encoding"`
		Headers          []string          `json:"headers"`
		Rows             [][]string        `json:"rows"`
		SuggestedMapping map[string]string `json:"suggested_mapping"`
	}
	res.json(t, &p)
	if p.Format != "csv" || p.Delimiter != ";" || p.Encoding != "windows-1252" || len(p.Rows) != 2 || p.Rows[0][0] != "Jörg" ||
		p.SuggestedMapping["Handy"] != "sms_number" || p.SuggestedMapping["Aktiv"] != "activated" {
		t.Errorf("preview = %s", res.Body)
	}
	var n int
	f.srv.DB.Bun.NewRaw("SELECT count(*) FROM contact_imports").Scan(context.Background(), &n)
	if n != 0 {
		t.Errorf("%d imports stored by a preview", n)
	}
}

func TestBadImportFilesGetAClearErrorAndImportNothing(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	tests := []struct {
		name   string
		data   []byte
		fields map[string]string
		status int
		code   string
		field  string
	}{
		{"doc.pdf", []byte("%PDF-1.7\n"), nil, 422, "unsupported_file", "file"},
		{"empty.csv", nil, nil, 422, "empty_file", "file"},
		{"garbage.csv", bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef, 0}, 1<<20), nil, 422, "binary_content", "file"},
		{"no_number_column.csv", readFixture(t, "no_number_column.csv"), nil, 422, "no_number_column", "file"},
		{"seed.csv", readFixture(t, "seed_format.csv"), map[string]string{"mapping": "[1,2]"}, 422, "validation_failed", "mapping"},
		{"seed.csv", readFixture(t, "seed_format.csv"), map[string]string{"update_existing": "perhaps"}, 422, "validation_failed", "update_existing"},
	}
	for _, tt := range tests {
		res := f.upload(f.tokens[admin], tt.name, tt.data, tt.fields)
		var env struct {
			Error struct {
				Code   string            `json:"code"`
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		res.json(t, &env)
		if res.Status != tt.status || env.Error.Code != tt.code || env.Error.Fields[tt.field] == "" {
			t.Errorf("%s: %d %s, want %d %s naming %s", tt.name, res.Status, res.Body, tt.status, tt.code, tt.field)
		}
	}
	var n int
	f.srv.DB.Bun.NewRaw("SELECT (SELECT count(*) FROM contact_imports) + (SELECT count(*) FROM contacts)").Scan(context.Background(), &n)
	if n != 0 {
		t.Errorf("%d imports and contacts stored", n)
	}
}

func TestAgentsNeitherImportNorExport(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	if res := f.upload(f.tokens[agent], "seed.csv", readFixture(t, "seed_format.csv"), nil); res.Status != http.StatusForbidden {
		t.Errorf("agent import: %d %s", res.Status, res.Body)
	}
	if res := f.do("GET", "/api/contacts/export?format=csv", f.tokens[agent], ""); res.Status != http.StatusForbidden {
		t.Errorf("agent export: %d %s", res.Status, res.Body)
	}
}

func TestContactExportOverHTTP(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	tok := f.tokens[super]
	res := f.upload(tok, "seed.csv", readFixture(t, "seed_format.csv"), nil)
	var created struct{ ID int64 }
	res.json(t, &created)
	f.waitImport(tok, created.ID)

	csv := f.doWith(http.DefaultClient, "GET", "/api/contacts/export?format=csv&columns=name,sms_number,status&status=active", tok, "",
		map[string]string{"Accept-Language": "de-AT,de;q=0.9"})
	if csv.Status != http.StatusOK || csv.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(csv.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv export: %d %v %s", csv.Status, csv.Header, csv.Body)
	}
	want := "\xef\xbb\xbfname;sms_number;status\r\nMax Mustermann;'+436641111111;active\r\nNur WhatsApp;;active\r\n"
	if string(csv.Body) != want {
		t.Errorf("csv = %q, want %q", csv.Body, want)
	}

	x := f.do("GET", "/api/contacts/export?format=xlsx&columns=name,whatsapp_number&has_whatsapp=true", tok, "")
	if x.Status != http.StatusOK {
		t.Fatalf("xlsx export: %d %s", x.Status, x.Body)
	}
	book, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, _ := book.GetRows("Contacts")
	if len(rows) != 3 || rows[1][0] != "Max Mustermann" || rows[2][1] != "'+436643333333" {
		t.Errorf("xlsx rows = %q", rows)
	}

	for _, q := range []string{"format=pdf", "columns=secret", "ids=1,x", "delimiter=|", "status=gone"} {
		res := f.do("GET", "/api/contacts/export?"+q, tok, "")
		if res.Status != http.StatusBadRequest && res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", q, res.Status, res.Body)
			continue
		}
		res.errorCode(t)
	}
}

func TestImportProgressReachesOnlyTheUploader(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	uploader := dialAs(t, f, f.http.URL, "campaign_manager@a.test")
	other := dialAs(t, f, f.http.URL, "admin@a.test")
	// Signed in (API tokens have no user to tell).
	b := f.newBrowser()
	if res := b.login("campaign_manager@a.test", testPassword); res.Status != http.StatusOK {
		t.Fatalf("login: %d", res.Status)
	}
	res := f.uploadWith(b.client, map[string]string{"X-CSRF-Token": b.csrf(), "Origin": f.http.URL},
		"seed.csv", readFixture(t, "seed_format.csv"), nil)
	if res.Status != http.StatusAccepted {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	var created struct{ ID int64 }
	res.json(t, &created)
	ev := waitFor(t, uploader, "contact_import.updated", `"status":"done"`)
	var data struct {
		ID       int64  `json:"id"`
		Status   string `json:"status"`
		Imported int    `json:"imported"`
		Total    int    `json:"total"`
	}
	if err := json.Unmarshal(ev.Data, &data); err != nil || data.ID != created.ID || data.Imported != 3 || data.Total != 3 {
		t.Errorf("event = %s", ev.Data)
	}
	expectSilence(t, other, `"imported"`, 300*time.Millisecond)
}

func TestImportFileOverFiftyMegabytesIsRefused(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	res := f.upload(f.tokens[admin], "big.csv", bytes.Repeat([]byte("Name;SMS\n"), (51<<20)/9), nil)
	if res.Status != http.StatusRequestEntityTooLarge || res.errorCode(t) != "too_large" {
		t.Errorf("upload: %d %s", res.Status, res.Body)
	}
}

func TestImportingIntoAGroupNeedsGroupsWrite(t *testing.T) {
	t.Parallel()
	f := importFixture(t)
	res := f.do("POST", "/api/groups", f.tokens["campaign_manager"], `{"name":"Messe","kind":"sms"}`)
	var g struct{ ID int64 }
	res.json(t, &g)
	// A supervisor may import, but not change a group's members that way.
	res = f.upload(f.tokens[super], "seed.csv", readFixture(t, "seed_format.csv"), map[string]string{"group_id": strconv.FormatInt(g.ID, 10)})
	if res.Status != http.StatusForbidden || res.errorCode(t) != "forbidden" {
		t.Errorf("supervisor import into a group: %d %s", res.Status, res.Body)
	}
	if res := f.upload(f.tokens["campaign_manager"], "seed.csv", readFixture(t, "seed_format.csv"), map[string]string{"group_id": strconv.FormatInt(g.ID, 10)}); res.Status != http.StatusAccepted {
		t.Errorf("campaign manager import into a group: %d %s", res.Status, res.Body)
	}
}
