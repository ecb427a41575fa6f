package routing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/database"
	"switchboard/backend/inbox"
)

// PresenceGrace is how long after an agent's last connection is gone they
// still count as present (a page reload or a short network drop).
const PresenceGrace = 30 * time.Second

// Service routes conversations.
type Service struct {
	db    *bun.DB
	inbox *inbox.Service
	pub   inbox.Publisher
	log   *slog.Logger
	now   func() time.Time
	// Grace is the presence grace period (PresenceGrace by default).
	Grace time.Duration
}

// NewService returns the router; it registers itself with the inbox.
func NewService(db *bun.DB, ib *inbox.Service, pub inbox.Publisher, logger *slog.Logger) *Service {
	s := &Service{db: db, inbox: ib, pub: pub, log: logger, now: time.Now, Grace: PresenceGrace}
	ib.SetRouter(s)
	return s
}

// QueueInput creates or changes a queue.
type QueueInput struct {
	Name            *string        `json:"name"`
	Mode            *string        `json:"mode"`
	BusinessHours   *BusinessHours `json:"business_hours"`
	ClearHours      bool           `json:"clear_business_hours"`
	OutOfHoursReply *string        `json:"out_of_hours_reply"`
}

func (in *QueueInput) validate(v *apperror.Validation, create bool) {
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
	}
	v.Check(!create || in.Name != nil, "name", "is required")
	if in.Name != nil {
		v.Check(*in.Name != "" && len(*in.Name) <= 80, "name", "is required, at most 80 characters")
	}
	if in.Mode != nil {
		v.Check(*in.Mode == ModeAuto || *in.Mode == ModeManual || *in.Mode == ModeFirstReply, "mode", "must be auto, manual or first_reply")
	}
	if in.BusinessHours != nil {
		if field, err := in.BusinessHours.Validate(); err != nil {
			v.Check(false, field, err.Error())
		}
	}
	if in.OutOfHoursReply != nil {
		v.Check(len([]rune(*in.OutOfHoursReply)) <= 1000, "out_of_hours_reply", "must be at most 1000 characters")
	}
}

func mapQueueConflict(err error) error {
	if database.UniqueViolation(err) == "queues_name_key" {
		return apperror.Conflict("name", "a queue with this name exists")
	}
	return err
}

// ListQueues returns the account's queues with their members.
func (s *Service) ListQueues(ctx context.Context, accountID int64) ([]Queue, error) {
	var qs []Queue
	if err := s.db.NewSelect().Model(&qs).Where("account_id = ?", accountID).OrderExpr("lower(name)").Scan(ctx); err != nil {
		return nil, fmt.Errorf("routing: list queues: %w", err)
	}
	for i := range qs {
		if err := s.loadMembers(ctx, s.db, &qs[i]); err != nil {
			return nil, err
		}
	}
	if qs == nil {
		qs = []Queue{}
	}
	return qs, nil
}

func (s *Service) loadMembers(ctx context.Context, db bun.IDB, q *Queue) error {
	q.Members = []Member{}
	return db.NewSelect().TableExpr("queue_members AS qm").Join("JOIN users AS u ON u.id = qm.user_id").
		ColumnExpr("qm.user_id, u.name, qm.capacity").Where("qm.queue_id = ?", q.ID).
		OrderExpr("qm.position, qm.user_id").Scan(ctx, &q.Members)
}

// GetQueue returns one queue of the account.
func (s *Service) GetQueue(ctx context.Context, accountID, id int64) (*Queue, error) {
	q := new(Queue)
	err := s.db.NewSelect().Model(q).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("queue")
	}
	if err != nil {
		return nil, err
	}
	return q, s.loadMembers(ctx, s.db, q)
}

// CreateQueue creates a queue.
func (s *Service) CreateQueue(ctx context.Context, accountID int64, in QueueInput) (*Queue, error) {
	var v apperror.Validation
	in.validate(&v, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	q := &Queue{AccountID: accountID, Name: *in.Name, Mode: ModeAuto, BusinessHours: in.BusinessHours}
	if in.Mode != nil {
		q.Mode = *in.Mode
	}
	if in.OutOfHoursReply != nil {
		q.OutOfHoursReply = *in.OutOfHoursReply
	}
	if _, err := s.db.NewInsert().Model(q).Returning("*").Exec(ctx); err != nil {
		return nil, fmt.Errorf("routing: create queue: %w", mapQueueConflict(err))
	}
	q.Members = []Member{}
	return q, nil
}

// UpdateQueue changes a queue.
func (s *Service) UpdateQueue(ctx context.Context, accountID, id int64, in QueueInput) (*Queue, error) {
	q, err := s.GetQueue(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	var v apperror.Validation
	in.validate(&v, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Name != nil {
		q.Name = *in.Name
	}
	if in.Mode != nil {
		q.Mode = *in.Mode
	}
	if in.BusinessHours != nil {
		q.BusinessHours = in.BusinessHours
	}
	if in.ClearHours {
		q.BusinessHours = nil
	}
	if in.OutOfHoursReply != nil {
		q.OutOfHoursReply = *in.OutOfHoursReply
	}
	if _, err := s.db.NewUpdate().Model(q).Column("name", "mode", "business_hours", "out_of_hours_reply").
		Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
		return nil, fmt.Errorf("routing: update queue: %w", mapQueueConflict(err))
	}
	s.Released(ctx, accountID)
	return q, nil
}

// DeleteQueue removes a queue; its waiting conversations stay unassigned
// without a queue.
func (s *Service) DeleteQueue(ctx context.Context, accountID, id int64) error {
	res, err := s.db.NewDelete().Model((*Queue)(nil)).Where("id = ? AND account_id = ?", id, accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("routing: delete queue: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperror.NotFound("queue")
	}
	return nil
}

// MemberInput puts an agent into a queue.
type MemberInput struct {
	UserID   int64 `json:"user_id"`
	Capacity int   `json:"capacity"`
}

// SetMembers replaces a queue's members.
func (s *Service) SetMembers(ctx context.Context, accountID, queueID int64, members []MemberInput) (*Queue, error) {
	if _, err := s.GetQueue(ctx, accountID, queueID); err != nil {
		return nil, err
	}
	var v apperror.Validation
	seen := map[int64]bool{}
	for i, m := range members {
		field := fmt.Sprintf("members.%d", i)
		if m.Capacity == 0 {
			members[i].Capacity = 5
		}
		v.Check(members[i].Capacity >= 1 && members[i].Capacity <= 1000, field+".capacity", "must be 1 to 1000")
		v.Check(!seen[m.UserID], field+".user_id", "is listed twice")
		seen[m.UserID] = true
		ok, err := s.db.NewSelect().TableExpr("memberships AS m").
			Where("m.account_id = ? AND m.user_id = ? AND m.role IN ('admin', 'supervisor', 'agent')", accountID, m.UserID).Exists(ctx)
		if err != nil {
			return nil, err
		}
		v.Check(ok, field+".user_id", "is not an agent of this account")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().TableExpr("queue_members").Where("queue_id = ?", queueID).Exec(ctx); err != nil {
			return err
		}
		for i, m := range members {
			if _, err := tx.NewRaw("INSERT INTO queue_members (queue_id, user_id, capacity, position) VALUES (?, ?, ?, ?)",
				queueID, m.UserID, m.Capacity, i).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("routing: set members: %w", err)
	}
	s.Released(ctx, accountID)
	return s.GetQueue(ctx, accountID, queueID)
}

// RouteInput sets where a sender number's new conversations go: a queue or
// an extension (user); both empty clears the route.
type RouteInput struct {
	QueueID *int64 `json:"queue_id"`
	UserID  *int64 `json:"user_id"`
}

// SetSenderRoute sets a sender number's default route.
func (s *Service) SetSenderRoute(ctx context.Context, accountID, senderID int64, in RouteInput) (*inbox.Sender, error) {
	var v apperror.Validation
	v.Check(in.QueueID == nil || in.UserID == nil, "queue_id", "route to a queue or to an extension, not both")
	if in.QueueID != nil {
		_, err := s.GetQueue(ctx, accountID, *in.QueueID)
		if err != nil && !errors.Is(err, apperror.ErrNotFound) {
			return nil, err
		}
		v.Check(err == nil, "queue_id", "is not a queue of this account")
	}
	if in.UserID != nil {
		ok, err := s.db.NewSelect().TableExpr("memberships").
			Where("account_id = ? AND user_id = ? AND role IN ('admin', 'supervisor', 'agent')", accountID, *in.UserID).Exists(ctx)
		if err != nil {
			return nil, err
		}
		v.Check(ok, "user_id", "is not an agent of this account")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	snd := new(inbox.Sender)
	err := s.db.NewRaw(`UPDATE channel_senders SET route_queue_id = ?, route_user_id = ?
		WHERE id = ? AND account_id = ? RETURNING *`, in.QueueID, in.UserID, senderID, accountID).Scan(ctx, snd)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("sender")
	}
	if err != nil {
		return nil, fmt.Errorf("routing: set route: %w", err)
	}
	return snd, nil
}

// History lists how a conversation was routed.
func (s *Service) History(ctx context.Context, viewer inbox.Viewer, convID int64) ([]HistoryEntry, error) {
	if _, err := s.inbox.GetConversation(ctx, viewer, convID); err != nil {
		return nil, err
	}
	out := []HistoryEntry{}
	err := s.db.NewSelect().TableExpr("conversation_history AS h").
		ColumnExpr("h.id, h.kind, h.actor_id, a.name AS actor_name, h.queue_id, q.name AS queue_name, h.user_id, u.name AS user_name, h.note, h.created_at").
		Join("LEFT JOIN users AS a ON a.id = h.actor_id").
		Join("LEFT JOIN queues AS q ON q.id = h.queue_id").
		Join("LEFT JOIN users AS u ON u.id = h.user_id").
		Where("h.conversation_id = ? AND h.account_id = ?", convID, viewer.AccountID).OrderExpr("h.id").Scan(ctx, &out)
	return out, err
}

// EnsureQueue returns the account's queue with this name, creating it with
// mode and members when missing (used to set up the demo account).
func (s *Service) EnsureQueue(ctx context.Context, accountID int64, name, mode string, members []MemberInput) (*Queue, error) {
	q := new(Queue)
	err := s.db.NewSelect().Model(q).Where("account_id = ? AND lower(name) = lower(?)", accountID, name).Scan(ctx)
	if err == nil {
		return q, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	q, err = s.CreateQueue(ctx, accountID, QueueInput{Name: &name, Mode: &mode})
	if err != nil {
		return nil, err
	}
	return s.SetMembers(ctx, accountID, q.ID, members)
}
