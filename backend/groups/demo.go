package groups

import (
	"context"
	"fmt"

	"switchboard/backend/consent"
)

// EnsureDemo gives the demo account a newsletter group with the keyword
// NEWS, so "START NEWS" from the sandbox phone shows groups and consent.
func (s *Service) EnsureDemo(ctx context.Context, accountID int64) error {
	exists, err := s.db.NewSelect().Model((*Group)(nil)).Where("account_id = ? AND upper(keyword) = 'NEWS'", accountID).Exists(ctx)
	if err != nil || exists {
		return err
	}
	name, kind, keyword := "Newsletter", KindMultichannel, "NEWS"
	desc := "Angebote und Neuigkeiten – anmelden mit START NEWS, abmelden mit STOP NEWS"
	if _, err := s.Create(ctx, accountID, Input{Name: &name, Kind: &kind, Keyword: &keyword, Description: &desc}, consent.DefaultWords()); err != nil {
		return fmt.Errorf("groups: demo: %w", err)
	}
	return nil
}
