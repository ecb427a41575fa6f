package consent

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// Filter selects consents for the Consents page and its export.
type Filter struct {
	Q           string
	Number      string
	ChannelKind string
	State       string
	Source      string
	Cursor      string
	Limit       int
}

// ContactRef names the phone-book entry that has the number, if any.
type ContactRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Item is a consent as the list shows it.
type Item struct {
	Record
	Contact *ContactRef `json:"contact"`
}

// Page is one page of consents, newest change first.
type Page struct {
	Items      []Item  `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

type cursor struct {
	at     time.Time
	number string
	kind   string
}

func (c cursor) encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.at.UnixMicro(), 10) + "|" + c.number + "|" + c.kind))
}

func decodeCursor(s string) (cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	parts := strings.SplitN(string(b), "|", 3)
	if len(parts) != 3 {
		return cursor{}, false
	}
	us, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return cursor{}, false
	}
	return cursor{at: time.UnixMicro(us), number: parts[1], kind: parts[2]}, true
}

// Validate checks a filter's values, naming the field.
func (f *Filter) Validate() error {
	var v apperror.Validation
	if f.ChannelKind != "" {
		ValidKind(&v, "channel_kind", f.ChannelKind)
	}
	v.Check(f.State == "" || f.State == Granted || f.State == Revoked || f.State == Pending, "state", "must be granted, revoked or pending")
	v.Check(len(f.Q) <= 100, "q", "must be at most 100 characters")
	if f.Cursor != "" {
		_, ok := decodeCursor(f.Cursor)
		v.Check(ok, "cursor", "must be a cursor returned by a previous page")
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v.Check(f.Limit >= 1 && f.Limit <= 500, "limit", "must be a number from 1 to 500")
	return v.Err()
}

func (s *Service) query(accountID int64, f Filter) *bun.SelectQuery {
	q := s.db.NewSelect().TableExpr("consents AS c").
		ColumnExpr("c.*, ct.id AS contact_id, ct.name AS contact_name").
		Join(`LEFT JOIN LATERAL (SELECT id, CASE WHEN name <> '' THEN name ELSE btrim(first_name || ' ' || last_name) END AS name
			FROM contacts WHERE account_id = c.account_id
			AND (CASE c.channel_kind WHEN 'whatsapp' THEN whatsapp_number ELSE sms_number END) = c.number LIMIT 1) AS ct ON true`).
		Where("c.account_id = ?", accountID)
	if f.Number != "" {
		q.Where("c.number = ?", f.Number)
	}
	if f.ChannelKind != "" {
		q.Where("c.channel_kind = ?", f.ChannelKind)
	}
	if f.State != "" {
		q.Where("c.state = ?", f.State)
	}
	if f.Source != "" {
		q.Where("c.source = ?", f.Source)
	}
	if term := strings.TrimSpace(f.Q); term != "" {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, term)
		q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			if len(digits) >= 3 {
				q.WhereOr("c.number LIKE ?", "%"+digits+"%")
			}
			return q.WhereOr("ct.name ILIKE ?", "%"+escapeLike(term)+"%")
		})
	}
	return q
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

type itemRow struct {
	Record
	ContactID   *int64  `bun:"contact_id"`
	ContactName *string `bun:"contact_name"`
}

// List returns one page of the account's consents.
func (s *Service) List(ctx context.Context, accountID int64, f Filter) (*Page, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	q := s.query(accountID, f)
	if c, ok := decodeCursor(f.Cursor); ok && f.Cursor != "" {
		q.Where("(c.changed_at, c.number, c.channel_kind) < (?, ?, ?)", c.at, c.number, c.kind)
	}
	var rows []itemRow
	if err := q.OrderExpr("c.changed_at DESC, c.number DESC, c.channel_kind DESC").Limit(int64(f.Limit+1)).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("consent: list: %w", err)
	}
	page := &Page{Items: make([]Item, 0, len(rows))}
	for i, r := range rows {
		if i == f.Limit {
			last := rows[i-1]
			next := cursor{at: last.ChangedAt, number: last.Number, kind: last.ChannelKind}.encode()
			page.NextCursor = &next
			break
		}
		it := Item{Record: r.Record}
		if r.ContactID != nil {
			it.Contact = &ContactRef{ID: *r.ContactID, Name: *r.ContactName}
		}
		page.Items = append(page.Items, it)
	}
	return page, nil
}

// Each calls fn for every consent matching f (for exports), in pages.
func (s *Service) Each(ctx context.Context, accountID int64, f Filter, fn func(Item) error) error {
	f.Limit, f.Cursor = 500, ""
	for {
		page, err := s.List(ctx, accountID, f)
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			if err := fn(it); err != nil {
				return err
			}
		}
		if page.NextCursor == nil {
			return nil
		}
		f.Cursor = *page.NextCursor
	}
}
