package inbox

import (
	"context"
	"fmt"
	"time"
)

// Retention: realtime events are only needed for catch-up after short
// disconnects; raw webhooks are kept a month so they can be reprocessed. A
// status for a message nobody knows a week later will never find its send.
const (
	EventRetention       = 7 * 24 * time.Hour
	WebhookRetention     = 30 * 24 * time.Hour
	EarlyStatusRetention = 7 * 24 * time.Hour
)

// Prune deletes realtime events, processed raw webhooks and unmatched early
// statuses past retention.
func (s *Service) Prune(ctx context.Context) error {
	if _, err := s.db.NewDelete().TableExpr("events").Where("created_at < ?", s.now().Add(-EventRetention)).Exec(ctx); err != nil {
		return fmt.Errorf("inbox: prune events: %w", err)
	}
	if _, err := s.db.NewDelete().TableExpr("webhook_events").
		Where("processed_at IS NOT NULL AND received_at < ?", s.now().Add(-WebhookRetention)).Exec(ctx); err != nil {
		return fmt.Errorf("inbox: prune webhooks: %w", err)
	}
	if _, err := s.db.NewDelete().TableExpr("early_statuses").
		Where("received_at < ?", s.now().Add(-EarlyStatusRetention)).Exec(ctx); err != nil {
		return fmt.Errorf("inbox: prune early statuses: %w", err)
	}
	return nil
}
