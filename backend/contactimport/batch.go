package contactimport

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"switchboard/backend/groups"
)

func errsJSON(errs []RowError) string {
	b, _ := json.Marshal(errs)
	return string(b)
}

// existing is a contact a row matched, as the batch reads and writes it.
type existing struct {
	ID        int64          `bun:"id"`
	Name      string         `bun:"name"`
	FirstName string         `bun:"first_name"`
	LastName  string         `bun:"last_name"`
	SMS       *string        `bun:"sms_number"`
	WhatsApp  *string        `bun:"whatsapp_number"`
	Status    string         `bun:"status"`
	Blocked   bool           `bun:"blocked"`
	Attrs     map[string]any `bun:"attributes,type:jsonb"`
}

// row is a contact to insert or the new state of one to update.
type row struct {
	id                int64
	name, first, last string
	sms, whatsapp     string
	status            string
	blocked           bool
	attrs             map[string]any
	labels            []string
	rec               *record
	// counted: already counted as imported or updated
	counted bool
}

// applyBatch writes one batch of valid rows in tx: one query finds the
// contacts they match, one statement inserts the new ones, one updates the
// changed ones, two more handle labels; then one writes the consents the
// rows declare and two put the contacts into group (if not nil).
func (s *Service) applyBatch(ctx context.Context, tx bun.Tx, imp *Import, group *groups.Group, recs []*record, p *progress) error {
	var numbers []string
	for _, r := range recs {
		numbers = append(numbers, r.numbers()...)
	}
	var found []existing
	err := tx.NewRaw(`SELECT id, name, first_name, last_name, sms_number, whatsapp_number, status, blocked, attributes
		FROM contacts WHERE account_id = ? AND (sms_number = ANY(?) OR whatsapp_number = ANY(?)) FOR UPDATE`,
		imp.AccountID, pgdialect.Array(numbers), pgdialect.Array(numbers)).Scan(ctx, &found)
	if err != nil {
		return fmt.Errorf("contactimport: match contacts: %w", err)
	}
	byNumber := map[string]*existing{}
	for i := range found {
		c := &found[i]
		if c.SMS != nil {
			byNumber[*c.SMS] = c
		}
		if c.WhatsApp != nil {
			byNumber[*c.WhatsApp] = c
		}
	}

	var inserts, updates []*row
	var labelled []*row // rows with labels, new or existing
	var kept []*row     // matched contacts, with their numbers after the batch
	for _, r := range recs {
		var match *existing
		conflict := false
		for _, n := range r.numbers() {
			if c := byNumber[n]; c != nil {
				if match != nil && match != c {
					conflict = true
				}
				match = c
			}
		}
		switch {
		case conflict:
			p.fail(RowError{Row: r.line, Code: CodeNumberTaken,
				Message: "the SMS and the WhatsApp number belong to two different contacts; merge them first"})
		case match == nil:
			nr := newRow(r)
			inserts = append(inserts, nr)
		case !imp.UpdateExisting:
			p.Unchanged++
			kept = append(kept, &row{id: match.ID, rec: r, sms: deref(match.SMS), whatsapp: deref(match.WhatsApp)})
		default:
			ur, changed := mergeRow(match, r)
			kept = append(kept, ur)
			if changed {
				updates = append(updates, ur)
			} else if len(r.labels) > 0 {
				// Counted once the labels tell whether anything changed.
				labelled = append(labelled, ur)
				continue
			} else {
				p.Unchanged++
			}
		}
	}

	if err := s.insertRows(ctx, tx, imp.AccountID, inserts, p); err != nil {
		return err
	}
	if err := updateRows(ctx, tx, updates); err != nil {
		return err
	}
	p.Updated += len(updates)
	for _, r := range append(inserts, updates...) {
		if r.id != 0 && len(r.labels) > 0 {
			r.counted = true
			labelled = append(labelled, r)
		}
	}
	if err := s.applyLabels(ctx, tx, imp.AccountID, labelled, p); err != nil {
		return err
	}
	for _, r := range inserts {
		if r.id != 0 {
			kept = append(kept, r)
		}
	}
	if err := s.applyConsents(ctx, tx, imp, kept); err != nil {
		return err
	}
	return s.joinGroup(ctx, tx, imp, group, kept)
}

func newRow(r *record) *row {
	nr := &row{rec: r, sms: r.sms, whatsapp: r.whatsapp, status: "active", attrs: r.attrs, labels: r.labels}
	if r.name != nil {
		nr.name = *r.name
	}
	if r.firstName != nil {
		nr.first = *r.firstName
	}
	if r.lastName != nil {
		nr.last = *r.lastName
	}
	if r.status != nil {
		nr.status = *r.status
	}
	if r.blocked != nil {
		nr.blocked = *r.blocked
	}
	if nr.attrs == nil {
		nr.attrs = map[string]any{}
	}
	return nr
}

// mergeRow applies the row's non-empty cells to the contact and tells
// whether anything changed.
func mergeRow(c *existing, r *record) (*row, bool) {
	ur := &row{id: c.ID, rec: r, name: c.Name, first: c.FirstName, last: c.LastName, status: c.Status,
		blocked: c.Blocked, attrs: maps.Clone(c.Attrs), labels: r.labels}
	if c.SMS != nil {
		ur.sms = *c.SMS
	}
	if c.WhatsApp != nil {
		ur.whatsapp = *c.WhatsApp
	}
	if ur.attrs == nil {
		ur.attrs = map[string]any{}
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	// An export without first and last name columns carries the shown
	// name (first and last) in "name": that is no change.
	if r.name != nil && !(c.Name == "" && *r.name == strings.TrimSpace(c.FirstName+" "+c.LastName)) {
		ur.name = *r.name
	}
	set(&ur.first, r.firstName)
	set(&ur.last, r.lastName)
	set(&ur.status, r.status)
	if r.sms != "" {
		ur.sms = r.sms
	}
	if r.whatsapp != "" {
		ur.whatsapp = r.whatsapp
	}
	if r.blocked != nil {
		ur.blocked = *r.blocked
	}
	maps.Copy(ur.attrs, r.attrs)
	before := row{name: c.Name, first: c.FirstName, last: c.LastName, status: c.Status, blocked: c.Blocked,
		sms: deref(c.SMS), whatsapp: deref(c.WhatsApp)}
	changed := before.name != ur.name || before.first != ur.first || before.last != ur.last ||
		before.status != ur.status || before.blocked != ur.blocked || before.sms != ur.sms ||
		before.whatsapp != ur.whatsapp || !sameAttrs(c.Attrs, ur.attrs)
	return ur, changed
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func sameAttrs(a, b map[string]any) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

type columns struct {
	ids                                           []int64
	names, firsts, lasts, sms, whatsapp, statuses []string
	blocked                                       []bool
	attrs                                         []string
}

func columnsOf(rows []*row) columns {
	var c columns
	for _, r := range rows {
		a, _ := json.Marshal(r.attrs)
		c.ids = append(c.ids, r.id)
		c.names = append(c.names, r.name)
		c.firsts = append(c.firsts, r.first)
		c.lasts = append(c.lasts, r.last)
		c.sms = append(c.sms, r.sms)
		c.whatsapp = append(c.whatsapp, r.whatsapp)
		c.statuses = append(c.statuses, r.status)
		c.blocked = append(c.blocked, r.blocked)
		c.attrs = append(c.attrs, string(a))
	}
	return c
}

// insertRows inserts new contacts in one statement. A row whose number
// another writer (an inbound message) took since the batch looked is
// reported as number_taken; importing the file again updates it.
func (s *Service) insertRows(ctx context.Context, tx bun.Tx, accountID int64, rows []*row, p *progress) error {
	if len(rows) == 0 {
		return nil
	}
	c := columnsOf(rows)
	var got []struct {
		ID       int64   `bun:"id"`
		SMS      *string `bun:"sms_number"`
		WhatsApp *string `bun:"whatsapp_number"`
	}
	err := tx.NewRaw(`INSERT INTO contacts (account_id, name, first_name, last_name, sms_number, whatsapp_number, status, blocked, attributes)
		SELECT ?, v.name, v.first_name, v.last_name, nullif(v.sms, ''), nullif(v.wa, ''), v.status, v.blocked, v.attrs::jsonb
		FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[])
			AS v(name, first_name, last_name, sms, wa, status, blocked, attrs)
		ON CONFLICT DO NOTHING
		RETURNING id, sms_number, whatsapp_number`,
		accountID, pgdialect.Array(c.names), pgdialect.Array(c.firsts), pgdialect.Array(c.lasts),
		pgdialect.Array(c.sms), pgdialect.Array(c.whatsapp), pgdialect.Array(c.statuses),
		pgdialect.Array(c.blocked), pgdialect.Array(c.attrs)).Scan(ctx, &got)
	if err != nil {
		return fmt.Errorf("contactimport: insert contacts: %w", err)
	}
	byNumber := map[string]int64{}
	for _, g := range got {
		if g.SMS != nil {
			byNumber[*g.SMS] = g.ID
		}
		if g.WhatsApp != nil {
			byNumber[*g.WhatsApp] = g.ID
		}
	}
	for _, r := range rows {
		if id := byNumber[r.rec.numbers()[0]]; id != 0 {
			r.id = id
			p.Imported++
			continue
		}
		p.fail(RowError{Row: r.rec.line, Code: CodeNumberTaken,
			Message: "another contact got this number during the import; import the file again to update it"})
	}
	return nil
}

func updateRows(ctx context.Context, tx bun.Tx, rows []*row) error {
	if len(rows) == 0 {
		return nil
	}
	c := columnsOf(rows)
	_, err := tx.NewRaw(`UPDATE contacts AS c SET name = v.name, first_name = v.first_name, last_name = v.last_name,
			sms_number = nullif(v.sms, ''), whatsapp_number = nullif(v.wa, ''), status = v.status,
			blocked = v.blocked, attributes = v.attrs::jsonb, updated_at = now()
		FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[])
			AS v(id, name, first_name, last_name, sms, wa, status, blocked, attrs)
		WHERE c.id = v.id`,
		pgdialect.Array(c.ids), pgdialect.Array(c.names), pgdialect.Array(c.firsts), pgdialect.Array(c.lasts),
		pgdialect.Array(c.sms), pgdialect.Array(c.whatsapp), pgdialect.Array(c.statuses),
		pgdialect.Array(c.blocked), pgdialect.Array(c.attrs)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("contactimport: update contacts: %w", err)
	}
	return nil
}

// applyLabels creates the labels rows name that do not exist yet and adds
// them to the contacts. Rows not counted yet are matched contacts whose
// fields did not change: they count as updated when they gain a label,
// else as unchanged.
func (s *Service) applyLabels(ctx context.Context, tx bun.Tx, accountID int64, rows []*row, p *progress) error {
	if len(rows) == 0 {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, l := range r.labels {
			if k := strings.ToLower(l); !seen[k] {
				seen[k] = true
				names = append(names, l)
			}
		}
	}
	if _, err := tx.NewRaw(`INSERT INTO labels (account_id, name) SELECT ?, n FROM unnest(?::text[]) AS n ON CONFLICT DO NOTHING`,
		accountID, pgdialect.Array(names)).Exec(ctx); err != nil {
		return fmt.Errorf("contactimport: create labels: %w", err)
	}
	var labels []struct {
		ID   int64  `bun:"id"`
		Name string `bun:"lname"`
	}
	if err := tx.NewRaw(`SELECT id, lower(name) AS lname FROM labels WHERE account_id = ? AND lower(name) = ANY(?)`,
		accountID, pgdialect.Array(keys(seen))).Scan(ctx, &labels); err != nil {
		return fmt.Errorf("contactimport: read labels: %w", err)
	}
	labelID := map[string]int64{}
	for _, l := range labels {
		labelID[l.Name] = l.ID
	}
	var cids, lids []int64
	for _, r := range rows {
		for _, l := range r.labels {
			if id := labelID[strings.ToLower(l)]; id != 0 {
				cids = append(cids, r.id)
				lids = append(lids, id)
			}
		}
	}
	var added []int64
	if err := tx.NewRaw(`INSERT INTO contact_labels (contact_id, label_id) SELECT * FROM unnest(?::bigint[], ?::bigint[])
		ON CONFLICT DO NOTHING RETURNING contact_id`, pgdialect.Array(cids), pgdialect.Array(lids)).Scan(ctx, &added); err != nil {
		return fmt.Errorf("contactimport: label contacts: %w", err)
	}
	gained := map[int64]bool{}
	for _, id := range added {
		gained[id] = true
	}
	for _, r := range rows {
		if r.counted {
			continue
		}
		if gained[r.id] {
			p.Updated++
		} else {
			p.Unchanged++
		}
	}
	return nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
