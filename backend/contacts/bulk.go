package contacts

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// BulkInput is a bulk action on listed contacts or on every contact a
// filter matches.
type BulkInput struct {
	Action  string  `json:"action"`
	LabelID int64   `json:"label_id"`
	IDs     []int64 `json:"ids"`
	Filter  *Filter `json:"filter"`
}

// maxBulkIDs bounds a listed selection (larger ones go by filter).
const maxBulkIDs = 10000

// Bulk applies in.Action and returns how many contacts it affected.
func (s *Service) Bulk(ctx context.Context, accountID int64, in BulkInput) (int, error) {
	var v apperror.Validation
	switch in.Action {
	case "label", "unlabel":
		v.Check(in.LabelID > 0, "label_id", "is required for this action")
	case "activate", "deactivate", "block", "unblock", "delete":
	default:
		v.Check(false, "action", "must be label, unlabel, activate, deactivate, block, unblock or delete")
	}
	v.Check((in.IDs != nil) != (in.Filter != nil), "ids", "give either ids or filter")
	v.Check(len(in.IDs) <= maxBulkIDs, "ids", fmt.Sprintf("at most %d ids; use a filter for more", maxBulkIDs))
	if err := v.Err(); err != nil {
		return 0, err
	}
	country, err := s.DefaultCountry(ctx, s.db, accountID)
	if err != nil {
		return 0, err
	}
	sel := s.db.NewSelect().TableExpr("contacts AS contact").Column("contact.id").Where("contact.account_id = ?", accountID)
	if in.Filter != nil {
		in.Filter.apply(sel, country)
	} else {
		if len(in.IDs) == 0 {
			return 0, nil
		}
		sel.Where("contact.id IN (?)", bun.In(in.IDs))
	}
	var n int64
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var res sql.Result
		var err error
		switch in.Action {
		case "label", "unlabel":
			var ok bool
			ok, err = tx.NewSelect().Table("labels").Where("id = ? AND account_id = ?", in.LabelID, accountID).Exists(ctx)
			if err != nil {
				return err
			}
			if !ok {
				return fieldError("label_id", "is not a label of this account")
			}
			if in.Action == "label" {
				res, err = tx.NewRaw("INSERT INTO contact_labels (contact_id, label_id) SELECT id, ? FROM (?) AS s ON CONFLICT DO NOTHING",
					in.LabelID, sel).Exec(ctx)
			} else {
				res, err = tx.NewRaw("DELETE FROM contact_labels WHERE label_id = ? AND contact_id IN (?)", in.LabelID, sel).Exec(ctx)
			}
		case "activate", "deactivate":
			status := StatusActive
			if in.Action == "deactivate" {
				status = StatusInactive
			}
			res, err = tx.NewRaw("UPDATE contacts SET status = ?, updated_at = now() WHERE status <> ? AND id IN (?)",
				status, status, sel).Exec(ctx)
		case "block", "unblock":
			blocked := in.Action == "block"
			res, err = tx.NewRaw("UPDATE contacts SET blocked = ?, updated_at = now() WHERE blocked <> ? AND id IN (?)",
				blocked, blocked, sel).Exec(ctx)
		case "delete":
			res, err = tx.NewRaw("DELETE FROM contacts WHERE id IN (?)", sel).Exec(ctx)
		}
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("contacts: bulk %s: %w", in.Action, err)
	}
	return int(n), nil
}
