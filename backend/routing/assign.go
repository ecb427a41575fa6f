package routing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/inbox"
)

// lockAccount serialises assignment within an account for the rest of the
// transaction, across instances: no conversation is assigned twice and no
// agent goes over capacity, whoever frees up at the same moment.
func lockAccount(ctx context.Context, tx bun.Tx, accountID int64) error {
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(3, ?)", accountID)
	return err
}

type convRow struct {
	ID         int64      `bun:"id"`
	AccountID  int64      `bun:"account_id"`
	QueueID    *int64     `bun:"queue_id"`
	AssigneeID *int64     `bun:"assignee_id"`
	Status     string     `bun:"status"`
	QueuedAt   *time.Time `bun:"queued_at"`
}

// pickAgent returns the next member of q, round robin, who is online and
// below their capacity, or 0. The caller holds the account lock.
func (s *Service) pickAgent(ctx context.Context, tx bun.Tx, q *Queue) (int64, error) {
	var candidates []int64
	err := tx.NewRaw(`
		SELECT qm.user_id FROM queue_members qm
		JOIN users u ON u.id = qm.user_id AND u.active
		JOIN agent_presence p ON p.user_id = qm.user_id AND p.account_id = ?
		WHERE qm.queue_id = ? AND p.status = 'online' AND p.last_seen_at > ?
		  AND (SELECT count(*) FROM conversations c
		       WHERE c.assignee_id = qm.user_id AND c.account_id = ? AND c.status IN ('open', 'pending')) < qm.capacity
		ORDER BY qm.position, qm.user_id`,
		q.AccountID, q.ID, s.now().Add(-s.Grace), q.AccountID).Scan(ctx, &candidates)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if len(candidates) == 0 {
		return 0, nil
	}
	// Round robin: the first candidate after the last one assigned, in
	// member order.
	var order []int64
	if err := tx.NewSelect().TableExpr("queue_members").Column("user_id").Where("queue_id = ?", q.ID).
		OrderExpr("position, user_id").Scan(ctx, &order); err != nil {
		return 0, err
	}
	start := 0
	if q.RRLastUserID != nil {
		for i, u := range order {
			if u == *q.RRLastUserID {
				start = i + 1
			}
		}
	}
	available := map[int64]bool{}
	for _, c := range candidates {
		available[c] = true
	}
	for i := 0; i < len(order); i++ {
		u := order[(start+i)%len(order)]
		if available[u] {
			return u, nil
		}
	}
	return 0, nil
}

// assign gives a waiting conversation to an agent, records it and tells
// the clients. It reports false when the conversation was no longer
// waiting.
func (s *Service) assign(ctx context.Context, tx bun.Tx, c *convRow, userID int64, actorID *int64, kind string, q *Queue) (bool, error) {
	res, err := tx.NewRaw(`UPDATE conversations SET assignee_id = ?, updated_at = now()
		WHERE id = ? AND assignee_id IS NULL AND status <> 'resolved'`, userID, c.ID).Exec(ctx)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if q != nil {
		if _, err := tx.NewRaw("UPDATE queues SET rr_last_user_id = ? WHERE id = ?", userID, q.ID).Exec(ctx); err != nil {
			return false, err
		}
		q.RRLastUserID = &userID
	}
	if err := s.history(ctx, tx, c.AccountID, c.ID, kind, actorID, c.QueueID, &userID, ""); err != nil {
		return false, err
	}
	// The queue's members saw it waiting: they hear it is taken.
	alsoTo, err := s.inbox.QueueMembers(ctx, tx, c.QueueID)
	if err != nil {
		return false, err
	}
	return true, s.inbox.PublishConversationUpdated(ctx, tx, c.AccountID, c.ID, alsoTo...)
}

func (s *Service) history(ctx context.Context, tx bun.IDB, accountID, convID int64, kind string, actor, queueID, userID *int64, note string) error {
	_, err := tx.NewRaw(`INSERT INTO conversation_history (account_id, conversation_id, kind, actor_id, queue_id, user_id, note)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, accountID, convID, kind, actor, queueID, userID, note).Exec(ctx)
	return err
}

// RouteNew sends a new inbound conversation where its sender number
// points: an extension gets it directly; a queue gets it waiting, and in
// auto mode the next free member takes it at once.
func (s *Service) RouteNew(ctx context.Context, tx bun.Tx, accountID, convID, senderID int64) (func(context.Context), error) {
	var route struct {
		QueueID *int64 `bun:"route_queue_id"`
		UserID  *int64 `bun:"route_user_id"`
	}
	if err := tx.NewSelect().TableExpr("channel_senders").Column("route_queue_id", "route_user_id").
		Where("id = ?", senderID).Scan(ctx, &route); err != nil {
		return nil, err
	}
	return s.RouteTo(ctx, tx, accountID, convID, route.QueueID, route.UserID)
}

// RouteTo sends a new conversation to an extension (userID) or a queue
// (queueID), as RouteNew does for a sender number's route; a campaign
// routes the conversations it opens this way.
func (s *Service) RouteTo(ctx context.Context, tx bun.Tx, accountID, convID int64, queueID, userID *int64) (func(context.Context), error) {
	c := &convRow{ID: convID, AccountID: accountID}
	switch {
	case userID != nil:
		if err := lockAccount(ctx, tx, accountID); err != nil {
			return nil, err
		}
		_, err := s.assign(ctx, tx, c, *userID, nil, "routed_extension", nil)
		return nil, err
	case queueID != nil:
		q := new(Queue)
		if err := tx.NewSelect().Model(q).Where("id = ?", *queueID).Scan(ctx); err != nil {
			return nil, err
		}
		if _, err := tx.NewRaw("UPDATE conversations SET queue_id = ?, queued_at = now() WHERE id = ?", q.ID, convID).Exec(ctx); err != nil {
			return nil, err
		}
		c.QueueID = &q.ID
		if err := s.history(ctx, tx, accountID, convID, "queued", nil, &q.ID, nil, ""); err != nil {
			return nil, err
		}
		reply := ""
		if !q.BusinessHours.Open(s.now()) {
			reply = q.OutOfHoursReply
		}
		auto := q.Mode == ModeAuto
		// Assignment runs after the ingest commits, in its own short
		// transaction, so the account's assignment lock is never held
		// across a whole webhook.
		return func(ctx context.Context) {
			if reply != "" {
				if err := s.inbox.SendAutoReply(ctx, accountID, convID, reply); err != nil {
					s.log.Warn("out-of-hours reply", "conversation_id", convID, "err", err)
				}
			}
			if auto {
				s.Released(ctx, accountID)
			}
		}, nil
	}
	return nil, nil
}

// Replied gives a first-reply queue's waiting conversation to the member
// who answered first.
func (s *Service) Replied(ctx context.Context, tx bun.Tx, accountID, convID, userID int64) error {
	var c convRow
	err := tx.NewRaw(`SELECT c.id, c.account_id, c.queue_id, c.assignee_id FROM conversations c
		JOIN queues q ON q.id = c.queue_id AND q.mode = 'first_reply'
		JOIN queue_members qm ON qm.queue_id = q.id AND qm.user_id = ?
		WHERE c.id = ? AND c.assignee_id IS NULL`, userID, convID).Scan(ctx, &c)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := lockAccount(ctx, tx, accountID); err != nil {
		return err
	}
	_, err = s.assign(ctx, tx, &c, userID, &userID, "first_reply", nil)
	return err
}

// Released hands waiting conversations of auto queues to agents with free
// capacity. Errors are logged: the periodic drain tries again.
func (s *Service) Released(ctx context.Context, accountID int64) {
	if _, err := s.Drain(ctx, accountID); err != nil {
		s.log.Warn("assign waiting conversations", "account_id", accountID, "err", err)
	}
}

// Drain assigns waiting conversations of the account's auto queues, oldest
// first, while members are online with free capacity. It returns how many
// it assigned.
func (s *Service) Drain(ctx context.Context, accountID int64) (int, error) {
	assigned := 0
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lockAccount(ctx, tx, accountID); err != nil {
			return err
		}
		var queues []Queue
		if err := tx.NewSelect().Model(&queues).Where("account_id = ? AND mode = 'auto'", accountID).OrderExpr("id").Scan(ctx); err != nil {
			return err
		}
		for i := range queues {
			q := &queues[i]
			for {
				var c convRow
				err := tx.NewRaw(`SELECT id, account_id, queue_id, assignee_id, status, queued_at FROM conversations
					WHERE queue_id = ? AND assignee_id IS NULL AND status <> 'resolved'
					ORDER BY queued_at NULLS LAST, id LIMIT 1`, q.ID).Scan(ctx, &c)
				if errors.Is(err, sql.ErrNoRows) {
					break
				}
				if err != nil {
					return err
				}
				agent, err := s.pickAgent(ctx, tx, q)
				if err != nil {
					return err
				}
				if agent == 0 {
					break
				}
				ok, err := s.assign(ctx, tx, &c, agent, nil, "auto_assigned", q)
				if err != nil {
					return err
				}
				if ok {
					assigned++
				}
			}
		}
		return nil
	})
	return assigned, err
}

// DrainAll drains every account with waiting conversations (periodic
// safety net across instances).
func (s *Service) DrainAll(ctx context.Context) error {
	var accounts []int64
	if err := s.db.NewRaw(`SELECT DISTINCT c.account_id FROM conversations c JOIN queues q ON q.id = c.queue_id AND q.mode = 'auto'
		WHERE c.assignee_id IS NULL AND c.status <> 'resolved'`).Scan(ctx, &accounts); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	for _, a := range accounts {
		if _, err := s.Drain(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// TransferInput moves a conversation to a queue or an agent.
type TransferInput struct {
	QueueID *int64 `json:"queue_id"`
	UserID  *int64 `json:"user_id"`
	Note    string `json:"note"`
}

// Transfer moves a conversation to another queue (waiting there, or taken
// by its next free member in auto mode) or straight to an agent.
func (s *Service) Transfer(ctx context.Context, viewer inbox.Viewer, convID int64, in TransferInput) (inbox.ConversationView, error) {
	if _, err := s.inbox.GetConversation(ctx, viewer, convID); err != nil {
		return inbox.ConversationView{}, err
	}
	var v apperror.Validation
	v.Check(in.QueueID != nil || in.UserID != nil, "queue_id", "name a queue or an agent to transfer to")
	v.Check(len([]rune(in.Note)) <= 1000, "note", "must be at most 1000 characters")
	var q *Queue
	if in.QueueID != nil {
		var err error
		q, err = s.GetQueue(ctx, viewer.AccountID, *in.QueueID)
		if err != nil && !errors.Is(err, apperror.ErrNotFound) {
			return inbox.ConversationView{}, err
		}
		v.Check(err == nil, "queue_id", "is not a queue of this account")
	}
	if in.UserID != nil {
		ok, err := s.db.NewSelect().TableExpr("memberships AS m").Join("JOIN users AS u ON u.id = m.user_id AND u.active").
			Where("m.account_id = ? AND m.user_id = ? AND m.role IN ('admin', 'supervisor', 'agent')", viewer.AccountID, *in.UserID).Exists(ctx)
		if err != nil {
			return inbox.ConversationView{}, err
		}
		v.Check(ok, "user_id", "is not an active agent of this account")
	}
	if err := v.Err(); err != nil {
		return inbox.ConversationView{}, err
	}
	actor := nullable(viewer.UserID)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lockAccount(ctx, tx, viewer.AccountID); err != nil {
			return err
		}
		var c convRow
		if err := tx.NewRaw(`SELECT id, account_id, queue_id, assignee_id, status FROM conversations WHERE id = ? FOR UPDATE`, convID).Scan(ctx, &c); err != nil {
			return err
		}
		prev := c.AssigneeID
		queueID := c.QueueID
		if q != nil {
			queueID = &q.ID
		}
		_, err := tx.NewRaw(`UPDATE conversations SET queue_id = ?, assignee_id = ?, queued_at = CASE WHEN ? THEN now() ELSE queued_at END,
			status = CASE WHEN status = 'resolved' THEN 'open' ELSE status END, updated_at = now() WHERE id = ?`,
			queueID, in.UserID, in.UserID == nil, convID).Exec(ctx)
		if err != nil {
			return err
		}
		if err := s.history(ctx, tx, viewer.AccountID, convID, "transferred", actor, queueID, in.UserID, in.Note); err != nil {
			return err
		}
		var alsoTo []int64
		if prev != nil {
			alsoTo = append(alsoTo, *prev)
		} else if members, err := s.inbox.QueueMembers(ctx, tx, c.QueueID); err != nil {
			return err
		} else {
			alsoTo = members // they saw it waiting in the old queue
		}
		if err := s.inbox.PublishConversationUpdated(ctx, tx, viewer.AccountID, convID, alsoTo...); err != nil {
			return err
		}
		if in.Note != "" {
			return s.inbox.AddSystemNote(ctx, tx, viewer, convID, in.Note)
		}
		return nil
	})
	if err != nil {
		return inbox.ConversationView{}, fmt.Errorf("routing: transfer: %w", err)
	}
	s.Released(ctx, viewer.AccountID)
	return s.inbox.GetConversation(ctx, inbox.Viewer{AccountID: viewer.AccountID}, convID)
}

// Claim lets a member pick a waiting conversation up (manual queues, or
// any queue they belong to).
func (s *Service) Claim(ctx context.Context, viewer inbox.Viewer, convID int64) (inbox.ConversationView, error) {
	if _, err := s.inbox.GetConversation(ctx, viewer, convID); err != nil {
		return inbox.ConversationView{}, err
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lockAccount(ctx, tx, viewer.AccountID); err != nil {
			return err
		}
		var c convRow
		if err := tx.NewRaw(`SELECT id, account_id, queue_id, assignee_id, status FROM conversations WHERE id = ?`, convID).Scan(ctx, &c); err != nil {
			return err
		}
		if c.AssigneeID != nil {
			return apperror.Conflict("", "someone else took this conversation already")
		}
		ok, err := s.assign(ctx, tx, &c, viewer.UserID, nullable(viewer.UserID), "claimed", nil)
		if err != nil {
			return err
		}
		if !ok {
			return apperror.Conflict("", "someone else took this conversation already")
		}
		return nil
	})
	if err != nil {
		return inbox.ConversationView{}, err
	}
	return s.inbox.GetConversation(ctx, viewer, convID)
}

func nullable(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
