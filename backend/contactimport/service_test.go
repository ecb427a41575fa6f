package contactimport

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/contacts"
	"switchboard/backend/media"
	"switchboard/backend/testdb"
)

type bundle struct {
	svc       *Service
	db        *bun.DB
	store     media.Store
	accountID int64
	jobs      *queuedJobs
}

// queuedJobs records what would be queued; tests run the import themselves.
type queuedJobs struct{ ids []int64 }

func (q *queuedJobs) EnqueueContactImport(_ context.Context, id int64) error {
	q.ids = append(q.ids, id)
	return nil
}

func setup(t *testing.T) *bundle {
	t.Helper()
	ctx := context.Background()
	db := testdb.New(t)
	var acct struct{ ID int64 }
	if err := db.Bun.NewRaw("INSERT INTO accounts (name, default_country) VALUES ('Import test', 'AT') RETURNING id").
		Scan(ctx, &acct.ID); err != nil {
		t.Fatal(err)
	}
	for _, a := range []contacts.AttributeDef{
		{AccountID: acct.ID, Key: "geburtstag", Label: "Geburtstag", Type: contacts.TypeDate, Options: []string{}},
		{AccountID: acct.ID, Key: "tarif", Label: "Tarif", Type: contacts.TypeChoice, Options: []string{"Premium", "Basis"}},
		{AccountID: acct.ID, Key: "kundennummer", Label: "Kundennummer", Type: contacts.TypeNumber, Options: []string{}},
	} {
		if _, err := db.Bun.NewInsert().Model(&a).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	store, err := media.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := New(Config{DB: db.Bun, Media: store, Contacts: contacts.NewService(db.Bun, nil), BatchSize: 2})
	q := &queuedJobs{}
	svc.SetJobs(q)
	return &bundle{svc: svc, db: db.Bun, store: store, accountID: acct.ID, jobs: q}
}

func upload(name string, data []byte) Upload {
	return Upload{Name: name, Size: int64(len(data)), File: bytes.NewReader(data)}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// importData uploads data and runs its import to the end.
func (b *bundle) importData(t *testing.T, name string, data []byte, opts Options) *Import {
	t.Helper()
	ctx := context.Background()
	imp, err := b.svc.Create(ctx, b.accountID, 0, upload(name, data), opts)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if imp.Status != StatusQueued || len(b.jobs.ids) == 0 || b.jobs.ids[len(b.jobs.ids)-1] != imp.ID {
		t.Fatalf("import %d not queued: %+v", imp.ID, b.jobs.ids)
	}
	if err := b.svc.Run(ctx, imp.ID, true); err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := b.svc.Get(ctx, b.accountID, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

type stored struct {
	Name, FirstName, LastName string
	SMS, WhatsApp             string
	Status                    string
	Blocked                   bool
	Attributes                map[string]any
	Labels                    string
}

func (b *bundle) contacts(t *testing.T) map[string]stored {
	t.Helper()
	var rows []struct {
		Name       string         `bun:"name"`
		First      string         `bun:"first_name"`
		Last       string         `bun:"last_name"`
		SMS        string         `bun:"sms"`
		WA         string         `bun:"wa"`
		Status     string         `bun:"status"`
		Blocked    bool           `bun:"blocked"`
		Attributes map[string]any `bun:"attributes,type:jsonb"`
		Labels     string         `bun:"labels"`
	}
	err := b.db.NewRaw(`SELECT c.name, c.first_name, c.last_name, coalesce(c.sms_number, '') AS sms,
		coalesce(c.whatsapp_number, '') AS wa, c.status, c.blocked, c.attributes,
		coalesce((SELECT string_agg(l.name, ',' ORDER BY l.name) FROM contact_labels cl JOIN labels l ON l.id = cl.label_id
		          WHERE cl.contact_id = c.id), '') AS labels
		FROM contacts c WHERE c.account_id = ?`, b.accountID).Scan(context.Background(), &rows)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]stored{}
	for _, r := range rows {
		key := r.SMS
		if key == "" {
			key = r.WA
		}
		out[key] = stored{r.Name, r.First, r.Last, r.SMS, r.WA, r.Status, r.Blocked, r.Attributes, r.Labels}
	}
	return out
}

func errorKeys(errs []RowError) []string {
	var out []string
	for _, e := range errs {
		if e.Message == "" {
			out = append(out, "no message")
		}
		out = append(out, strings.Join([]string{itoa(e.Row), e.Column, e.Code}, "|"))
	}
	sort.Strings(out)
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestImportFixturesGiveTheExpectedRowResults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		imported int
		failed   int
		errors   []string // row|column|code
		contacts map[string]stored
	}{
		{file: "semicolon_bom_umlauts.csv", imported: 3, contacts: map[string]stored{
			"+436641234567": {Name: "Jürgen Müller", SMS: "+436641234567", Status: "active",
				Attributes: map[string]any{"geburtstag": "1980-12-04", "tarif": "Premium"}},
			"+436761111111": {Name: "Öztürk; Ayşe", SMS: "+436761111111", WhatsApp: "+436761111111", Status: "inactive",
				Attributes: map[string]any{"geburtstag": "1990-01-31", "tarif": "Basis"}},
			"+4369922233344": {Name: "Zoë Straße", WhatsApp: "+4369922233344", Status: "active", Attributes: map[string]any{}},
		}},
		{file: "windows1252.csv", imported: 2, contacts: map[string]stored{
			"+436642222222": {FirstName: "Jörg", LastName: "Weiß", SMS: "+436642222222", Status: "active", Attributes: map[string]any{}},
			"+436643333333": {FirstName: "Änne", LastName: "Grün", SMS: "+436643333333", Status: "inactive", Attributes: map[string]any{}},
		}},
		{file: "national_numbers.csv", imported: 5, contacts: map[string]stored{
			"+436641234567": {Name: "Local AT", SMS: "+436641234567", Status: "active", Attributes: map[string]any{}},
			"+436641234568": {Name: "International 00", SMS: "+436641234568", Status: "active", Attributes: map[string]any{}},
			"+4915112345678": {Name: "German +49", SMS: "+4915112345678", WhatsApp: "+4915112345678", Status: "active",
				Attributes: map[string]any{}},
			"+436641234569": {Name: "Brackets", SMS: "+436641234569", Status: "active", Attributes: map[string]any{}},
			"+436641234570": {Name: "Lost plus", WhatsApp: "+436641234570", Status: "active", Attributes: map[string]any{}},
		}},
		{file: "duplicates.csv", imported: 2, failed: 2,
			errors: []string{"3|SMS|duplicate_in_file", "5|WhatsApp|duplicate_in_file"}},
		{file: "bad_numbers.csv", imported: 1, failed: 5,
			errors: []string{"2|SMS|invalid_number", "3|SMS|invalid_number", "4||no_number", "6|Status|invalid_status",
				"7|Kundennummer|invalid_number_value"},
			contacts: map[string]stored{
				"+436645555555": {Name: "Good", SMS: "+436645555555", Status: "active", Attributes: map[string]any{"kundennummer": 1234.5}},
			}},
		{file: "formula.csv", imported: 3, failed: 1, errors: []string{"5|sms_number|invalid_number"},
			contacts: map[string]stored{
				"+436647000001": {Name: `=HYPERLINK("http://x","y")`, SMS: "+436647000001", Status: "active", Attributes: map[string]any{}},
				"+436647000002": {Name: "@SUM(1+1)", SMS: "+436647000002", Status: "active", Attributes: map[string]any{}},
				"+436647000003": {Name: "-minus", SMS: "+436647000003", Status: "active", Attributes: map[string]any{}},
			}},
		{file: "seed_format.csv", imported: 3, contacts: map[string]stored{
			"+436641111111": {Name: "Max Mustermann", SMS: "+436641111111", WhatsApp: "+436641111111", Status: "active", Attributes: map[string]any{}},
			"+436642222222": {Name: "Erika Musterfrau", SMS: "+436642222222", Status: "inactive", Attributes: map[string]any{}},
			"+436643333333": {Name: "Nur WhatsApp", WhatsApp: "+436643333333", Status: "active", Attributes: map[string]any{}},
		}},
		{file: "contacts.xlsx", imported: 3, contacts: map[string]stored{
			"+436648000001": {Name: "Anna Äpfel", SMS: "+436648000001", Status: "active", Attributes: map[string]any{}, Labels: "VIP,Wien"},
			"+436648000002": {Name: "Bert Birne", SMS: "+436648000002", WhatsApp: "+436648000002", Status: "inactive",
				Attributes: map[string]any{}, Labels: "Wien"},
			"+436648000003": {Name: "Carla Citrus", SMS: "+436648000003", Status: "active", Attributes: map[string]any{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			imp := b.importData(t, tt.file, fixture(t, tt.file), Options{})
			if imp.Status != StatusDone || imp.Error != "" {
				t.Fatalf("status %s, error %q", imp.Status, imp.Error)
			}
			if imp.Total != tt.imported+tt.failed || imp.Imported != tt.imported || imp.Failed != tt.failed ||
				imp.Updated != 0 || imp.Unchanged != 0 {
				t.Errorf("counts total=%d imported=%d updated=%d unchanged=%d failed=%d, want imported %d failed %d",
					imp.Total, imp.Imported, imp.Updated, imp.Unchanged, imp.Failed, tt.imported, tt.failed)
			}
			if got, want := strings.Join(errorKeys(imp.Errors), " "), strings.Join(tt.errors, " "); got != want {
				t.Errorf("errors = %s, want %s\n%+v", got, want, imp.Errors)
			}
			if tt.contacts != nil {
				got := b.contacts(t)
				if len(got) != len(tt.contacts) {
					t.Errorf("%d contacts stored, want %d: %+v", len(got), len(tt.contacts), got)
				}
				for k, want := range tt.contacts {
					if g := got[k]; !equalStored(g, want) {
						t.Errorf("contact %s = %+v, want %+v", k, g, want)
					}
				}
			}
		})
	}
}

func equalStored(a, b stored) bool {
	if len(a.Attributes) != len(b.Attributes) {
		return false
	}
	for k, v := range a.Attributes {
		if b.Attributes[k] != v {
			return false
		}
	}
	return a.Name == b.Name && a.FirstName == b.FirstName && a.LastName == b.LastName && a.SMS == b.SMS &&
		a.WhatsApp == b.WhatsApp && a.Status == b.Status && a.Blocked == b.Blocked && a.Labels == b.Labels
}

func TestDuplicateInFileNamesTheEarlierRow(t *testing.T) {
	t.Parallel()
	b := setup(t)
	imp := b.importData(t, "duplicates.csv", fixture(t, "duplicates.csv"), Options{})
	for _, e := range imp.Errors {
		want := map[int]string{3: "row 2", 5: "row 4"}[e.Row]
		if !strings.Contains(e.Message, want) {
			t.Errorf("row %d: message %q does not name %s", e.Row, e.Message, want)
		}
	}
}

func TestImportingTheSameFileTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	for _, update := range []bool{false, true} {
		b := setup(t)
		data := fixture(t, "semicolon_bom_umlauts.csv")
		first := b.importData(t, "a.csv", data, Options{UpdateExisting: update})
		before := b.contacts(t)
		second := b.importData(t, "a.csv", data, Options{UpdateExisting: update})
		if first.Imported != 3 || second.Imported != 0 || second.Updated != 0 || second.Unchanged != 3 || second.Failed != 0 {
			t.Errorf("update_existing=%v: first %+v, second imported=%d updated=%d unchanged=%d failed=%d", update,
				first.Imported, second.Imported, second.Updated, second.Unchanged, second.Failed)
		}
		after := b.contacts(t)
		for k, v := range before {
			if !equalStored(after[k], v) {
				t.Errorf("contact %s changed: %+v → %+v", k, v, after[k])
			}
		}
	}
	// Labels too: the XLSX fixture labels its contacts.
	b := setup(t)
	b.importData(t, "c.xlsx", fixture(t, "contacts.xlsx"), Options{UpdateExisting: true})
	again := b.importData(t, "c.xlsx", fixture(t, "contacts.xlsx"), Options{UpdateExisting: true})
	if again.Unchanged != 3 || again.Updated != 0 {
		t.Errorf("second XLSX import: updated=%d unchanged=%d", again.Updated, again.Unchanged)
	}
}

func TestUpdateExistingMatchesByEitherNumberAndUpdatesOnlyChangedFields(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.importData(t, "seed.csv", fixture(t, "seed_format.csv"), Options{})
	// Max by WhatsApp number only, Erika gets a WhatsApp number, an
	// unchanged Nur WhatsApp, and a new contact.
	edit := "Name;WhatsApp;SMS;Activated\n" +
		"Max M.;+436641111111;;\n" +
		"Erika Musterfrau;0664 9999999;0664 2222222;0\n" +
		"Nur WhatsApp;+436643333333;;1\n" +
		"Neu;;0664 4444444;1\n"
	skip := b.importData(t, "edit.csv", []byte(edit), Options{})
	if skip.Imported != 1 || skip.Unchanged != 3 || skip.Updated != 0 {
		t.Errorf("without update_existing: %+v", skip)
	}
	upd := b.importData(t, "edit.csv", []byte(edit), Options{UpdateExisting: true})
	if upd.Imported != 0 || upd.Updated != 2 || upd.Unchanged != 2 || upd.Failed != 0 {
		t.Errorf("with update_existing: imported=%d updated=%d unchanged=%d failed=%d", upd.Imported, upd.Updated, upd.Unchanged, upd.Failed)
	}
	got := b.contacts(t)
	if max := got["+436641111111"]; max.Name != "Max M." || max.SMS != "+436641111111" || max.Status != "active" {
		t.Errorf("Max = %+v", max)
	}
	if erika := got["+436642222222"]; erika.WhatsApp != "+436649999999" || erika.Status != "inactive" {
		t.Errorf("Erika = %+v", erika)
	}
}

func TestNumbersOfTwoContactsInOneRowAreRefused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.importData(t, "seed.csv", fixture(t, "seed_format.csv"), Options{})
	imp := b.importData(t, "x.csv", []byte("SMS;WhatsApp\n+436642222222;+436643333333\n"), Options{UpdateExisting: true})
	if imp.Failed != 1 || len(imp.Errors) != 1 || imp.Errors[0].Code != CodeNumberTaken || imp.Errors[0].Row != 2 {
		t.Errorf("import = %+v", imp)
	}
}

func TestMappingChoosesTheColumns(t *testing.T) {
	t.Parallel()
	b := setup(t)
	data := []byte("Wer;Nummer;Egal;Geb\nHanna;0664 1212121;x;31.12.1999\n")
	imp := b.importData(t, "m.csv", data, Options{Mapping: map[string]string{
		"Wer": "name", "Nummer": "whatsapp_number", "Egal": "ignore", "Geb": "attr.geburtstag"}})
	if imp.Imported != 1 {
		t.Fatalf("import = %+v", imp)
	}
	got := b.contacts(t)["+436641212121"]
	if got.Name != "Hanna" || got.WhatsApp != "+436641212121" || got.Attributes["geburtstag"] != "1999-12-31" {
		t.Errorf("contact = %+v", got)
	}
}

func TestBadFilesAreRefusedAndNothingIsStored(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name  string
		data  []byte
		opts  Options
		code  string
		field string
	}{
		{"empty.csv", nil, Options{}, "empty_file", "file"},
		{"doc.pdf", []byte("%PDF-1.4\n%âãÏÓ\n"), Options{}, "unsupported_file", "file"},
		{"pic.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Options{}, "unsupported_file", "file"},
		{"garbage.csv", bytes.Repeat([]byte("x"), 5<<20), Options{}, "line_too_long", "file"},
		{"binary.csv", []byte("a,b\n\x00\x01\x02"), Options{}, "binary_content", "file"},
		{"no_number_column.csv", fixture(t, "no_number_column.csv"), Options{}, "no_number_column", "file"},
		{"header_only.csv", fixture(t, "header_only.csv"), Options{}, "no_rows", "file"},
		{"bad mapping", fixture(t, "seed_format.csv"), Options{Mapping: map[string]string{"Name": "nonsense", "SMS": "sms_number"}},
			"validation_failed", "mapping"},
		{"unknown attribute", fixture(t, "seed_format.csv"), Options{Mapping: map[string]string{"Name": "attr.nope", "SMS": "sms_number"}},
			"validation_failed", "mapping"},
		{"unknown header", fixture(t, "seed_format.csv"), Options{Mapping: map[string]string{"Telefon": "sms_number"}},
			"validation_failed", "mapping"},
	}
	for _, tt := range tests {
		_, err := b.svc.Create(context.Background(), b.accountID, 0, upload(tt.name, tt.data), tt.opts)
		var ae *apperror.Error
		if !errors.As(err, &ae) || ae.Code != tt.code || ae.Fields[tt.field] == "" || !errors.Is(err, apperror.ErrValidation) {
			t.Errorf("%s: err = %#v, want %s naming %s", tt.name, err, tt.code, tt.field)
		}
	}
	var n int
	if err := b.db.NewRaw("SELECT (SELECT count(*) FROM contact_imports) + (SELECT count(*) FROM contacts)").Scan(context.Background(), &n); err != nil || n != 0 {
		t.Errorf("%d imports and contacts stored (%v)", n, err)
	}
	if len(b.jobs.ids) != 0 {
		t.Errorf("jobs queued: %v", b.jobs.ids)
	}
}

func TestPreviewShowsHeadersRowsAndASuggestedMapping(t *testing.T) {
	t.Parallel()
	b := setup(t)
	p, err := b.svc.Preview(context.Background(), b.accountID, upload("a.csv", fixture(t, "semicolon_bom_umlauts.csv")))
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != "csv" || p.Delimiter != ";" || p.Encoding != "utf-8-bom" || len(p.Rows) != 3 || len(p.Headers) != 6 {
		t.Errorf("preview = %+v", p)
	}
	want := map[string]string{"Name": "name", "SMS": "sms_number", "WhatsApp": "whatsapp_number", "Status": "status",
		"Geburtstag": "attr.geburtstag", "Tarif": "attr.tarif"}
	for k, v := range want {
		if p.SuggestedMapping[k] != v {
			t.Errorf("suggested %s = %q, want %q", k, p.SuggestedMapping[k], v)
		}
	}
}
