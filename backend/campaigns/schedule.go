package campaigns

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// active are the statuses that hold a sender number: one campaign at a
// time sends from it, the others wait as pending.
var active = []string{StatusRunning, StatusRetrying}

// start moves c (locked by the caller's transaction) to status (running or
// retrying), or to pending when another campaign sends from its sender.
// It reports whether the campaign now sends.
func (s *Service) start(ctx context.Context, tx bun.Tx, c *Campaign, status string) (bool, error) {
	// The sender's row serializes the decision between two campaigns
	// starting on it at once.
	if _, err := tx.NewSelect().Table("channel_senders").Column("id").Where("id = ?", c.SenderID).
		For("UPDATE").Exec(ctx); err != nil {
		return false, fmt.Errorf("campaigns: lock sender: %w", err)
	}
	busy, err := tx.NewSelect().Model((*Campaign)(nil)).
		Where("sender_id = ? AND id <> ? AND status IN (?)", c.SenderID, c.ID, bun.In(active)).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("campaigns: busy sender: %w", err)
	}
	now := s.now()
	if busy {
		status = StatusPending
	}
	q := tx.NewUpdate().Model((*Campaign)(nil)).Set("status = ?", status).Set("updated_at = ?", now).
		Set("stop_reason = ''").Set("stop_message = ''").Set("finished_at = NULL").Where("id = ?", c.ID)
	if !busy {
		q = q.Set("started_at = coalesce(started_at, ?)", now)
	}
	if _, err := q.Exec(ctx); err != nil {
		return false, fmt.Errorf("campaigns: start: %w", err)
	}
	c.Status = status
	return !busy, nil
}

// promote starts the oldest pending campaign on senderID when none sends
// from it.
func (s *Service) promote(ctx context.Context, senderID int64) error {
	started := false
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewSelect().Table("channel_senders").Column("id").Where("id = ?", senderID).
			For("UPDATE").Exec(ctx); err != nil {
			return fmt.Errorf("campaigns: lock sender: %w", err)
		}
		next := new(Campaign)
		err := tx.NewSelect().Model(next).Where("sender_id = ? AND status = ?", senderID, StatusPending).
			OrderExpr("updated_at, id").Limit(1).For("UPDATE SKIP LOCKED").Scan(ctx)
		if errNoRows(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("campaigns: next pending: %w", err)
		}
		started, err = s.start(ctx, tx, next, StatusRunning)
		return err
	})
	if started {
		s.wake()
	}
	return err
}

// Finished is called by the engine when a running or retrying campaign has
// completed (or stopped on a fault): the next pending campaign on its
// sender starts.
func (s *Service) Finished(ctx context.Context, campaignID int64) error {
	var senderID int64
	if err := s.db.NewSelect().Model((*Campaign)(nil)).Column("sender_id").
		Where("id = ?", campaignID).Scan(ctx, &senderID); err != nil {
		return fmt.Errorf("campaigns: finished %d: %w", campaignID, err)
	}
	return s.promote(ctx, senderID)
}

// StartDue starts the scheduled campaigns whose time has come (or queues
// them as pending behind another campaign on their sender) and returns how
// many it moved.
func (s *Service) StartDue(ctx context.Context) (int, error) {
	moved, woke := 0, false
	for {
		var c *Campaign
		started := false
		err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			due := new(Campaign)
			err := tx.NewSelect().Model(due).Where("status = ? AND send_at <= ?", StatusScheduled, s.now()).
				OrderExpr("send_at, id").Limit(1).For("UPDATE SKIP LOCKED").Scan(ctx)
			if errNoRows(err) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("campaigns: due: %w", err)
			}
			c = due
			started, err = s.start(ctx, tx, due, StatusRunning)
			return err
		})
		if err != nil || c == nil {
			if woke {
				s.wake()
			}
			return moved, err
		}
		moved++
		woke = woke || started
	}
}

// PromoteWaiting starts a pending campaign on every sender where none is
// sending: the engine's Finished call may have been lost to a crash after
// the campaign completed, and a fault stop frees the sender too.
func (s *Service) PromoteWaiting(ctx context.Context) error {
	var senders []int64
	err := s.db.NewRaw(`SELECT DISTINCT p.sender_id FROM campaigns AS p
		WHERE p.status = ? AND NOT EXISTS (SELECT 1 FROM campaigns AS r
			WHERE r.sender_id = p.sender_id AND r.status IN (?))`, StatusPending, bun.In(active)).Scan(ctx, &senders)
	if err != nil {
		return fmt.Errorf("campaigns: waiting senders: %w", err)
	}
	for _, id := range senders {
		if err := s.promote(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// schedulerInterval is how often the scheduler looks for due campaigns.
const schedulerInterval = time.Second

// RunScheduler starts due campaigns, and waiting ones whose sender is
// free, until ctx ends.
func (s *Service) RunScheduler(ctx context.Context) {
	t := time.NewTicker(schedulerInterval)
	defer t.Stop()
	for {
		if _, err := s.StartDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("campaigns: start due campaigns", "err", err)
		}
		if err := s.PromoteWaiting(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("campaigns: promote waiting campaigns", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// transition is a user's action on a campaign.
type transition struct {
	from []string
	// do changes the locked campaign; it reports whether the sender is
	// freed for the next pending one.
	do func(ctx context.Context, tx bun.Tx, c *Campaign) (freed bool, err error)
}

func (s *Service) apply(ctx context.Context, accountID, id int64, action string, t transition) (*Campaign, error) {
	var freed bool
	var senderID int64
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.load(ctx, tx, accountID, id, true)
		if err != nil {
			return err
		}
		allowed := false
		for _, st := range t.from {
			allowed = allowed || c.Status == st
		}
		if !allowed {
			return &apperror.Error{Kind: apperror.ErrConflict, Code: "invalid_transition",
				Message: fmt.Sprintf("a %s campaign cannot be %s", c.Status, action),
				Fields:  map[string]string{"status": "is " + c.Status}}
		}
		senderID = c.SenderID
		freed, err = t.do(ctx, tx, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The engine is woken on every change, so it drops a paused or stopped
	// campaign at once and reports the new status.
	s.wake()
	if freed {
		if err := s.promote(ctx, senderID); err != nil {
			return nil, err
		}
	}
	return s.Get(ctx, accountID, id)
}

func (s *Service) setStatus(ctx context.Context, tx bun.Tx, c *Campaign, status, reason string) error {
	q := tx.NewUpdate().Model((*Campaign)(nil)).Set("status = ?", status).Set("updated_at = ?", s.now()).
		Set("stop_reason = ?", reason).Set("stop_message = ''").Where("id = ?", c.ID)
	if status == StatusStopped {
		q = q.Set("finished_at = ?", s.now())
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("campaigns: set status: %w", err)
	}
	c.Status = status
	return nil
}

// Pause holds a sending (or waiting) campaign; its sender is free for the
// next pending campaign meanwhile.
func (s *Service) Pause(ctx context.Context, accountID, id int64) (*Campaign, error) {
	return s.apply(ctx, accountID, id, "paused", transition{
		from: []string{StatusRunning, StatusRetrying, StatusPending},
		do: func(ctx context.Context, tx bun.Tx, c *Campaign) (bool, error) {
			was := c.Status
			err := s.setStatus(ctx, tx, c, StatusPaused, "")
			return was != StatusPending, err
		}})
}

// Resume continues a paused or stopped campaign where it was: its queued
// recipients are sent, nobody twice.
func (s *Service) Resume(ctx context.Context, accountID, id int64) (*Campaign, error) {
	return s.apply(ctx, accountID, id, "resumed", transition{
		from: []string{StatusPaused, StatusStopped},
		do: func(ctx context.Context, tx bun.Tx, c *Campaign) (bool, error) {
			_, err := s.start(ctx, tx, c, StatusRunning)
			return false, err
		}})
}

// Stop ends a campaign by the user's decision; what is queued stays
// queued, so it can be resumed.
func (s *Service) Stop(ctx context.Context, accountID, id int64) (*Campaign, error) {
	return s.apply(ctx, accountID, id, "stopped", transition{
		from: []string{StatusScheduled, StatusPending, StatusRunning, StatusRetrying, StatusPaused},
		do: func(ctx context.Context, tx bun.Tx, c *Campaign) (bool, error) {
			was := c.Status
			err := s.setStatus(ctx, tx, c, StatusStopped, StopUser)
			return was == StatusRunning || was == StatusRetrying, err
		}})
}

// retryable are the recipient statuses Retry sends again.
var retryable = []string{RecipientFailed, RecipientUnknown, RecipientDeferred}

// Retry queues the failed, unknown and deferred recipients again and sends
// to them (status retrying, or pending behind another campaign).
func (s *Service) Retry(ctx context.Context, accountID, id int64) (*Campaign, error) {
	return s.apply(ctx, accountID, id, "retried", transition{
		from: []string{StatusCompleted, StatusStopped, StatusPaused},
		do: func(ctx context.Context, tx bun.Tx, c *Campaign) (bool, error) {
			res, err := tx.NewUpdate().Model((*Recipient)(nil)).
				Set("status = ?", RecipientQueued).Set("reason = ''").Set("reason_message = ''").
				Set("next_attempt_at = ?", s.now()).Set("failed_at = NULL").Set("sending_at = NULL").
				Set("updated_at = ?", s.now()).
				Where("campaign_id = ? AND status IN (?)", c.ID, bun.In(retryable)).Exec(ctx)
			if err != nil {
				return false, fmt.Errorf("campaigns: retry: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return false, &apperror.Error{Kind: apperror.ErrConflict, Code: "nothing_to_retry",
					Message: "no recipient failed, is unknown or was deferred"}
			}
			_, err = s.start(ctx, tx, c, StatusRetrying)
			return false, err
		}})
}
