package routing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/realtime"
)

// Presence is an agent's state as others see it.
type Presence struct {
	UserID int64  `bun:"user_id" json:"user_id"`
	Name   string `bun:"name" json:"name"`
	Status string `bun:"status" json:"status"`
}

// effective is the SQL for what an agent counts as: their chosen status
// while a connection was seen within the grace period, offline otherwise.
const effective = `CASE WHEN p.last_seen_at > ? THEN p.status ELSE 'offline' END`

// Seen records that the user has a live connection now (on connect and on
// every heartbeat). A change of their effective presence is announced and,
// when they became available, waiting conversations are assigned.
func (s *Service) Seen(ctx context.Context, accountID int64, userIDs ...int64) error {
	for _, u := range userIDs {
		if _, err := s.db.NewRaw(`INSERT INTO agent_presence (account_id, user_id, last_seen_at) VALUES (?, ?, now())
			ON CONFLICT (account_id, user_id) DO UPDATE SET last_seen_at = now()`, accountID, u).Exec(ctx); err != nil {
			return fmt.Errorf("routing: presence: %w", err)
		}
	}
	return s.announce(ctx, accountID)
}

// Connected records a new connection of the user and announces their
// presence even when it did not change: the page may have read it before
// this connection counted.
func (s *Service) Connected(ctx context.Context, accountID, userID int64) error {
	if err := s.Seen(ctx, accountID, userID); err != nil {
		return err
	}
	p, err := s.presenceOf(ctx, accountID, userID)
	if err != nil {
		return fmt.Errorf("routing: presence: %w", err)
	}
	ev, err := realtime.NewEvent(realtime.TypePresence, accountID, realtime.Audience{}, map[string]any{
		"user_id": p.UserID, "user_name": p.Name, "status": p.Status})
	if err != nil {
		return err
	}
	return s.pub.Publish(ctx, ev)
}

// SetStatus sets the status an agent chose: online (takes conversations),
// busy (connected, takes none automatically) or offline.
func (s *Service) SetStatus(ctx context.Context, accountID, userID int64, status string) (Presence, error) {
	if status != Online && status != Busy && status != Offline {
		return Presence{}, &apperror.Error{Kind: apperror.ErrValidation, Code: "validation_failed",
			Message: "status must be online, busy or offline", Fields: map[string]string{"status": "must be online, busy or offline"}}
	}
	if _, err := s.db.NewRaw(`INSERT INTO agent_presence (account_id, user_id, status, last_seen_at) VALUES (?, ?, ?, now())
		ON CONFLICT (account_id, user_id) DO UPDATE SET status = EXCLUDED.status`, accountID, userID, status).Exec(ctx); err != nil {
		return Presence{}, fmt.Errorf("routing: set status: %w", err)
	}
	if err := s.announce(ctx, accountID); err != nil {
		return Presence{}, err
	}
	return s.presenceOf(ctx, accountID, userID)
}

func (s *Service) presenceOf(ctx context.Context, accountID, userID int64) (Presence, error) {
	var p Presence
	err := s.db.NewRaw(`SELECT u.id AS user_id, u.name, coalesce(`+effective+`, 'offline') AS status
		FROM users u LEFT JOIN agent_presence p ON p.user_id = u.id AND p.account_id = ? WHERE u.id = ?`,
		s.now().Add(-s.Grace), accountID, userID).Scan(ctx, &p)
	return p, err
}

// ListPresence returns every agent of the account with their presence.
func (s *Service) ListPresence(ctx context.Context, accountID int64) ([]Presence, error) {
	out := []Presence{}
	err := s.db.NewRaw(`SELECT u.id AS user_id, u.name, coalesce(`+effective+`, 'offline') AS status
		FROM memberships m JOIN users u ON u.id = m.user_id AND u.active
		LEFT JOIN agent_presence p ON p.user_id = u.id AND p.account_id = m.account_id
		WHERE m.account_id = ? AND m.role IN ('admin', 'supervisor', 'agent') ORDER BY u.name, u.id`,
		s.now().Add(-s.Grace), accountID).Scan(ctx, &out)
	return out, err
}

// announce publishes presence changes (including agents whose last
// connection is now older than the grace period) and assigns waiting
// conversations when someone became available.
func (s *Service) announce(ctx context.Context, accountID int64) error {
	var changed []Presence
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		err := tx.NewRaw(`UPDATE agent_presence p SET announced = `+effective+`
			FROM users u WHERE u.id = p.user_id AND p.account_id = ? AND p.announced <> `+effective+`
			RETURNING p.user_id, u.name, p.announced AS status`,
			s.now().Add(-s.Grace), accountID, s.now().Add(-s.Grace)).Scan(ctx, &changed)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		for _, p := range changed {
			ev, err := realtime.NewEvent(realtime.TypePresence, accountID, realtime.Audience{}, map[string]any{
				"user_id": p.UserID, "user_name": p.Name, "status": p.Status})
			if err != nil {
				return err
			}
			if err := s.pub.PublishTx(ctx, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("routing: announce presence: %w", err)
	}
	for _, p := range changed {
		if p.Status == Online {
			s.Released(ctx, accountID)
			break
		}
	}
	return nil
}

// SweepPresence announces agents who went offline (last connection older
// than the grace period) in every account.
func (s *Service) SweepPresence(ctx context.Context) error {
	var accounts []int64
	err := s.db.NewRaw(`SELECT DISTINCT account_id FROM agent_presence WHERE announced <> 'offline' AND (last_seen_at IS NULL OR last_seen_at <= ?)`,
		s.now().Add(-s.Grace)).Scan(ctx, &accounts)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	for _, a := range accounts {
		if err := s.announce(ctx, a); err != nil {
			return err
		}
	}
	return nil
}
