package contacts

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/database"
)

// AttributeInput creates or changes an attribute definition. The key and
// type are fixed once created (stored values depend on them).
type AttributeInput struct {
	Key      Optional[string]   `json:"key"`
	Label    Optional[string]   `json:"label"`
	Type     Optional[string]   `json:"type"`
	Options  Optional[[]string] `json:"options"`
	Position Optional[int]      `json:"position"`
}

// maxOptions bounds the list of a choice attribute.
const maxOptions = 200

func (s *Service) attributeMap(ctx context.Context, db bun.IDB, accountID int64) (map[string]AttributeDef, error) {
	var defs []AttributeDef
	if err := db.NewSelect().Model(&defs).Where("account_id = ?", accountID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("contacts: attributes: %w", err)
	}
	m := make(map[string]AttributeDef, len(defs))
	for _, d := range defs {
		m[d.Key] = d
	}
	return m, nil
}

func validateDef(d *AttributeDef) error {
	var v apperror.Validation
	v.Check(keyPattern.MatchString(d.Key), "key", "must start with a letter and hold only a-z, 0-9 and _ (at most 40)")
	d.Label = strings.TrimSpace(d.Label)
	v.Check(d.Label != "" && utf8.RuneCountInString(d.Label) <= 100, "label", "is required (at most 100 characters)")
	switch d.Type {
	case TypeText, TypeNumber, TypeDate, TypeBoolean:
		d.Options = []string{}
	case TypeChoice:
		seen := map[string]bool{}
		opts := make([]string, 0, len(d.Options))
		for _, o := range d.Options {
			o = strings.TrimSpace(o)
			if o == "" || seen[strings.ToLower(o)] {
				continue
			}
			seen[strings.ToLower(o)] = true
			v.Check(utf8.RuneCountInString(o) <= 100, "options", "options are at most 100 characters")
			opts = append(opts, o)
		}
		d.Options = opts
		v.Check(len(opts) > 0 && len(opts) <= maxOptions, "options", fmt.Sprintf("a choice needs 1 to %d options", maxOptions))
	default:
		v.Check(false, "type", "must be text, number, date, boolean or choice")
	}
	return v.Err()
}

// CreateAttribute defines a new custom attribute for the account.
func (s *Service) CreateAttribute(ctx context.Context, accountID int64, in AttributeInput) (AttributeDef, error) {
	d := AttributeDef{AccountID: accountID, Key: strings.TrimSpace(in.Key.Value), Label: in.Label.Value,
		Type: in.Type.Value, Options: in.Options.Value, Position: in.Position.Value}
	if err := validateDef(&d); err != nil {
		return AttributeDef{}, err
	}
	if !in.Position.Set {
		err := s.db.NewSelect().Model((*AttributeDef)(nil)).ColumnExpr("coalesce(max(position) + 1, 0)").
			Where("account_id = ?", accountID).Scan(ctx, &d.Position)
		if err != nil {
			return AttributeDef{}, fmt.Errorf("contacts: next position: %w", err)
		}
	}
	if _, err := s.db.NewInsert().Model(&d).Returning("*").Exec(ctx); err != nil {
		if database.UniqueViolation(err) != "" {
			return AttributeDef{}, apperror.Conflict("key", "an attribute with this key exists")
		}
		return AttributeDef{}, fmt.Errorf("contacts: create attribute: %w", err)
	}
	return d, nil
}

// UpdateAttribute changes an attribute's label, options or position.
// Values that a shortened option list no longer allows stay stored until
// the contact is next written.
func (s *Service) UpdateAttribute(ctx context.Context, accountID, id int64, in AttributeInput) (AttributeDef, error) {
	var d AttributeDef
	if err := s.db.NewSelect().Model(&d).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx); err != nil {
		return AttributeDef{}, apperror.NotFoundOr(err, "attribute")
	}
	var v apperror.Validation
	v.Check(!in.Key.Set || in.Key.Value == d.Key, "key", "cannot be changed")
	v.Check(!in.Type.Set || in.Type.Value == d.Type, "type", "cannot be changed")
	if err := v.Err(); err != nil {
		return AttributeDef{}, err
	}
	if in.Label.Set {
		d.Label = in.Label.Value
	}
	if in.Options.Set {
		d.Options = in.Options.Value
	}
	if in.Position.Set {
		d.Position = in.Position.Value
	}
	if err := validateDef(&d); err != nil {
		return AttributeDef{}, err
	}
	if _, err := s.db.NewUpdate().Model(&d).Column("label", "options", "position").WherePK().Exec(ctx); err != nil {
		return AttributeDef{}, fmt.Errorf("contacts: update attribute: %w", err)
	}
	return d, nil
}

// DeleteAttribute removes the definition and its value from every contact.
func (s *Service) DeleteAttribute(ctx context.Context, accountID, id int64) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var d AttributeDef
		err := tx.NewDelete().Model(&d).Where("id = ? AND account_id = ?", id, accountID).Returning("*").Scan(ctx)
		if err != nil {
			return apperror.NotFoundOr(err, "attribute")
		}
		_, err = tx.NewUpdate().Model((*Contact)(nil)).Set("attributes = attributes - ?", d.Key).
			Where("account_id = ? AND attributes ? ?", accountID, bun.Safe("?"), d.Key).Exec(ctx)
		if err != nil {
			return fmt.Errorf("contacts: clear attribute: %w", err)
		}
		return nil
	})
}
