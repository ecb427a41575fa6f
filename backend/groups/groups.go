// Package groups keeps contact groups (newsletters): their members, who is
// reachable on which channel kind, and every membership change.
package groups

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/consent"
	"switchboard/backend/database"
)

// Kinds of group.
const (
	KindSMS          = "sms"
	KindWhatsApp     = "whatsapp"
	KindMultichannel = "multichannel"
)

// Group is a contact group.
type Group struct {
	bun.BaseModel `bun:"table:contact_groups,alias:g"`

	ID          int64     `bun:",pk,autoincrement" json:"id"`
	AccountID   int64     `bun:",notnull" json:"-"`
	Name        string    `bun:",notnull" json:"name"`
	Kind        string    `bun:",notnull" json:"kind"`
	Keyword     *string   `json:"keyword"`
	Description string    `bun:",notnull" json:"description"`
	CreatedAt   time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	UpdatedAt   time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`

	Reach *Reach `bun:"-" json:"reach,omitempty"`
}

// Reach are a group's key figures (the seed's blocks A–D).
type Reach struct {
	Members            int `bun:"members" json:"members"`
	SMSReachable       int `bun:"sms_reachable" json:"sms_reachable"`
	WhatsAppRegistered int `bun:"whatsapp_registered" json:"whatsapp_registered"`
	WhatsAppWithNumber int `bun:"whatsapp_with_number" json:"whatsapp_with_number"`
	WhatsAppReachable  int `bun:"whatsapp_reachable" json:"whatsapp_reachable"`
	BothWithNumbers    int `bun:"both_with_numbers" json:"both_with_numbers"`
	BothReachable      int `bun:"both_reachable" json:"both_reachable"`
}

// Input creates or changes a group; nil fields of an update stay.
type Input struct {
	Name        *string `json:"name"`
	Kind        *string `json:"kind"`
	Keyword     *string `json:"keyword"`
	Description *string `json:"description"`
}

// Service keeps groups.
type Service struct {
	db *bun.DB
}

// NewService returns the groups service.
func NewService(db *bun.DB) *Service { return &Service{db: db} }

func mapConflict(err error) error {
	switch database.UniqueViolation(err) {
	case "contact_groups_name_key":
		return apperror.Conflict("name", "another group already has this name")
	case "contact_groups_keyword_key":
		return apperror.Conflict("keyword", "another group already uses this keyword")
	}
	return err
}

func (s *Service) validate(g *Group, in Input, words consent.Words) error {
	var v apperror.Validation
	if in.Name != nil {
		g.Name = strings.TrimSpace(*in.Name)
	}
	v.Check(g.Name != "" && len([]rune(g.Name)) <= 120, "name", "is required, at most 120 characters")
	if in.Kind != nil {
		g.Kind = *in.Kind
	}
	v.Check(g.Kind == KindSMS || g.Kind == KindWhatsApp || g.Kind == KindMultichannel, "kind", "must be sms, whatsapp or multichannel")
	if in.Keyword != nil {
		k := strings.ToUpper(strings.TrimSpace(*in.Keyword))
		if k == "" {
			g.Keyword = nil
		} else {
			v.Check(consent.ValidGroupKeyword(k, words), "keyword", "must be 2–40 letters or digits and not a stop or start word")
			g.Keyword = &k
		}
	}
	if in.Description != nil {
		g.Description = strings.TrimSpace(*in.Description)
	}
	v.Check(len([]rune(g.Description)) <= 1000, "description", "must be at most 1000 characters")
	return v.Err()
}

// Create adds a group.
func (s *Service) Create(ctx context.Context, accountID int64, in Input, words consent.Words) (*Group, error) {
	g := &Group{AccountID: accountID}
	if err := s.validate(g, in, words); err != nil {
		return nil, err
	}
	if _, err := s.db.NewInsert().Model(g).Returning("*").Exec(ctx); err != nil {
		return nil, fmt.Errorf("groups: create: %w", mapConflict(err))
	}
	g.Reach = &Reach{}
	return g, nil
}

// Update changes a group.
func (s *Service) Update(ctx context.Context, accountID, id int64, in Input, words consent.Words) (*Group, error) {
	g, err := s.get(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	if err := s.validate(g, in, words); err != nil {
		return nil, err
	}
	_, err = s.db.NewUpdate().Model(g).Column("name", "kind", "keyword", "description").Set("updated_at = now()").
		WherePK().Returning("*").Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("groups: update: %w", mapConflict(err))
	}
	return s.Get(ctx, accountID, id)
}

// Delete removes a group; its members stay in the phone book.
func (s *Service) Delete(ctx context.Context, accountID, id int64) error {
	res, err := s.db.NewDelete().Model((*Group)(nil)).Where("id = ? AND account_id = ?", id, accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("groups: delete: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperror.NotFound("group")
	}
	return nil
}

func (s *Service) get(ctx context.Context, accountID, id int64) (*Group, error) {
	g := new(Group)
	err := s.db.NewSelect().Model(g).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("groups: get: %w", apperror.NotFoundOr(err, "group"))
	}
	return g, nil
}

// Find returns a group of the account without its key figures (a caller
// that only needs to know it exists, such as an import into it).
func (s *Service) Find(ctx context.Context, accountID, id int64) (*Group, error) {
	return s.get(ctx, accountID, id)
}

// Get returns a group with its key figures.
func (s *Service) Get(ctx context.Context, accountID, id int64) (*Group, error) {
	g, err := s.get(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	all, err := s.reach(ctx, accountID, []int64{id})
	if err != nil {
		return nil, err
	}
	g.Reach = all[id]
	return g, nil
}

// List returns the account's groups with their key figures, by name.
func (s *Service) List(ctx context.Context, accountID int64) ([]*Group, error) {
	out := []*Group{}
	if err := s.db.NewSelect().Model(&out).Where("account_id = ?", accountID).OrderExpr("lower(name), id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("groups: list: %w", err)
	}
	ids := make([]int64, len(out))
	for i, g := range out {
		ids[i] = g.ID
	}
	all, err := s.reach(ctx, accountID, ids)
	if err != nil {
		return nil, err
	}
	for _, g := range out {
		g.Reach = all[g.ID]
	}
	return out, nil
}

// reachSQL computes the blocks A–D from members, contacts and consents, so
// they are exact and follow every consent change.
const reachSQL = `SELECT m.group_id,
	count(*) AS members,
	count(*) FILTER (WHERE sms_ok) AS sms_reachable,
	count(*) FILTER (WHERE m.whatsapp) AS whatsapp_registered,
	count(*) FILTER (WHERE m.whatsapp AND c.whatsapp_number IS NOT NULL) AS whatsapp_with_number,
	count(*) FILTER (WHERE m.whatsapp AND wa_ok) AS whatsapp_reachable,
	count(*) FILTER (WHERE c.sms_number IS NOT NULL AND c.whatsapp_number IS NOT NULL) AS both_with_numbers,
	count(*) FILTER (WHERE sms_ok AND m.whatsapp AND wa_ok) AS both_reachable
FROM contact_group_members AS m
JOIN contacts AS c ON c.id = m.contact_id
LEFT JOIN consents AS wc ON wc.account_id = c.account_id AND wc.number = c.whatsapp_number AND wc.channel_kind = 'whatsapp'
LEFT JOIN consents AS sc ON sc.account_id = c.account_id AND sc.number = c.sms_number AND sc.channel_kind = 'sms'
CROSS JOIN LATERAL (SELECT
	c.status = 'active' AND NOT c.blocked AND c.sms_number IS NOT NULL AND sc.state IS DISTINCT FROM 'revoked' AS sms_ok,
	c.status = 'active' AND NOT c.blocked AND c.whatsapp_number IS NOT NULL AND wc.state = 'granted' AS wa_ok) AS r
WHERE m.account_id = ? AND m.group_id IN (?)
GROUP BY m.group_id`

func (s *Service) reach(ctx context.Context, accountID int64, ids []int64) (map[int64]*Reach, error) {
	out := make(map[int64]*Reach, len(ids))
	for _, id := range ids {
		out[id] = &Reach{}
	}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		GroupID int64 `bun:"group_id"`
		Reach
	}
	if err := s.db.NewRaw(reachSQL, accountID, bun.In(ids)).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("groups: reach: %w", err)
	}
	for i := range rows {
		r := rows[i].Reach
		out[rows[i].GroupID] = &r
	}
	return out, nil
}

// ByKeyword finds the account's group with keyword (folded), or nil.
func (s *Service) ByKeyword(ctx context.Context, db bun.IDB, accountID int64, keyword string) (*Group, error) {
	g := new(Group)
	err := db.NewSelect().Model(g).Where("account_id = ? AND upper(keyword) = ?", accountID, strings.ToUpper(keyword)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("groups: by keyword: %w", err)
	}
	return g, nil
}
