package contacts

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// Filter selects contacts; the list, bulk actions and export share it.
type Filter struct {
	Q            string     `json:"q,omitempty"`
	Status       string     `json:"status,omitempty"`
	Blocked      *bool      `json:"blocked,omitempty"`
	LabelID      int64      `json:"label_id,omitempty"`
	GroupID      int64      `json:"group_id,omitempty"`     // members of that group
	ChannelKind  string     `json:"channel_kind,omitempty"` // "sms" or "whatsapp": has that number
	HasSMS       *bool      `json:"has_sms,omitempty"`
	HasWhatsApp  *bool      `json:"has_whatsapp,omitempty"`
	CreatedFrom  *time.Time `json:"created_from,omitempty"`
	CreatedTo    *time.Time `json:"created_to,omitempty"`
	LastChatFrom *time.Time `json:"last_chat_from,omitempty"`
	LastChatTo   *time.Time `json:"last_chat_to,omitempty"`
}

// filterJSON is a filter as bulk bodies send it (the list's query keys).
type filterJSON struct {
	Q            string `json:"q"`
	Status       string `json:"status"`
	Blocked      *bool  `json:"blocked"`
	LabelID      int64  `json:"label_id"`
	GroupID      int64  `json:"group_id"`
	ChannelKind  string `json:"channel_kind"`
	HasSMS       *bool  `json:"has_sms"`
	HasWhatsApp  *bool  `json:"has_whatsapp"`
	CreatedFrom  string `json:"created_from"`
	CreatedTo    string `json:"created_to"`
	LastChatFrom string `json:"last_chat_from"`
	LastChatTo   string `json:"last_chat_to"`
}

// UnmarshalJSON reads a filter with dates as RFC 3339 or YYYY-MM-DD.
func (f *Filter) UnmarshalJSON(b []byte) error {
	var j filterJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("q", j.Q)
	set("status", j.Status)
	if j.Blocked != nil {
		set("blocked", strconv.FormatBool(*j.Blocked))
	}
	if j.LabelID != 0 {
		set("label_id", strconv.FormatInt(j.LabelID, 10))
	}
	if j.GroupID != 0 {
		set("group_id", strconv.FormatInt(j.GroupID, 10))
	}
	set("channel_kind", j.ChannelKind)
	if j.HasSMS != nil {
		set("has_sms", strconv.FormatBool(*j.HasSMS))
	}
	if j.HasWhatsApp != nil {
		set("has_whatsapp", strconv.FormatBool(*j.HasWhatsApp))
	}
	set("created_from", j.CreatedFrom)
	set("created_to", j.CreatedTo)
	set("last_chat_from", j.LastChatFrom)
	set("last_chat_to", j.LastChatTo)
	parsed, err := ParseFilter(q)
	if err != nil {
		return err
	}
	*f = parsed
	return nil
}

// ParseFilter reads the list's query parameters (q, status, blocked,
// label_id, group_id, channel_kind, has_sms, has_whatsapp, created_from, created_to,
// last_chat_from, last_chat_to). A date without a time in a "_to" bound
// includes that whole day.
func ParseFilter(q url.Values) (Filter, error) {
	var f Filter
	var v apperror.Validation
	f.Q = strings.TrimSpace(q.Get("q"))
	v.Check(len(f.Q) <= 200, "q", "is longer than 200 characters")
	f.Status = q.Get("status")
	v.Check(f.Status == "" || f.Status == StatusActive || f.Status == StatusInactive, "status", "must be active or inactive")
	boolean := func(key string) *bool {
		s := q.Get(key)
		if s == "" {
			return nil
		}
		b, err := strconv.ParseBool(s)
		v.Check(err == nil, key, "must be true or false")
		return &b
	}
	f.Blocked = boolean("blocked")
	f.HasSMS = boolean("has_sms")
	f.HasWhatsApp = boolean("has_whatsapp")
	if s := q.Get("label_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		v.Check(err == nil && id > 0, "label_id", "must be a label id")
		f.LabelID = id
	}
	if s := q.Get("group_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		v.Check(err == nil && id > 0, "group_id", "must be a group id")
		f.GroupID = id
	}
	f.ChannelKind = q.Get("channel_kind")
	v.Check(f.ChannelKind == "" || f.ChannelKind == "sms" || f.ChannelKind == "whatsapp", "channel_kind", "must be sms or whatsapp")
	date := func(key string, upper bool) *time.Time {
		s := q.Get(key)
		if s == "" {
			return nil
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return &t
		}
		t, err := time.Parse("2006-01-02", s)
		v.Check(err == nil, key, "must be a date (YYYY-MM-DD) or an RFC 3339 time")
		if upper {
			t = t.AddDate(0, 0, 1)
		}
		return &t
	}
	f.CreatedFrom = date("created_from", false)
	f.CreatedTo = date("created_to", true)
	f.LastChatFrom = date("last_chat_from", false)
	f.LastChatTo = date("last_chat_to", true)
	return f, v.Err()
}

// apply adds the filter's conditions to q (contacts aliased "contact").
func (f Filter) apply(q *bun.SelectQuery, country string) *bun.SelectQuery {
	if f.Q != "" {
		needle := "%" + escapeLike(strings.ToLower(f.Q)) + "%"
		q.WhereGroup(" AND ", func(g *bun.SelectQuery) *bun.SelectQuery {
			g.Where("contact.search_text LIKE ?", needle)
			for _, p := range numberPrefixes(f.Q, country) {
				p = escapeLike(p) + "%"
				g.WhereOr("contact.sms_number LIKE ?", p).WhereOr("contact.whatsapp_number LIKE ?", p)
			}
			return g
		})
	}
	if f.Status != "" {
		q.Where("contact.status = ?", f.Status)
	}
	if f.Blocked != nil {
		q.Where("contact.blocked = ?", *f.Blocked)
	}
	if f.LabelID != 0 {
		q.Where("EXISTS (SELECT 1 FROM contact_labels cl WHERE cl.contact_id = contact.id AND cl.label_id = ?)", f.LabelID)
	}
	if f.GroupID != 0 {
		// A group of another account has no members here.
		q.Where("EXISTS (SELECT 1 FROM contact_group_members m WHERE m.contact_id = contact.id AND m.group_id = ? AND m.account_id = contact.account_id)", f.GroupID)
	}
	switch f.ChannelKind {
	case "sms":
		q.Where("contact.sms_number IS NOT NULL")
	case "whatsapp":
		q.Where("contact.whatsapp_number IS NOT NULL")
	}
	if f.HasSMS != nil {
		q.Where("(contact.sms_number IS NOT NULL) = ?", *f.HasSMS)
	}
	if f.HasWhatsApp != nil {
		q.Where("(contact.whatsapp_number IS NOT NULL) = ?", *f.HasWhatsApp)
	}
	if f.CreatedFrom != nil {
		q.Where("contact.created_at >= ?", *f.CreatedFrom)
	}
	if f.CreatedTo != nil {
		q.Where("contact.created_at < ?", *f.CreatedTo)
	}
	if f.LastChatFrom != nil {
		q.Where("contact.last_chat_at >= ?", *f.LastChatFrom)
	}
	if f.LastChatTo != nil {
		q.Where("contact.last_chat_at < ?", *f.LastChatTo)
	}
	return q
}

// empty reports whether f selects every contact.
func (f Filter) empty() bool { return f == Filter{} }

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// sortColumns maps the sortable fields to the indexed expression each
// sorts by (id breaks ties) and how a cursor value is read back.
var sortColumns = map[string]struct {
	expr string
	time bool
}{
	"name":             {"contact.sort_name", false},
	"first_contact_at": {"contact.first_contact_at", true},
	"last_chat_at":     {"coalesce(contact.last_chat_at, '-infinity'::timestamptz)", true},
	"created_at":       {"contact.created_at", true},
	"status":           {"contact.status", false},
}

// scanWindow is how many contacts in sort order a filtered list reads
// before it turns to the matches instead.
const scanWindow = 2000

// unindexed is expr in a form no index matches (same values and order), so
// the planner sorts the rows the filter's indexes find.
func unindexed(expr string, isTime bool) string {
	if isTime {
		return "(" + expr + " + interval '0 s')"
	}
	return "(" + expr + " || '')"
}

type listRow struct {
	viewRow   `bun:",extend"`
	SortValue string `bun:"sort_value"`
	// WindowKey is the sort value as the window query names it (unused).
	WindowKey any `bun:"window_key,scanonly"`
}

// DefaultSort is the list's order without ?sort=.
const DefaultSort = "name"

// Page is one page of contacts; NextCursor continues it (nil at the end).
type Page struct {
	Items      []View  `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// cursor is the position after the last row of a page: its sort value and id.
type cursor struct {
	Sort string `json:"s"`
	V    string `json:"v"`
	ID   int64  `json:"i"`
}

// List returns one page of the account's contacts matching f, ordered by
// sort ("field" ascending, "-field" descending) and id, after cursor.
func (s *Service) List(ctx context.Context, accountID int64, f Filter, sort, cur string, limit int) (Page, error) {
	if sort == "" {
		sort = DefaultSort
	}
	desc := strings.HasPrefix(sort, "-")
	field := strings.TrimPrefix(sort, "-")
	col, ok := sortColumns[field]
	if !ok {
		return Page{}, fieldError("sort", "must be one of name, first_contact_at, last_chat_at, created_at, status (- for descending)")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	country, err := s.DefaultCountry(ctx, s.db, accountID)
	if err != nil {
		return Page{}, err
	}
	dir, cmp := " ASC", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	var after *cursor
	if cur != "" {
		c, err := decodeCursor(cur)
		if err != nil || c.Sort != sort {
			return Page{}, fieldError("cursor", "is not a cursor of this list and sort")
		}
		after = &c
	}
	cast := "text"
	if col.time {
		cast = "timestamptz"
	}
	keyset := func(q *bun.SelectQuery, expr, id string) {
		if after != nil {
			q.Where("("+expr+", "+id+") "+cmp+" (?::"+cast+", ?)", after.V, after.ID)
		}
	}
	// build is the page query ordered by expr; with window, only among the
	// next scanWindow contacts in sort order (read by the sort index: the
	// LIMIT keeps the filter's own indexes out of it).
	build := func(expr string, window bool) *bun.SelectQuery {
		q := viewQuery(s.db, accountID)
		if window {
			inner := s.db.NewSelect().TableExpr("contacts AS contact").ColumnExpr("contact.*").
				ColumnExpr(col.expr+" AS window_key").Where("contact.account_id = ?", accountID)
			keyset(inner, col.expr, "contact.id")
			inner.OrderExpr(col.expr + dir + ", contact.id" + dir).Limit(scanWindow)
			q.ModelTableExpr("(?) AS contact", inner)
			// Ordered by the window's own column, the page stops reading
			// the window as soon as it is full.
			expr = "contact.window_key"
		}
		q = f.apply(q, country).ColumnExpr(col.expr + "::text AS sort_value")
		keyset(q, expr, "contact.id")
		return q.OrderExpr(expr + dir + ", contact.id" + dir).Limit(int64(limit + 1))
	}
	var rows []listRow
	if field == "name" && f.onlyText(country) {
		// A name searched under the name sort: its matches may sit far down
		// the name order (a last name in the middle of every first name), so
		// a long stretch of it is read from the covering index alone first.
		full, err := s.nameWindowPage(ctx, accountID, f, after, dir, cmp, limit, &rows)
		if err != nil {
			return Page{}, err
		}
		if full {
			return pageOf(rows, sort, limit), nil
		}
		rows = rows[:0]
	}
	if f.empty() {
		if err := build(col.expr, false).Scan(ctx, &rows); err != nil {
			return Page{}, fmt.Errorf("contacts: list: %w", err)
		}
	} else {
		// A filter that matches often fills the page from the first rows in
		// sort order; one that matches rarely, or only far down (a name
		// searched while sorting by name), is answered from its matches:
		// for a search the order is then taken by a sort of the matches
		// the trigram and number indexes find, never by walking the whole
		// sort index for a few matches.
		if err := build(col.expr, true).Scan(ctx, &rows); err != nil {
			return Page{}, fmt.Errorf("contacts: list: %w", err)
		}
		if len(rows) <= limit {
			expr := col.expr
			if len([]rune(f.Q)) >= 3 {
				expr = unindexed(col.expr, col.time)
			}
			rows = rows[:0]
			if err := build(expr, false).Scan(ctx, &rows); err != nil {
				return Page{}, fmt.Errorf("contacts: list: %w", err)
			}
		}
	}
	return pageOf(rows, sort, limit), nil
}

// pageOf turns up to limit+1 rows into a page with its cursor.
func pageOf(rows []listRow, sort string, limit int) Page {
	page := Page{Items: make([]View, 0, min(len(rows), limit))}
	for i := range rows {
		if i == limit {
			last := rows[i-1]
			next := encodeCursor(cursor{Sort: sort, V: last.SortValue, ID: last.ID})
			page.NextCursor = &next
			break
		}
		page.Items = append(page.Items, rows[i].view())
	}
	return page
}

// nameWindow is how many contacts in name order a name search reads from
// the covering index before it turns to the matches.
const nameWindow = 40000

// onlyText reports whether f is a text search and nothing else (no number
// in it, no other filter).
func (f Filter) onlyText(country string) bool {
	rest := f
	rest.Q = ""
	return f.Q != "" && rest.empty() && numberPrefixes(f.Q, country) == nil
}

// nameWindowPage fills rows with the page of a text search under the name
// sort when the next nameWindow contacts in name order hold a full page;
// it reports whether they did.
func (s *Service) nameWindowPage(ctx context.Context, accountID int64, f Filter, after *cursor, dir, cmp string, limit int, rows *[]listRow) (bool, error) {
	window := s.db.NewSelect().TableExpr("contacts AS contact").
		ColumnExpr("contact.id, contact.sort_name, contact.search_text").Where("contact.account_id = ?", accountID)
	if after != nil {
		window.Where("(contact.sort_name, contact.id) "+cmp+" (?::text, ?)", after.V, after.ID)
	}
	window.OrderExpr("contact.sort_name" + dir + ", contact.id" + dir).Limit(nameWindow)
	var ids []int64
	err := s.db.NewSelect().TableExpr("(?) AS w", window).Column("w.id").
		Where("w.search_text LIKE ?", "%"+escapeLike(strings.ToLower(f.Q))+"%").
		OrderExpr("w.sort_name"+dir+", w.id"+dir).Limit(int64(limit+1)).Scan(ctx, &ids)
	if err != nil {
		return false, fmt.Errorf("contacts: list: %w", err)
	}
	if len(ids) <= limit {
		return false, nil
	}
	err = viewQuery(s.db, accountID).ColumnExpr("contact.sort_name::text AS sort_value").
		Where("contact.id IN (?)", bun.In(ids)).OrderExpr("contact.sort_name"+dir+", contact.id"+dir).Scan(ctx, rows)
	if err != nil {
		return false, fmt.Errorf("contacts: list: %w", err)
	}
	return true, nil
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return c, err
	}
	err = json.Unmarshal(b, &c)
	return c, err
}
