package inbox

import "context"

// CampaignNotifier hears that a campaign's recipients changed outside the
// campaign engine (delivered, read or replied by a webhook), so the
// campaign's live progress follows (the campaign engine's coalescer).
type CampaignNotifier interface {
	CampaignChanged(id int64)
}

// SetCampaignNotifier connects the campaign engine; without one nothing is
// notified.
func (s *Service) SetCampaignNotifier(n CampaignNotifier) { s.campaigns = n }

// notifyCampaignsAfter tells the notifier about ids once the transaction
// has committed, so the counts it reads include the change.
func (s *Service) notifyCampaignsAfter(afterCommit *[]func(context.Context), ids []int64) {
	if s.campaigns == nil || len(ids) == 0 || afterCommit == nil {
		return
	}
	n := s.campaigns
	*afterCommit = append(*afterCommit, func(context.Context) {
		for _, id := range ids {
			n.CampaignChanged(id)
		}
	})
}
