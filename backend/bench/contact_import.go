package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"
)

// importCSV builds the import scenario's file: rows contacts as German
// Excel saves them (semicolons, national numbers), with a label, a
// choice attribute and declared consent (WhatsApp granted where there is
// a WhatsApp number, SMS granted or, every 4th row, revoked, with a source
// text); every 500th row has a bad number and every 1,000th repeats the
// number of the row before.
func importCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("\xef\xbb\xbfVorname;Nachname;SMS;WhatsApp;Aktiv;Labels;Tarif;WhatsApp-Freigabe;SMS-Freigabe;Quelle der Freigabe\r\n")
	tiers := []string{"Gold", "Silber", "Bronze"}
	for i := 1; i <= rows; i++ {
		n := i
		if i%1000 == 0 {
			n = i - 1
		}
		sms := fmt.Sprintf("0676 %07d", n)
		if i%500 == 250 {
			sms = "12"
		}
		wa, waConsent := "", ""
		if i%2 == 0 {
			wa, waConsent = sms, "ja"
		}
		smsConsent := "ja"
		if i%4 == 0 {
			smsConsent = "nein"
		}
		fmt.Fprintf(&b, "Kontakt %d;Müller-Größl;%s;%s;%d;Import %d;%s;%s;%s;Messe 2026 Formular\r\n",
			i, sms, wa, 1-i%10/9, i%5, tiers[i%3], waConsent, smsConsent)
	}
	return b.Bytes()
}

type importState struct {
	ID        int64  `json:"id"`
	Status    string `json:"status"`
	Total     int    `json:"total"`
	Imported  int    `json:"imported"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Failed    int    `json:"failed"`
	Error     string `json:"error"`
}

// runImport imports a generated file of o.ImportRows contacts into a group
// through the API and its job, imports it again (everything unchanged, no
// consent or membership changes), and exports the phone book as CSV and
// XLSX.
func runImport(ctx context.Context, in *instance, o Options, rep *Report) error {
	const sc = "import"
	pool := in.srv.DB.Pool
	if _, err := pool.Exec(ctx, "UPDATE accounts SET default_country = 'AT' WHERE id = $1", in.accountID); err != nil {
		return err
	}
	if _, err := pool.Exec(ctx, `INSERT INTO contact_attributes (account_id, key, label, type, options)
		VALUES ($1, 'tarif', 'Tarif', 'choice', '["Gold","Silber","Bronze"]') ON CONFLICT DO NOTHING`, in.accountID); err != nil {
		return err
	}
	var group struct{ ID int64 }
	if err := in.call(ctx, "POST", "/api/groups", map[string]string{"name": fmt.Sprintf("Bench import %d", time.Now().UnixNano()),
		"kind": "multichannel"}, &group); err != nil {
		return err
	}
	data := importCSV(o.ImportRows)
	rep.add(sc, "file", fmt.Sprintf("%s rows, %.1f MB CSV (semicolons, BOM, national numbers, labels, an attribute, WhatsApp and SMS consent with a source), into a group",
		thousands(int64(o.ImportRows)), float64(len(data))/(1<<20)))

	for _, run := range []struct {
		name   string
		update bool
	}{{"first import", false}, {"same file again, update_existing", true}} {
		progress("import: %s", run.name)
		start := time.Now()
		st, err := in.importFile(ctx, data, run.update, group.ID)
		if err != nil {
			return err
		}
		took := time.Since(start)
		if st.Status != "done" {
			return fmt.Errorf("%s: import ended %s: %s", run.name, st.Status, st.Error)
		}
		rep.check(sc, fmt.Sprintf("%s: upload to done (imported %s, updated %s, unchanged %s, failed %s)", run.name,
			thousands(int64(st.Imported)), thousands(int64(st.Updated)), thousands(int64(st.Unchanged)), thousands(int64(st.Failed))),
			fmt.Sprintf("%.1f s", took.Seconds()), "≤ 60 s", took <= 60*time.Second)
	}

	var total, consents, history, members int64
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM contacts WHERE account_id = $1),
			(SELECT count(*) FROM consents WHERE account_id = $1), (SELECT count(*) FROM consent_history WHERE account_id = $1),
			(SELECT count(*) FROM contact_group_members WHERE group_id = $2)`, in.accountID, group.ID).
		Scan(&total, &consents, &history, &members); err != nil {
		return err
	}
	rep.add(sc, "written by the two imports", fmt.Sprintf("%s consents, %s history entries, %s group members",
		thousands(consents), thousands(history), thousands(members)))
	for _, format := range []string{"csv", "xlsx"} {
		progress("import: export %s", format)
		start := time.Now()
		n, err := in.download(ctx, "/api/contacts/export?format="+format)
		if err != nil {
			return err
		}
		took := time.Since(start)
		rep.check(sc, fmt.Sprintf("export %s contacts as %s (%.1f MB), request to last byte", thousands(total), format, float64(n)/(1<<20)),
			fmt.Sprintf("%.1f s", took.Seconds()), "≤ 10 s", took <= 10*time.Second)
	}
	rep.note("import: the file goes through POST /api/contacts/imports and the River job on this server; the time runs from the upload until GET /api/contacts/imports/{id} says done (polled every 100 ms). Export: GET /api/contacts/export with every column, read to the end.")
	return nil
}

// importFile uploads data and waits for its import to finish.
func (in *instance) importFile(ctx context.Context, data []byte, update bool, groupID int64) (*importState, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "bench.csv")
	fw.Write(data)
	mw.WriteField("update_existing", strconv.FormatBool(update))
	if groupID != 0 {
		mw.WriteField("group_id", strconv.FormatInt(groupID, 10))
	}
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, "POST", in.url+"/api/contacts/imports", &body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", in.csrf)
	req.Header.Set("Origin", in.url)
	res, err := in.api.Do(req)
	if err != nil {
		return nil, err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		return nil, fmt.Errorf("POST /api/contacts/imports: %d %s", res.StatusCode, b)
	}
	var st importState
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(5 * time.Minute)
	for st.Status == "queued" || st.Status == "running" {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("import %d still %s after 5 minutes", st.ID, st.Status)
		}
		time.Sleep(100 * time.Millisecond)
		if err := in.call(ctx, "GET", "/api/contacts/imports/"+strconv.FormatInt(st.ID, 10), nil, &st); err != nil {
			return nil, err
		}
	}
	return &st, nil
}

// download reads a GET response to the end and returns its size.
func (in *instance) download(ctx context.Context, path string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", in.url+path, nil)
	if err != nil {
		return 0, err
	}
	res, err := in.api.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return 0, fmt.Errorf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return io.Copy(io.Discard, res.Body)
}
