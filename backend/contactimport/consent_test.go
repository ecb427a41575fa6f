package contactimport

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"

	"switchboard/backend/apperror"
	"switchboard/backend/consent"
	"switchboard/backend/groups"
)

// importAs uploads data as user and runs its import to the end.
func (b *bundle) importAs(t *testing.T, userID int64, name string, data []byte, opts Options) *Import {
	t.Helper()
	ctx := context.Background()
	imp, err := b.svc.Create(ctx, b.accountID, userID, upload(name, data), opts)
	if err != nil {
		t.Fatalf("create: %v", err)
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

func (b *bundle) user(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := b.db.NewRaw(`INSERT INTO users (email, name, password_hash) VALUES ('importer@example.com', 'Ida Importer', 'x') RETURNING id`).
		Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

type consentRow struct {
	Number, ChannelKind, State, Source, Detail string
	UserID                                     *int64
}

func (r consentRow) String() string {
	uid := int64(0)
	if r.UserID != nil {
		uid = *r.UserID
	}
	return fmt.Sprintf("%s %s %s %s %q user %d", r.Number, r.ChannelKind, r.State, r.Source, r.Detail, uid)
}

func (b *bundle) consents(t *testing.T) []string {
	t.Helper()
	var rows []consentRow
	if err := b.db.NewRaw(`SELECT number, channel_kind, state, source, detail, user_id FROM consents WHERE account_id = ?
		ORDER BY number, channel_kind`, b.accountID).Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.String()
	}
	return out
}

func (b *bundle) historyCount(t *testing.T) int {
	t.Helper()
	n, err := b.db.NewSelect().Table("consent_history").Where("account_id = ?", b.accountID).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestImportWritesTheConsentsAColumnDeclares(t *testing.T) {
	t.Parallel()
	b := setup(t)
	uid := b.user(t)
	imp := b.importAs(t, uid, "consent.csv", fixture(t, "consent.csv"), Options{})
	if imp.Status != StatusDone || imp.Imported != 4 || imp.Failed != 1 {
		t.Fatalf("import = %+v", imp)
	}
	if len(imp.Errors) != 1 || imp.Errors[0].Row != 5 || imp.Errors[0].Code != CodeInvalidConsent ||
		imp.Errors[0].Column != "WhatsApp-Freigabe" {
		t.Errorf("errors = %+v", imp.Errors)
	}
	u := fmt.Sprint(uid)
	want := []string{
		`+436649000001 sms granted import "consent.csv: Messe 2026 Formular" user ` + u,
		`+436649000001 whatsapp granted import "consent.csv: Messe 2026 Formular" user ` + u,
		`+436649000002 sms revoked import "consent.csv: Messe 2026 Formular" user ` + u,
		`+436649000003 whatsapp granted import "consent.csv" user ` + u,
	}
	if got := b.consents(t); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("consents:\n%s\nwant:\n%s", got, want)
	}
	if n := b.historyCount(t); n != 4 {
		t.Errorf("history entries = %d, want 4", n)
	}

	// The same file again, also with update_existing: nothing new in the
	// history (the states are already recorded).
	for _, opts := range []Options{{}, {UpdateExisting: true}} {
		again := b.importAs(t, uid, "consent.csv", fixture(t, "consent.csv"), opts)
		if again.Unchanged != 4 || again.Failed != 1 {
			t.Errorf("again %+v: %+v", opts, again)
		}
		if n := b.historyCount(t); n != 4 {
			t.Errorf("history entries after importing again (%+v) = %d, want 4", opts, n)
		}
	}

	// A later file that says no revokes, and names its own file.
	b.importAs(t, uid, "abmeldungen.csv", []byte("SMS;WhatsApp;whatsapp_consent\n0664 9000001;0664 9000001;nein\n"), Options{})
	got := b.consents(t)
	if got[1] != `+436649000001 whatsapp revoked import "abmeldungen.csv" user `+u {
		t.Errorf("after the revoking file: %s", got[1])
	}
	if n := b.historyCount(t); n != 5 {
		t.Errorf("history entries = %d, want 5", n)
	}
}

func TestImportWithoutAConsentColumnWritesNoConsents(t *testing.T) {
	t.Parallel()
	b := setup(t)
	imp := b.importAs(t, b.user(t), "seed_format.csv", fixture(t, "seed_format.csv"), Options{UpdateExisting: true})
	if imp.Imported != 3 {
		t.Fatalf("import = %+v", imp)
	}
	if got := b.consents(t); len(got) != 0 {
		t.Errorf("consents = %v", got)
	}
	if n := b.historyCount(t); n != 0 {
		t.Errorf("history entries = %d", n)
	}
}

func TestConsentHeadersAreMatchedInEnglishAndGerman(t *testing.T) {
	t.Parallel()
	headers := []string{"WhatsApp Einwilligung", "sms_consent", "consent_source", "WhatsApp-Freigabe", "SMS-Freigabe", "Freigabequelle"}
	got := SuggestMapping(headers, nil)
	want := map[string]string{
		"WhatsApp Einwilligung": FieldWhatsAppConsent, "sms_consent": FieldSMSConsent, "consent_source": FieldConsentSource,
		// Each field once: the first column of that name wins.
		"WhatsApp-Freigabe": FieldIgnore, "SMS-Freigabe": FieldIgnore, "Freigabequelle": FieldIgnore,
	}
	for h, f := range want {
		if got[h] != f {
			t.Errorf("%q → %q, want %q", h, got[h], f)
		}
	}
	for _, v := range []struct{ raw, state string }{
		{"yes", consent.Granted}, {"Ja", consent.Granted}, {"1", consent.Granted}, {"x", consent.Granted}, {"TRUE", consent.Granted},
		{"no", consent.Revoked}, {"nein", consent.Revoked}, {"0", consent.Revoked},
	} {
		if s, ok := parseConsent(v.raw); !ok || s != v.state {
			t.Errorf("parseConsent(%q) = %q, %v", v.raw, s, ok)
		}
	}
	if _, ok := parseConsent("vielleicht"); ok {
		t.Error("vielleicht was understood")
	}
}

func TestImportIntoAGroupJoinsEveryContactOfTheFile(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	uid := b.user(t)
	gs := groups.NewService(b.db)
	name := "Messe 2026"
	kind := groups.KindWhatsApp
	g, err := gs.Create(ctx, b.accountID, groups.Input{Name: &name, Kind: &kind}, consent.Words{})
	if err != nil {
		t.Fatal(err)
	}
	// Emil is already in the phone book: unchanged, but joins too.
	b.importAs(t, uid, "emil.csv", []byte("Name;Handy\nEmil Ernst;0664 9000005\n"), Options{})

	_, err = b.svc.Create(ctx, b.accountID, uid, upload("consent.csv", fixture(t, "consent.csv")), Options{GroupID: g.ID + 1000})
	var ae *apperror.Error
	if !errors.As(err, &ae) || !errors.Is(err, apperror.ErrValidation) || ae.Fields["group_id"] == "" {
		t.Fatalf("unknown group: %v", err)
	}

	imp := b.importAs(t, uid, "consent.csv", fixture(t, "consent.csv"), Options{GroupID: g.ID})
	if imp.GroupID == nil || *imp.GroupID != g.ID || imp.Imported != 3 || imp.Unchanged != 1 || imp.Failed != 1 {
		t.Fatalf("import = %+v", imp)
	}
	page, err := gs.Members(ctx, b.accountID, g.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range page.Items {
		if m.Source != groups.SourceImport || !m.WhatsApp {
			t.Errorf("member %+v", m)
		}
		names = append(names, m.Name)
	}
	sort.Strings(names)
	if fmt.Sprint(names) != "[Anna Auer Bernd Berg Clara Chen Emil Ernst]" {
		t.Errorf("members = %v", names)
	}
	hist, err := gs.History(ctx, b.accountID, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 4 || hist[0].Source != groups.SourceImport || hist[0].UserID == nil || *hist[0].UserID != uid {
		t.Errorf("history = %+v", hist)
	}
	// Importing again into the group adds no membership change.
	b.importAs(t, uid, "consent.csv", fixture(t, "consent.csv"), Options{GroupID: g.ID})
	if hist, _ := gs.History(ctx, b.accountID, g.ID); len(hist) != 4 {
		t.Errorf("history after importing again = %d entries", len(hist))
	}
}
