package campaigns

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"switchboard/backend/contacts"
	"switchboard/backend/templates"
)

// contact adds a phone-book entry and returns its id.
func (b *bundle) contact(name, sms, wa, status string, blocked bool) int64 {
	b.t.Helper()
	var smsN, waN *string
	if sms != "" {
		smsN = &sms
	}
	if wa != "" {
		waN = &wa
	}
	return b.id(`INSERT INTO contacts (account_id, name, sms_number, whatsapp_number, status, blocked)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, b.account, name, smsN, waN, status, blocked)
}

func (b *bundle) consent(number, kind, state string) {
	b.exec(`INSERT INTO consents (account_id, number, channel_kind, state, source) VALUES (?, ?, ?, ?, 'api')`,
		b.account, number, kind, state)
}

func (b *bundle) group(kind string, members ...int64) int64 {
	g := b.id(`INSERT INTO contact_groups (account_id, name, kind) VALUES (?, ?, ?) RETURNING id`, b.account, "g"+kind, kind)
	for _, m := range members {
		b.exec(`INSERT INTO contact_group_members (group_id, contact_id, account_id, sms, whatsapp, source)
			VALUES (?, ?, ?, true, true, 'user')`, g, m, b.account)
	}
	return g
}

// excluded reads a campaign's stored exclusions the way the API reports them.
func (b *bundle) stored(id int64) (Exclusions, Counts) {
	b.t.Helper()
	c, err := b.svc.Get(context.Background(), b.account, id)
	if err != nil {
		b.t.Fatal(err)
	}
	return *c.ExcludedBy, *c.Counts
}

func TestWhatsAppCampaignExcludesWithoutConsentInactiveBlockedMissingAndDuplicates(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	granted := b.contact("Anna Gruber", "", "+436641111001", "active", false)
	revoked := b.contact("Bert", "", "+436641111002", "active", false)
	b.contact("Cleo", "", "+436641111003", "active", false) // no consent at all
	b.contact("Dora", "", "+436641111004", "inactive", false)
	b.contact("Emil", "", "+436641111005", "active", true)
	b.contact("Fritz", "+436641111006", "", "active", false) // no WhatsApp number
	b.consent("+436641111001", "whatsapp", "granted")
	b.consent("+436641111002", "whatsapp", "revoked")
	b.consent("+436641111004", "whatsapp", "granted")
	b.consent("+436641111005", "whatsapp", "granted")
	b.consent("+436641119999", "whatsapp", "granted") // a stranger typed in
	b.consent("+436641111006", "sms", "granted")      // SMS consent does not count on WhatsApp
	g := b.group("whatsapp", granted, revoked)

	in := Input{Name: "News", ChannelID: b.wa, SenderID: b.waSender, Mode: ModeSession,
		Recipients: RecipientsSpec{Numbers: []string{"+436641111001", "06641119999"}, GroupIDs: []int64{g},
			Contacts: &contacts.Filter{}, NumberType: NumberWhatsApp},
		Content: Content{TemplateID: b.template, Parameters: &templates.Parameters{Body: json.RawMessage(`{"first_name":"{{first_name}}"}`)}}}
	// 2 typed + 2 group members + 6 in the phone book.
	want := Exclusions{NoConsent: 2, Inactive: 1, Blocked: 1, NoNumber: 1, Duplicate: 3}
	p, err := b.svc.Preview(ctx, b.account, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 10 || p.WillReceive != 2 || p.Excluded != want {
		t.Fatalf("preview = %+v, want total 10, 2 receive, %+v", p, want)
	}
	c := b.create(in)
	got, counts := b.stored(c.ID)
	if got != want || counts.Total != 10 || counts.Queued != 2 || counts.Excluded != 8 {
		t.Fatalf("stored = %+v %+v, want %+v", got, counts, want)
	}
	page, err := b.svc.Recipients(ctx, b.account, c.ID, RecipientFilter{Status: RecipientExcluded})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, r := range page.Items {
		reasons[r.ContactName] = r.Reason
	}
	if reasons["Bert"] != ReasonNoConsent || reasons["Fritz"] != ReasonNoNumber || reasons["Dora"] != ReasonInactive ||
		reasons["Emil"] != ReasonBlocked || len(page.Items) != 5 {
		t.Fatalf("excluded rows = %v", reasons)
	}
	for _, r := range page.Items {
		if r.ContactName == "Fritz" && r.Number != "" {
			t.Fatalf("no-number recipient shows %q", r.Number)
		}
	}
}

func TestSMSCampaignExcludesOptedOutNumbersOfItsSender(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	b.contact("Ida", "+436642222001", "", "active", false)
	b.contact("Jan", "+436642222002", "", "active", false)
	b.contact("Kai", "+436642222003", "", "active", false)
	b.contact("Lou", "+436642222004", "", "active", false)
	b.consent("+436642222002", "sms", "revoked")
	b.exec(`INSERT INTO opt_outs (account_id, sender_id, number) VALUES (?, ?, '+436642222003')`, b.account, b.senderA)
	b.exec(`INSERT INTO opt_outs (account_id, sender_id, number) VALUES (?, ?, '+436642222004')`, b.account, b.senderB)
	in := b.smsInput(b.senderA)
	in.Recipients = RecipientsSpec{Contacts: &contacts.Filter{}}
	p, err := b.svc.Preview(ctx, b.account, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 4 || p.WillReceive != 2 || p.Excluded != (Exclusions{OptedOut: 2}) {
		t.Fatalf("preview = %+v", p)
	}
	got, _ := b.stored(b.create(in).ID)
	if got != (Exclusions{OptedOut: 2}) {
		t.Fatalf("stored = %+v", got)
	}
}

func TestRecipientsFileGivesNumbersAndVariables(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	csv := "Name;Telefon;Gutschein Code\nAnna;0664 3333001;A1\nBert;nonsense;B2\nCleo;+43 664 3333003;C3\nAnna again;06643333001;A9\n"
	f, err := b.svc.ReadFile(ctx, b.account, Actor{}, "list.csv", bytes.NewReader([]byte(csv)), int64(len(csv)))
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != 3 || len(f.Errors) != 1 || f.Errors[0].Row != 3 || f.Errors[0].Code != "invalid_number" ||
		len(f.Columns) != 2 || f.Columns[1] != "gutschein_code" {
		t.Fatalf("file = %+v", f)
	}
	in := b.smsInput(b.senderA)
	in.Recipients = RecipientsSpec{CSVUploadID: f.ID}
	in.Content.Body = "Hallo {{name}}, Ihr Code: {{gutschein_code}}"
	c := b.create(in)
	if c.Counts.Queued != 2 || c.ExcludedBy.Duplicate != 1 {
		t.Fatalf("counts = %+v %+v", c.Counts, c.ExcludedBy)
	}
	page, err := b.svc.Recipients(ctx, b.account, c.ID, RecipientFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Items[0].Number != "+436643333001" || page.Items[0].Variables["gutschein_code"] != "A1" {
		t.Fatalf("first recipient = %+v", page.Items[0])
	}
	// A placeholder that is no column, field or attribute is refused.
	in.Content.Body = "Hallo {{coupon}}"
	if _, err := b.svc.Create(ctx, b.account, in, Actor{}); err == nil {
		t.Fatal("unknown placeholder accepted")
	}
}
