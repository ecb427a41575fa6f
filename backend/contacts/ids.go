package contacts

import (
	"context"
	"fmt"
)

// maxFilterIDs bounds how many contacts a filter may select for another
// area's bulk action (adding to a group).
const maxFilterIDs = 200000

// MatchingIDs returns the ids of the account's contacts that f matches.
func (s *Service) MatchingIDs(ctx context.Context, accountID int64, f Filter) ([]int64, error) {
	country, err := s.DefaultCountry(ctx, s.db, accountID)
	if err != nil {
		return nil, err
	}
	sel := s.db.NewSelect().TableExpr("contacts AS contact").Column("contact.id").
		Where("contact.account_id = ?", accountID).OrderExpr("contact.id").Limit(maxFilterIDs)
	f.apply(sel, country)
	var ids []int64
	if err := sel.Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("contacts: matching ids: %w", err)
	}
	return ids, nil
}
