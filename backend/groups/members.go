package groups

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"switchboard/backend/apperror"
)

// Sources of a membership change.
const (
	SourceKeyword = "keyword"
	SourceImport  = "import"
	SourceUser    = "user"
	SourceAPI     = "api"
	SourceRule    = "rule"
)

// Member is a contact in a group.
type Member struct {
	ContactID      int64     `bun:"contact_id" json:"contact_id"`
	Name           string    `bun:"name" json:"name"`
	SMSNumber      *string   `bun:"sms_number" json:"sms_number"`
	WhatsAppNumber *string   `bun:"whatsapp_number" json:"whatsapp_number"`
	Status         string    `bun:"status" json:"status"`
	Blocked        bool      `bun:"blocked" json:"blocked"`
	SMS            bool      `bun:"sms" json:"sms"`
	WhatsApp       bool      `bun:"whatsapp" json:"whatsapp"`
	Source         string    `bun:"source" json:"source"`
	AddedAt        time.Time `bun:"added_at" json:"added_at"`
	WhatsAppState  *string   `bun:"whatsapp_consent" json:"whatsapp_consent"`
	SMSState       *string   `bun:"sms_consent" json:"sms_consent"`
}

// Who changes a membership.
type Actor struct {
	Source string
	UserID *int64
}

// registers says which channel kinds a member of g is registered for when
// joining through via ("whatsapp", "sms" or "" for both the group sends on).
func registers(g *Group, via string) (sms, whatsapp bool) {
	switch g.Kind {
	case KindSMS:
		return true, false
	case KindWhatsApp:
		return false, true
	}
	switch via {
	case "sms":
		return true, false
	case "whatsapp":
		return false, true
	}
	return true, true
}

// Join adds contacts to group g in db (registering the channel kind via
// for a multichannel group) and records each change. It returns how many
// joined or gained a channel kind.
func (s *Service) Join(ctx context.Context, db bun.IDB, g *Group, contactIDs []int64, via string, who Actor) (int, error) {
	if len(contactIDs) == 0 {
		return 0, nil
	}
	sms, wa := registers(g, via)
	var joined []int64
	// The ids find the contacts by primary key; "account_id + 0" keeps the
	// planner from reading the whole account through its index instead,
	// which it does when its statistics lag behind a large import.
	err := db.NewRaw(`INSERT INTO contact_group_members (group_id, contact_id, account_id, sms, whatsapp, source)
		SELECT ?, c.id, c.account_id, ?, ?, ? FROM contacts AS c WHERE c.id = ANY(?::bigint[]) AND c.account_id + 0 = ?
		ON CONFLICT (group_id, contact_id) DO UPDATE
			SET sms = contact_group_members.sms OR EXCLUDED.sms, whatsapp = contact_group_members.whatsapp OR EXCLUDED.whatsapp
			WHERE (EXCLUDED.sms AND NOT contact_group_members.sms) OR (EXCLUDED.whatsapp AND NOT contact_group_members.whatsapp)
		RETURNING contact_id`, g.ID, sms, wa, who.Source, pgdialect.Array(contactIDs), g.AccountID).Scan(ctx, &joined)
	if err != nil {
		return 0, fmt.Errorf("groups: join: %w", err)
	}
	return len(joined), s.record(ctx, db, g.AccountID, g.ID, joined, "joined", who)
}

// Leave removes contacts from group g and records each change.
func (s *Service) Leave(ctx context.Context, db bun.IDB, g *Group, contactIDs []int64, who Actor) (int, error) {
	if len(contactIDs) == 0 {
		return 0, nil
	}
	var left []int64
	err := db.NewRaw(`DELETE FROM contact_group_members WHERE group_id = ? AND contact_id IN (?) RETURNING contact_id`,
		g.ID, bun.In(contactIDs)).Scan(ctx, &left)
	if err != nil {
		return 0, fmt.Errorf("groups: leave: %w", err)
	}
	return len(left), s.record(ctx, db, g.AccountID, g.ID, left, "left", who)
}

// LeaveAll removes a contact from every group of the account (a STOP) and
// returns the groups it left.
func (s *Service) LeaveAll(ctx context.Context, db bun.IDB, accountID, contactID int64, who Actor) ([]int64, error) {
	var left []int64
	err := db.NewRaw(`DELETE FROM contact_group_members WHERE account_id = ? AND contact_id = ? RETURNING group_id`,
		accountID, contactID).Scan(ctx, &left)
	if err != nil {
		return nil, fmt.Errorf("groups: leave all: %w", err)
	}
	for _, gid := range left {
		if err := s.record(ctx, db, accountID, gid, []int64{contactID}, "left", who); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (s *Service) record(ctx context.Context, db bun.IDB, accountID, groupID int64, contactIDs []int64, action string, who Actor) error {
	if len(contactIDs) == 0 {
		return nil
	}
	_, err := db.NewRaw(`INSERT INTO contact_group_history (account_id, group_id, contact_id, action, source, user_id)
		SELECT ?, ?, unnest(?::bigint[]), ?, ?, ?`, accountID, groupID, pgdialect.Array(contactIDs), action, who.Source, who.UserID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("groups: history: %w", err)
	}
	return nil
}

// MemberPage is one page of a group's members, by name.
type MemberPage struct {
	Items []Member `json:"items"`
	Next  *int64   `json:"next_cursor"`
}

// Members lists a group's members after the contact id cursor.
func (s *Service) Members(ctx context.Context, accountID, groupID, after int64, limit int) (*MemberPage, error) {
	if _, err := s.get(ctx, accountID, groupID); err != nil {
		return nil, err
	}
	items := []Member{}
	err := s.db.NewRaw(`SELECT m.contact_id, c.name, c.sms_number, c.whatsapp_number, c.status, c.blocked,
			m.sms, m.whatsapp, m.source, m.added_at, wc.state AS whatsapp_consent, sc.state AS sms_consent
		FROM contact_group_members AS m
		JOIN contacts AS c ON c.id = m.contact_id
		LEFT JOIN consents AS wc ON wc.account_id = c.account_id AND wc.number = c.whatsapp_number AND wc.channel_kind = 'whatsapp'
		LEFT JOIN consents AS sc ON sc.account_id = c.account_id AND sc.number = c.sms_number AND sc.channel_kind = 'sms'
		WHERE m.account_id = ? AND m.group_id = ? AND m.contact_id > ?
		ORDER BY m.contact_id LIMIT ?`, accountID, groupID, after, limit+1).Scan(ctx, &items)
	if err != nil {
		return nil, fmt.Errorf("groups: members: %w", err)
	}
	page := &MemberPage{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		next := page.Items[limit-1].ContactID
		page.Next = &next
	}
	return page, nil
}

// AddMembers adds contacts of the account by hand or through the API.
func (s *Service) AddMembers(ctx context.Context, accountID, groupID int64, contactIDs []int64, who Actor) (int, error) {
	var v apperror.Validation
	v.Check(len(contactIDs) > 0 && len(contactIDs) <= 10000, "contact_ids", "name 1 to 10000 contacts")
	if err := v.Err(); err != nil {
		return 0, err
	}
	g, err := s.get(ctx, accountID, groupID)
	if err != nil {
		return 0, err
	}
	return s.Join(ctx, s.db, g, contactIDs, "", who)
}

// RemoveMembers removes contacts from the group.
func (s *Service) RemoveMembers(ctx context.Context, accountID, groupID int64, contactIDs []int64, who Actor) (int, error) {
	g, err := s.get(ctx, accountID, groupID)
	if err != nil {
		return 0, err
	}
	return s.Leave(ctx, s.db, g, contactIDs, who)
}

// HistoryEntry is one membership change.
type HistoryEntry struct {
	ID          int64     `bun:"id" json:"id"`
	ContactID   *int64    `bun:"contact_id" json:"contact_id"`
	ContactName string    `bun:"contact_name" json:"contact_name"`
	Action      string    `bun:"action" json:"action"`
	Source      string    `bun:"source" json:"source"`
	UserID      *int64    `bun:"user_id" json:"user_id"`
	At          time.Time `bun:"at" json:"at"`
}

// History returns a group's latest membership changes, newest first.
func (s *Service) History(ctx context.Context, accountID, groupID int64) ([]HistoryEntry, error) {
	if _, err := s.get(ctx, accountID, groupID); err != nil {
		return nil, err
	}
	out := []HistoryEntry{}
	err := s.db.NewRaw(`SELECT h.id, h.contact_id, coalesce(CASE WHEN c.name <> '' THEN c.name ELSE btrim(c.first_name || ' ' || c.last_name) END, '') AS contact_name,
			h.action, h.source, h.user_id, h.at
		FROM contact_group_history AS h LEFT JOIN contacts AS c ON c.id = h.contact_id
		WHERE h.account_id = ? AND h.group_id = ? ORDER BY h.id DESC LIMIT 500`, accountID, groupID).Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("groups: history: %w", err)
	}
	return out, nil
}
