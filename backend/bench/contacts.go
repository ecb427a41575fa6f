package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// seedContactsSQL inserts the contacts lo..hi of the phone book scenario in
// one statement, everything derived from the number g (through hashes, so
// names, status and cities are not correlated) so runs are alike: 20 × 20
// first and last names (with umlauts), Austrian mobile numbers (a third SMS
// only, a third WhatsApp only, a third both), 10 % inactive, 1 % blocked,
// first contact spread over three years, last chat over one year (a fifth
// never chatted), a city (20), a tier (3) and a customer number.
const seedContactsSQL = `
INSERT INTO contacts (account_id, first_name, last_name, sms_number, whatsapp_number, status, blocked,
	attributes, first_contact_at, last_chat_at, created_at)
SELECT $1,
	(ARRAY['Jürgen','Käthe','Özlem','Björn','Maria','Lukas','Anna','Jonas','Lena','Felix',
		'Sophie','Elias','Emma','Paul','Hannah','Leon','Mia','Noah','Lea','Tobias'])[1 + abs(hashint8(g + 1)) % 20],
	(ARRAY['Müller','Schönberger','Gruber','Huber','Wagner','Bauer','Größl','Pichler','Moser','Hofer',
		'Steiner','Berger','Fuchs','Eder','Fischer','Weiß','Schwarz','Brunner','Lang','Köhler'])[1 + abs(hashint8(g + 2)) % 20],
	CASE WHEN g % 3 <> 2 THEN '+43664' || lpad(g::text, 7, '0') END,
	CASE WHEN g % 3 <> 0 THEN '+43664' || lpad(g::text, 7, '0') END,
	CASE WHEN abs(hashint8(g + 3)) % 10 = 0 THEN 'inactive' ELSE 'active' END,
	abs(hashint8(g + 4)) % 100 = 7,
	jsonb_build_object(
		'city', (ARRAY['Wien','Graz','Linz','Salzburg','Innsbruck','Klagenfurt','Villach','Wels','St. Pölten','Dornbirn',
			'Steyr','Feldkirch','Bregenz','Leoben','Krems','Traun','Amstetten','Lustenau','Hallein','Kufstein'])[1 + abs(hashint8(g + 5)) % 20],
		'tier', (ARRAY['Gold','Silber','Bronze'])[1 + abs(hashint8(g + 6)) % 3],
		'customer_no', 'K' || lpad(g::text, 7, '0')),
	now() - (abs(hashint8(g)) % 94608000) * interval '1 second',
	CASE WHEN g % 5 <> 0 THEN now() - (abs(hashint8(g + 7919)) % 31536000) * interval '1 second' END,
	now() - (abs(hashint8(g)) % 94608000) * interval '1 second'
FROM generate_series($2::bigint, $3::bigint) AS g`

// runContacts seeds the phone book and times GET /api/contacts: the default
// order, every sort both ways, and searches by name, number and attribute.
func runContacts(ctx context.Context, in *instance, o Options, rep *Report) error {
	const sc = "contacts"
	pool := in.srv.DB.Pool
	if _, err := pool.Exec(ctx, "UPDATE accounts SET default_country = 'AT' WHERE id = $1", in.accountID); err != nil {
		return err
	}
	start := time.Now()
	const batch = 100_000
	for lo := 1; lo <= o.Contacts; lo += batch {
		hi := min(lo+batch-1, o.Contacts)
		if _, err := pool.Exec(ctx, seedContactsSQL, in.accountID, lo, hi); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		progress("contacts: seeded %s of %s (%.0f s)", thousands(int64(hi)), thousands(int64(o.Contacts)), time.Since(start).Seconds())
	}
	if _, err := pool.Exec(ctx, "VACUUM (ANALYZE) contacts"); err != nil {
		return err
	}
	rep.add(sc, "seeding "+thousands(int64(o.Contacts))+" contacts (with indexes, vacuum, analyze)", fmt.Sprintf("%.0f s", time.Since(start).Seconds()))
	var total int64
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM contacts WHERE account_id = $1", in.accountID).Scan(&total); err != nil {
		return err
	}
	rep.add(sc, "contacts in the account", thousands(total))

	variants := []struct{ name, query string }{{"default order (name)", ""}}
	for _, f := range []string{"name", "first_contact_at", "last_chat_at", "created_at", "status"} {
		variants = append(variants, struct{ name, query string }{"sort=" + f, "sort=" + f},
			struct{ name, query string }{"sort=-" + f, "sort=-" + f})
	}
	first, err := getPage(ctx, in, "/api/contacts?limit=50&sort=-last_chat_at")
	if err != nil {
		return err
	}
	if first.NextCursor == nil {
		return fmt.Errorf("the first page has no next cursor: too few contacts")
	}
	searches := []struct{ name, q string }{
		{"search a last name (a twentieth)", "Müller"},
		{"search a full name (1 in 400)", "Jürgen Müller"},
		{"search a number prefix, national", "0664 0012"},
		{"search a number prefix, international", "+43 664 00123"},
		{"search an attribute value (a twentieth)", "Innsbruck"},
		{"search an attribute value (a third)", "Silber"},
		{"search an attribute value (one contact)", fmt.Sprintf("K%07d", o.Contacts/2)},
		{"search with no match", "Zyxwvu"},
	}
	for _, s := range searches {
		variants = append(variants, struct{ name, query string }{s.name + " (q=" + s.q + ")", "q=" + url.QueryEscape(s.q)})
	}
	variants = append(variants,
		struct{ name, query string }{"page 2 of -last_chat_at (cursor)", "sort=-last_chat_at&cursor=" + url.QueryEscape(*first.NextCursor)},
		struct{ name, query string }{"filter status=inactive&blocked=false", "status=inactive&blocked=false"},
		struct{ name, query string }{"filter blocked=true", "blocked=true"},
		struct{ name, query string }{"search a last name, sort=-last_chat_at", "q=M%C3%BCller&sort=-last_chat_at"},
		struct{ name, query string }{"search a full name, sort=-first_contact_at", "q=J%C3%BCrgen+M%C3%BCller&sort=-first_contact_at"},
	)
	for _, v := range variants {
		progress("contacts: %s", v.name)
		var lat []time.Duration
		var items int
		deadline := time.Now().Add(30 * time.Second)
		for i := -2; i < o.ListRequests && (i < 5 || time.Now().Before(deadline)); i++ {
			t0 := time.Now()
			page, err := getPage(ctx, in, "/api/contacts?limit=50&"+v.query)
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			if i >= 0 {
				lat = append(lat, time.Since(t0))
			}
			items = len(page.Items)
		}
		s := Summarize(lat)
		rep.check(sc, fmt.Sprintf("%s, %d items: p50 / p99", v.name, items),
			ms(s.P50)+" / "+ms(s.P99), "p99 ≤ 50 ms", s.N > 0 && s.P99 <= 50*time.Millisecond)
	}
	rep.note("contacts: one client, requests one after another on an otherwise idle server, signed in with the session cookie; latency is the whole HTTP request over loopback, limit 50.")
	return nil
}

type contactPage struct {
	Items      []json.RawMessage `json:"items"`
	NextCursor *string           `json:"next_cursor"`
}

func getPage(ctx context.Context, in *instance, path string) (*contactPage, error) {
	var p contactPage
	if err := in.call(ctx, "GET", path, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
