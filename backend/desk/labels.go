package desk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/database"
)

// MaxLabelName bounds a label's name.
const MaxLabelName = 50

// DefaultLabelColor is used when a new label names no colour.
const DefaultLabelColor = "#64748b"

var colorRE = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// Label tags conversations and contacts of an account.
type Label struct {
	bun.BaseModel `bun:"table:labels"`

	ID        int64     `bun:",pk,autoincrement" json:"id"`
	AccountID int64     `bun:",notnull" json:"-"`
	Name      string    `bun:",notnull" json:"name"`
	Color     string    `bun:",notnull" json:"color"`
	CreatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
}

// LabelInput creates a label.
type LabelInput struct {
	Name  string `json:"name"`
	Color string `json:"color"`
}

// LabelUpdate changes a label; nil fields stay as they are.
type LabelUpdate struct {
	Name  *string `json:"name"`
	Color *string `json:"color"`
}

func checkLabelName(v *apperror.Validation, name string) {
	v.Check(name != "", "name", "is required")
	v.Check(utf8.RuneCountInString(name) <= MaxLabelName, "name", fmt.Sprintf("must be at most %d characters", MaxLabelName))
}

func checkColor(v *apperror.Validation, color string) {
	v.Check(colorRE.MatchString(color), "color", "must be a colour like #1e90ff")
}

func mapLabelConflict(err error) error {
	if database.UniqueViolation(err) == "labels_name_key" {
		return apperror.Conflict("name", "another label already has this name")
	}
	return err
}

// ListLabels returns the account's labels by name.
func (s *Service) ListLabels(ctx context.Context, accountID int64) ([]Label, error) {
	out := []Label{}
	err := s.db.NewSelect().Model(&out).Where("account_id = ?", accountID).OrderExpr("lower(name), id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("desk: list labels: %w", err)
	}
	return out, nil
}

// GetLabel returns one label of the account.
func (s *Service) GetLabel(ctx context.Context, accountID, id int64) (*Label, error) {
	return getLabel(ctx, s.db, accountID, id)
}

func getLabel(ctx context.Context, db bun.IDB, accountID, id int64) (*Label, error) {
	l := new(Label)
	err := db.NewSelect().Model(l).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("label")
	}
	if err != nil {
		return nil, fmt.Errorf("desk: get label: %w", err)
	}
	return l, nil
}

// CreateLabel adds a label to the account.
func (s *Service) CreateLabel(ctx context.Context, accountID int64, in LabelInput) (*Label, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Color = strings.ToLower(strings.TrimSpace(in.Color))
	if in.Color == "" {
		in.Color = DefaultLabelColor
	}
	var v apperror.Validation
	checkLabelName(&v, in.Name)
	checkColor(&v, in.Color)
	if err := v.Err(); err != nil {
		return nil, err
	}
	l := &Label{AccountID: accountID, Name: in.Name, Color: in.Color}
	if _, err := s.db.NewInsert().Model(l).Returning("*").Exec(ctx); err != nil {
		return nil, fmt.Errorf("desk: create label: %w", mapLabelConflict(err))
	}
	return l, nil
}

// UpdateLabel renames or recolours a label; open desks see the change on
// the conversations that carry it.
func (s *Service) UpdateLabel(ctx context.Context, accountID, id int64, in LabelUpdate) (*Label, error) {
	var v apperror.Validation
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		checkLabelName(&v, *in.Name)
	}
	if in.Color != nil {
		*in.Color = strings.ToLower(strings.TrimSpace(*in.Color))
		checkColor(&v, *in.Color)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	l := new(Label)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		q := tx.NewUpdate().Model((*Label)(nil)).Where("id = ? AND account_id = ?", id, accountID).Returning("*")
		if in.Name != nil {
			q.Set("name = ?", *in.Name)
		}
		if in.Color != nil {
			q.Set("color = ?", *in.Color)
		}
		if in.Name == nil && in.Color == nil {
			q.Set("name = name")
		}
		if err := q.Scan(ctx, l); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperror.NotFound("label")
			}
			return mapLabelConflict(err)
		}
		return s.republishLabelled(ctx, tx, accountID, id)
	})
	if err != nil {
		return nil, fmt.Errorf("desk: update label: %w", err)
	}
	return l, nil
}

// DeleteLabel removes a label from the account and from everything it tags.
func (s *Service) DeleteLabel(ctx context.Context, accountID, id int64) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := getLabel(ctx, tx, accountID, id); err != nil {
			return err
		}
		convs, err := recentlyLabelled(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*Label)(nil)).Where("id = ? AND account_id = ?", id, accountID).Exec(ctx); err != nil {
			return err
		}
		return s.publishConversations(ctx, tx, accountID, convs)
	})
	if err != nil {
		return fmt.Errorf("desk: delete label: %w", err)
	}
	return nil
}

// republishLimit bounds the conversation.updated events one label edit
// sends. The most recently active conversations are the ones on agents'
// screens; older ones show the change when they are next fetched.
const republishLimit = 200

func recentlyLabelled(ctx context.Context, db bun.IDB, labelID int64) ([]int64, error) {
	var ids []int64
	err := db.NewSelect().TableExpr("conversation_labels AS cl").Join("JOIN conversations AS c ON c.id = cl.conversation_id").
		Column("c.id").Where("cl.label_id = ?", labelID).OrderExpr("c.last_message_at DESC, c.id DESC").
		Limit(republishLimit).Scan(ctx, &ids)
	return ids, err
}

func (s *Service) republishLabelled(ctx context.Context, tx bun.IDB, accountID, labelID int64) error {
	ids, err := recentlyLabelled(ctx, tx, labelID)
	if err != nil {
		return err
	}
	return s.publishConversations(ctx, tx, accountID, ids)
}

func (s *Service) publishConversations(ctx context.Context, tx bun.IDB, accountID int64, ids []int64) error {
	for _, id := range ids {
		if err := s.inbox.PublishConversationUpdated(ctx, tx, accountID, id); err != nil {
			return err
		}
	}
	return nil
}
