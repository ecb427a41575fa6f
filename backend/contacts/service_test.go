package contacts_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/contacts"
	"switchboard/backend/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.DropTemplate()
	os.Exit(code)
}

// bundle is a fresh database with one account (default country AT).
type bundle struct {
	db      *bun.DB
	svc     *contacts.Service
	account int64
	ctx     context.Context
}

func setup(t *testing.T) *bundle {
	t.Helper()
	db := testdb.New(t)
	b := &bundle{db: db.Bun, svc: contacts.NewService(db.Bun, nil), ctx: context.Background()}
	b.account = b.newAccount(t, "AT")
	return b
}

func (b *bundle) newAccount(t *testing.T, country string) int64 {
	t.Helper()
	var id int64
	if err := b.db.NewRaw("INSERT INTO accounts (name, default_country) VALUES ('A', ?) RETURNING id", country).Scan(b.ctx, &id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) attr(t *testing.T, key, typ string, options ...string) {
	t.Helper()
	in := contacts.AttributeInput{Key: contacts.Some(key), Label: contacts.Some(strings.ToUpper(key)), Type: contacts.Some(typ)}
	if options != nil {
		in.Options = contacts.Some(options)
	}
	if _, err := b.svc.CreateAttribute(b.ctx, b.account, in); err != nil {
		t.Fatal(err)
	}
}

// input decodes a JSON body as the API would.
func input(t *testing.T, body string) contacts.Input {
	t.Helper()
	var in contacts.Input
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	return in
}

func (b *bundle) create(t *testing.T, body string) contacts.View {
	t.Helper()
	c, err := b.svc.Create(b.ctx, b.account, input(t, body))
	if err != nil {
		t.Fatalf("create %s: %v", body, err)
	}
	return c
}

// fields returns the per-field messages of a validation or conflict error.
func fields(err error) map[string]string {
	var ae *apperror.Error
	if errors.As(err, &ae) {
		return ae.Fields
	}
	return nil
}

func TestNationalNumbersAreReadInTheAccountsDefaultCountry(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, `{"name":"Jürgen Öztürk","sms_number":"0664 1234567","whatsapp_number":"+49 151 12345678"}`)
	if *c.SMSNumber != "+436641234567" || *c.WhatsAppNumber != "+4915112345678" {
		t.Fatalf("numbers %v %v", *c.SMSNumber, *c.WhatsAppNumber)
	}
	if *c.SMSNumberFormatted != "+43 664 1234567" || c.DisplayName != "Jürgen Öztürk" || c.Status != "active" {
		t.Fatalf("view %+v", c)
	}
	// Without a default country a national number is refused, naming the field.
	other := b.newAccount(t, "")
	_, err := b.svc.Create(b.ctx, other, input(t, `{"sms_number":"0664 1234567"}`))
	if !errors.Is(err, apperror.ErrValidation) || fields(err)["sms_number"] == "" {
		t.Fatalf("err = %v", err)
	}
}

func TestInvalidInputNamesEachField(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.attr(t, "tier", contacts.TypeChoice, "Gold", "Silber")
	b.attr(t, "born", contacts.TypeDate)
	b.attr(t, "score", contacts.TypeNumber)
	_, err := b.svc.Create(b.ctx, b.account, input(t, `{"name":"x","sms_number":"hello","status":"gone",
		"attributes":{"tier":"Bronze","born":"12/04/2026","score":"viel","nope":"1"}}`))
	got := fields(err)
	for _, f := range []string{"sms_number", "status", "attributes.tier", "attributes.born", "attributes.score", "attributes.nope"} {
		if got[f] == "" {
			t.Errorf("no message for %s: %v", f, got)
		}
	}
	if _, err := b.svc.Create(b.ctx, b.account, input(t, `{"name":"no number"}`)); fields(err)["sms_number"] == "" {
		t.Errorf("contact without numbers: %v", err)
	}
	c := b.create(t, `{"sms_number":"+436641111111","attributes":{"tier":"gold","born":"4.12.26","score":"1,5"}}`)
	if c.Attributes["tier"] != "Gold" || c.Attributes["born"] != "2026-12-04" || c.Attributes["score"] != 1.5 {
		t.Fatalf("attributes %v", c.Attributes)
	}
	// PATCH changes only what it names; "" clears an attribute, null a number.
	u, err := b.svc.Update(b.ctx, b.account, c.ID, input(t, `{"whatsapp_number":"0664 2222222","attributes":{"score":""}}`))
	if err != nil || *u.WhatsAppNumber != "+436642222222" || u.Attributes["tier"] != "Gold" || u.Attributes["score"] != nil {
		t.Fatalf("update %+v %v", u, err)
	}
	u, err = b.svc.Update(b.ctx, b.account, c.ID, input(t, `{"sms_number":null}`))
	if err != nil || u.SMSNumber != nil || u.WhatsAppNumber == nil {
		t.Fatalf("clear sms %+v %v", u, err)
	}
}

func TestANumberOfAnotherContactIsAConflictNamingIt(t *testing.T) {
	t.Parallel()
	b := setup(t)
	first := b.create(t, `{"name":"A","sms_number":"+436641234567"}`)
	_, err := b.svc.Create(b.ctx, b.account, input(t, `{"name":"B","sms_number":"0664 1234567"}`))
	var ae *apperror.Error
	if !errors.As(err, &ae) || !errors.Is(err, apperror.ErrConflict) || ae.Fields["sms_number"] == "" || ae.Details["contact_id"] != first.ID {
		t.Fatalf("err = %#v", err)
	}
	second := b.create(t, `{"name":"B","sms_number":"+436649999999"}`)
	_, err = b.svc.Update(b.ctx, b.account, second.ID, input(t, `{"sms_number":"+436641234567"}`))
	if !errors.Is(err, apperror.ErrConflict) {
		t.Fatalf("update err = %v", err)
	}
	// Saving a contact with its own number is no conflict.
	if _, err := b.svc.Update(b.ctx, b.account, first.ID, input(t, `{"sms_number":"+436641234567","name":"A2"}`)); err != nil {
		t.Fatal(err)
	}
}

func TestListSortsEachWayAndPagesWithoutGapsOrRepeats(t *testing.T) {
	t.Parallel()
	b := setup(t)
	names := []string{"Anna", "Ömer", "berta", "Zoë", "Ändi", "Carl", "anna", "Dora", "", "Emil"}
	for i, n := range names {
		c := b.create(t, fmt.Sprintf(`{"name":%q,"sms_number":"+4366410000%02d"}`, n, i))
		// Spread the times and leave some last chats empty.
		_, err := b.db.NewRaw(`UPDATE contacts SET created_at = now() - ? * interval '1 hour',
			first_contact_at = now() - ? * interval '1 minute',
			last_chat_at = CASE WHEN ? % 3 = 0 THEN NULL ELSE now() - ? * interval '1 second' END,
			status = CASE WHEN ? % 2 = 0 THEN 'active' ELSE 'inactive' END WHERE id = ?`,
			i%4, (i*7)%10, i, (i*3)%7, i, c.ID).Exec(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, field := range []string{"name", "first_contact_at", "last_chat_at", "created_at", "status"} {
		for _, sortKey := range []string{field, "-" + field} {
			full, err := b.svc.List(b.ctx, b.account, contacts.Filter{}, sortKey, "", 200)
			if err != nil || len(full.Items) != len(names) || full.NextCursor != nil {
				t.Fatalf("%s: %d %v", sortKey, len(full.Items), err)
			}
			var paged []int64
			cur := ""
			for {
				p, err := b.svc.List(b.ctx, b.account, contacts.Filter{}, sortKey, cur, 3)
				if err != nil {
					t.Fatalf("%s page: %v", sortKey, err)
				}
				for _, c := range p.Items {
					paged = append(paged, c.ID)
				}
				if p.NextCursor == nil {
					break
				}
				cur = *p.NextCursor
			}
			for i, c := range full.Items {
				if i >= len(paged) || paged[i] != c.ID {
					t.Fatalf("%s: pages %v differ from the full list", sortKey, paged)
				}
			}
			if len(paged) != len(full.Items) {
				t.Fatalf("%s: %d paged, %d in all", sortKey, len(paged), len(full.Items))
			}
			if sortKey == "name" {
				var got []string
				for _, c := range full.Items {
					got = append(got, strings.ToLower(c.DisplayName))
				}
				if !sort.StringsAreSorted(got) {
					t.Errorf("name order %v", got)
				}
			}
			if sortKey == "-last_chat_at" && full.Items[len(full.Items)-1].LastChatAt != nil {
				t.Errorf("contacts without a last chat come last when descending")
			}
		}
	}
	if _, err := b.svc.List(b.ctx, b.account, contacts.Filter{}, "phone", "", 10); fields(err)["sort"] == "" {
		t.Errorf("bad sort: %v", err)
	}
	p, _ := b.svc.List(b.ctx, b.account, contacts.Filter{}, "name", "", 3)
	if _, err := b.svc.List(b.ctx, b.account, contacts.Filter{}, "-created_at", *p.NextCursor, 3); fields(err)["cursor"] == "" {
		t.Errorf("cursor of another sort: %v", err)
	}
}

func TestSearchFindsNamesNumbersAndAttributeValues(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.attr(t, "city", contacts.TypeText)
	jurgen := b.create(t, `{"first_name":"Jürgen","last_name":"Müller","sms_number":"0664 1234567","attributes":{"city":"Wien"}}`)
	erika := b.create(t, `{"name":"Erika Muster","whatsapp_number":"+4915112345678","attributes":{"city":"Graz"}}`)
	blocked := b.create(t, `{"name":"Hans","sms_number":"+436649876543","blocked":true,"status":"inactive"}`)
	cases := []struct {
		q    string
		want []int64
	}{
		{"müll", []int64{jurgen.ID}},
		{"JÜRGEN", []int64{jurgen.ID}},
		{"0664 123", []int64{jurgen.ID}},
		{"+43 664 12", []int64{jurgen.ID}},
		{"4915112", []int64{erika.ID}},
		{"0664", []int64{jurgen.ID, blocked.ID}},
		{"wien", []int64{jurgen.ID}},
		{"graz", []int64{erika.ID}},
		{"100%", nil},
	}
	for _, c := range cases {
		p, err := b.svc.List(b.ctx, b.account, contacts.Filter{Q: c.q}, "created_at", "", 50)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, it := range p.Items {
			got = append(got, it.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("q=%q: %v, want %v", c.q, got, c.want)
		}
	}
	// Paging a search gives the same rows as one page.
	for i := 0; i < 30; i++ {
		b.create(t, fmt.Sprintf(`{"name":"Wiener %d","sms_number":"+43677%06d","attributes":{"city":"Wien"}}`, i, i))
	}
	for _, sortKey := range []string{"name", "-last_chat_at", "created_at"} {
		all, err := b.svc.List(b.ctx, b.account, contacts.Filter{Q: "wien"}, sortKey, "", 200)
		if err != nil || len(all.Items) != 31 {
			t.Fatalf("%s: %d %v", sortKey, len(all.Items), err)
		}
		var paged []int64
		cur := ""
		for {
			p, err := b.svc.List(b.ctx, b.account, contacts.Filter{Q: "wien"}, sortKey, cur, 4)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Items {
				paged = append(paged, c.ID)
			}
			if p.NextCursor == nil {
				break
			}
			cur = *p.NextCursor
		}
		for i, c := range all.Items {
			if i >= len(paged) || paged[i] != c.ID {
				t.Fatalf("%s: search pages %v differ from %v", sortKey, paged, all.Items)
			}
		}
	}
	yes, no := true, false
	filters := []struct {
		name string
		f    contacts.Filter
		want int
	}{
		{"blocked", contacts.Filter{Blocked: &yes}, 1},
		{"inactive", contacts.Filter{Status: "inactive"}, 1},
		{"has whatsapp", contacts.Filter{HasWhatsApp: &yes}, 1},
		{"no whatsapp", contacts.Filter{HasWhatsApp: &no}, 32},
		{"sms kind", contacts.Filter{ChannelKind: "sms"}, 32},
	}
	for _, c := range filters {
		p, err := b.svc.List(b.ctx, b.account, c.f, "", "", 50)
		if err != nil || len(p.Items) != c.want {
			t.Errorf("%s: %d %v", c.name, len(p.Items), err)
		}
	}
	// Tenancy: another account sees none of them.
	other := b.newAccount(t, "AT")
	if p, _ := b.svc.List(b.ctx, other, contacts.Filter{}, "", "", 50); len(p.Items) != 0 {
		t.Errorf("account B lists %d contacts of A", len(p.Items))
	}
	if _, err := b.svc.Get(b.ctx, other, jurgen.ID); !errors.Is(err, apperror.ErrNotFound) {
		t.Errorf("account B reads A's contact: %v", err)
	}
}

func TestBulkActsOnIDsOrOnEverythingTheFilterMatches(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var ids []int64
	for i := 0; i < 5; i++ {
		ids = append(ids, b.create(t, fmt.Sprintf(`{"name":"C%d","sms_number":"+43664555000%d"}`, i, i)).ID)
	}
	var label int64
	if err := b.db.NewRaw("INSERT INTO labels (account_id, name) VALUES (?, 'VIP') RETURNING id", b.account).Scan(b.ctx, &label); err != nil {
		t.Fatal(err)
	}
	n, err := b.svc.Bulk(b.ctx, b.account, contacts.BulkInput{Action: "label", LabelID: label, IDs: ids[:2]})
	if err != nil || n != 2 {
		t.Fatalf("label: %d %v", n, err)
	}
	p, _ := b.svc.List(b.ctx, b.account, contacts.Filter{LabelID: label}, "", "", 50)
	if len(p.Items) != 2 || len(p.Items[0].Labels) != 1 || p.Items[0].Labels[0].Name != "VIP" {
		t.Fatalf("labelled: %+v", p.Items)
	}
	var f contacts.Filter
	if err := json.Unmarshal([]byte(fmt.Sprintf(`{"label_id":%d}`, label)), &f); err != nil {
		t.Fatal(err)
	}
	if n, err := b.svc.Bulk(b.ctx, b.account, contacts.BulkInput{Action: "deactivate", Filter: &f}); err != nil || n != 2 {
		t.Fatalf("deactivate by filter: %d %v", n, err)
	}
	if n, err := b.svc.Bulk(b.ctx, b.account, contacts.BulkInput{Action: "block", Filter: &contacts.Filter{Q: "c3"}}); err != nil || n != 1 {
		t.Fatalf("block by search: %d %v", n, err)
	}
	other := b.newAccount(t, "AT")
	if n, _ := b.svc.Bulk(b.ctx, other, contacts.BulkInput{Action: "delete", IDs: ids}); n != 0 {
		t.Fatalf("account B deleted %d of A's contacts", n)
	}
	if n, err := b.svc.Bulk(b.ctx, b.account, contacts.BulkInput{Action: "delete", Filter: &contacts.Filter{Status: "inactive"}}); err != nil || n != 2 {
		t.Fatalf("delete inactive: %d %v", n, err)
	}
	if p, _ := b.svc.List(b.ctx, b.account, contacts.Filter{}, "", "", 50); len(p.Items) != 3 {
		t.Fatalf("left %d", len(p.Items))
	}
	if _, err := b.svc.Bulk(b.ctx, b.account, contacts.BulkInput{Action: "explode", IDs: ids}); fields(err)["action"] == "" {
		t.Fatalf("bad action: %v", err)
	}
}

func TestMergeMovesEverythingAndHonoursTheChosenFields(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.attr(t, "city", contacts.TypeText)
	b.attr(t, "tier", contacts.TypeText)
	keep := b.create(t, `{"name":"Jürgen","sms_number":"+436641234567","attributes":{"city":"Wien","tier":"Gold"}}`)
	gone := b.create(t, `{"name":"J. Müller","sms_number":"+436640000000","whatsapp_number":"+436641234567","attributes":{"city":"Graz","tier":"Silber"}}`)
	var label int64
	if err := b.db.NewRaw("INSERT INTO labels (account_id, name) VALUES (?, 'VIP') RETURNING id", b.account).Scan(b.ctx, &label); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.Bulk(b.ctx, b.account, contacts.BulkInput{Action: "label", LabelID: label, IDs: []int64{gone.ID}}); err != nil {
		t.Fatal(err)
	}
	ch, snd := b.channel(t)
	b.conversation(t, gone.ID, ch, snd, "open")
	b.conversation(t, keep.ID, ch, snd, "open")
	m, err := b.svc.Merge(b.ctx, b.account, contacts.MergeInput{KeepID: keep.ID, MergeID: gone.ID,
		Fields: contacts.MergeFields{Name: "merge", SMSNumber: "keep", Attributes: map[string]string{"city": "merge"}}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "J. Müller" || *m.SMSNumber != "+436641234567" || m.WhatsAppNumber == nil || *m.WhatsAppNumber != "+436641234567" ||
		m.Attributes["city"] != "Graz" || m.Attributes["tier"] != "Gold" || len(m.Labels) != 1 || *m.ConversationCount != 2 {
		t.Fatalf("merged %+v", m)
	}
	var open int
	if err := b.db.NewRaw("SELECT count(*) FROM conversations WHERE contact_id = ? AND status <> 'resolved'", keep.ID).Scan(b.ctx, &open); err != nil || open != 1 {
		t.Fatalf("open conversations after merge: %d %v", open, err)
	}
	if _, err := b.svc.Get(b.ctx, b.account, gone.ID); !errors.Is(err, apperror.ErrNotFound) {
		t.Fatalf("merged contact still there: %v", err)
	}
	if _, err := b.svc.Merge(b.ctx, b.account, contacts.MergeInput{KeepID: keep.ID, MergeID: keep.ID}); fields(err)["merge_id"] == "" {
		t.Fatalf("self merge: %v", err)
	}
}

func (b *bundle) channel(t *testing.T) (ch, snd int64) {
	t.Helper()
	err := b.db.NewRaw(`INSERT INTO channels (account_id, kind, name) VALUES (?, 'sms_twilio', 'SMS') RETURNING id`, b.account).Scan(b.ctx, &ch)
	if err != nil {
		t.Fatal(err)
	}
	err = b.db.NewRaw(`INSERT INTO channel_senders (account_id, channel_id, phone_number) VALUES (?, ?, '+15550000000') RETURNING id`,
		b.account, ch).Scan(b.ctx, &snd)
	if err != nil {
		t.Fatal(err)
	}
	return ch, snd
}

func (b *bundle) conversation(t *testing.T, contact, ch, snd int64, status string) int64 {
	t.Helper()
	var id int64
	err := b.db.NewRaw(`INSERT INTO conversations (account_id, contact_id, channel_id, sender_id, status) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		b.account, contact, ch, snd, status).Scan(b.ctx, &id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDeleteTakesTheConversationsAlong(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, `{"name":"X","sms_number":"+436641234567"}`)
	ch, snd := b.channel(t)
	b.conversation(t, c.ID, ch, snd, "resolved")
	b.conversation(t, c.ID, ch, snd, "open")
	v, err := b.svc.Get(b.ctx, b.account, c.ID)
	if err != nil || *v.ConversationCount != 2 || v.LastConversationID == nil {
		t.Fatalf("detail %+v %v", v, err)
	}
	if err := b.svc.Delete(b.ctx, b.account+1000, c.ID); !errors.Is(err, apperror.ErrNotFound) {
		t.Fatalf("delete from another account: %v", err)
	}
	if err := b.svc.Delete(b.ctx, b.account, c.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := b.db.NewRaw("SELECT count(*) FROM conversations WHERE contact_id = ?", c.ID).Scan(b.ctx, &n); err != nil || n != 0 {
		t.Fatalf("conversations left: %d %v", n, err)
	}
}

func TestAttributeDefinitionsAreValidated(t *testing.T) {
	t.Parallel()
	b := setup(t)
	bad := []contacts.AttributeInput{
		{Key: contacts.Some("1abc"), Label: contacts.Some("x"), Type: contacts.Some("text")},
		{Key: contacts.Some("ok"), Label: contacts.Some(""), Type: contacts.Some("text")},
		{Key: contacts.Some("ok"), Label: contacts.Some("x"), Type: contacts.Some("colour")},
		{Key: contacts.Some("ok"), Label: contacts.Some("x"), Type: contacts.Some("choice")},
	}
	for i, in := range bad {
		if _, err := b.svc.CreateAttribute(b.ctx, b.account, in); !errors.Is(err, apperror.ErrValidation) {
			t.Errorf("case %d: %v", i, err)
		}
	}
	b.attr(t, "tier", contacts.TypeChoice, "Gold", " gold ", "Silber")
	defs, err := b.svc.Attributes(b.ctx, b.account)
	if err != nil || len(defs) != 1 || fmt.Sprint(defs[0].Options) != "[Gold Silber]" {
		t.Fatalf("defs %+v %v", defs, err)
	}
	if _, err := b.svc.CreateAttribute(b.ctx, b.account, contacts.AttributeInput{Key: contacts.Some("tier"),
		Label: contacts.Some("T"), Type: contacts.Some("text")}); !errors.Is(err, apperror.ErrConflict) {
		t.Errorf("duplicate key: %v", err)
	}
	if _, err := b.svc.UpdateAttribute(b.ctx, b.account, defs[0].ID, contacts.AttributeInput{Type: contacts.Some("text")}); fields(err)["type"] == "" {
		t.Errorf("type change: %v", err)
	}
	c := b.create(t, `{"sms_number":"+436641234567","attributes":{"tier":"Gold"}}`)
	if err := b.svc.DeleteAttribute(b.ctx, b.account, defs[0].ID); err != nil {
		t.Fatal(err)
	}
	if v, _ := b.svc.Get(b.ctx, b.account, c.ID); len(v.Attributes) != 0 {
		t.Errorf("value of a deleted attribute kept: %v", v.Attributes)
	}
}

func TestInboundFromTheOtherNumberFieldEnrichesTheContactEvenInBursts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	smsOnly := b.create(t, `{"name":"SMS only","sms_number":"+436641234567"}`)
	waOnly := b.create(t, `{"name":"WA only","whatsapp_number":"+4915112345678"}`)
	upsert := func(field, number string) (*contacts.Contact, error) {
		var c *contacts.Contact
		err := b.db.RunInTx(b.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			var err error
			c, _, err = contacts.UpsertInboundTx(ctx, tx, contacts.Inbound{AccountID: b.account, Field: field, Number: &number, At: time.Now()})
			return err
		})
		return c, err
	}
	c, err := upsert(contacts.FieldWhatsApp, "+436641234567")
	if err != nil || c.ID != smsOnly.ID || c.WhatsAppNumber == nil || c.LastChatAt == nil {
		t.Fatalf("WhatsApp from a known SMS number: %+v %v", c, err)
	}
	c, err = upsert(contacts.FieldSMS, "+4915112345678")
	if err != nil || c.ID != waOnly.ID || c.SMSNumber == nil {
		t.Fatalf("SMS from a known WhatsApp number: %+v %v", c, err)
	}
	// A burst from a new number on both channels makes exactly one contact.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			field := contacts.FieldSMS
			if i%2 == 1 {
				field = contacts.FieldWhatsApp
			}
			if _, err := upsert(field, "+436647777777"); err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var n int
	err = b.db.NewRaw("SELECT count(*) FROM contacts WHERE sms_number = '+436647777777' OR whatsapp_number = '+436647777777'").Scan(b.ctx, &n)
	if err != nil || n != 1 {
		t.Fatalf("%d contacts for one number (%v)", n, err)
	}
}

func TestANameSearchUnderTheNameSortPagesInNameOrder(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// Müllers in the middle of every first name, among others.
	if _, err := b.db.NewRaw(`INSERT INTO contacts (account_id, first_name, last_name, sms_number)
		SELECT ?, f, l, '+4366420' || lpad(row_number() OVER ()::text, 5, '0')
		FROM unnest(ARRAY['Anna','Bernd','Clara','Dora']) AS f, unnest(ARRAY['Bauer','Huber','Müller','Zach']) AS l,
			generate_series(1, 30)`, b.account).Exec(b.ctx); err != nil {
		t.Fatal(err)
	}
	for _, sortKey := range []string{"name", "-name"} {
		var got []string
		cur := ""
		for {
			p, err := b.svc.List(b.ctx, b.account, contacts.Filter{Q: "müller"}, sortKey, cur, 25)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range p.Items {
				if !strings.Contains(c.DisplayName, "Müller") {
					t.Fatalf("%s: %q does not match", sortKey, c.DisplayName)
				}
				got = append(got, strings.ToLower(c.DisplayName))
			}
			if p.NextCursor == nil {
				break
			}
			cur = *p.NextCursor
		}
		if len(got) != 120 {
			t.Fatalf("%s: %d Müllers, want 120", sortKey, len(got))
		}
		sorted := sort.StringsAreSorted(got)
		if sortKey == "-name" {
			sorted = sort.SliceIsSorted(got, func(i, j int) bool { return got[i] > got[j] })
		}
		if !sorted {
			t.Errorf("%s: not in name order: %v", sortKey, got)
		}
	}
}
