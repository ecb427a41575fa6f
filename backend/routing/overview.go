package routing

import (
	"context"
	"time"
)

// QueueLoad is a queue as the supervisor console shows it.
type QueueLoad struct {
	ID                 int64      `bun:"id" json:"id"`
	Name               string     `bun:"name" json:"name"`
	Mode               string     `bun:"mode" json:"mode"`
	Waiting            int        `bun:"waiting" json:"waiting"`
	OldestWaitingSince *time.Time `bun:"oldest" json:"oldest_waiting_since"`
	LongestWaitSeconds int64      `bun:"-" json:"longest_wait_seconds"`
	Open               bool       `bun:"-" json:"open_now"`
	Members            []int64    `bun:"members,array" json:"members"`
}

// AgentLoad is an agent as the supervisor console shows them.
type AgentLoad struct {
	UserID   int64   `bun:"user_id" json:"user_id"`
	Name     string  `bun:"name" json:"name"`
	Role     string  `bun:"role" json:"role"`
	Status   string  `bun:"status" json:"status"`
	Open     int     `bun:"open" json:"open"`
	Capacity int     `bun:"capacity" json:"capacity"`
	Queues   []int64 `bun:"queues,array" json:"queues"`
}

// Overview is the supervisor console's data.
type Overview struct {
	Queues []QueueLoad `json:"queues"`
	Agents []AgentLoad `json:"agents"`
}

// Overview returns queue and agent load for the supervisor console.
func (s *Service) Overview(ctx context.Context, accountID int64) (*Overview, error) {
	o := &Overview{Queues: []QueueLoad{}, Agents: []AgentLoad{}}
	err := s.db.NewRaw(`SELECT q.id, q.name, q.mode,
			(SELECT count(*) FROM conversations c WHERE c.queue_id = q.id AND c.assignee_id IS NULL AND c.status <> 'resolved') AS waiting,
			(SELECT min(coalesce(c.queued_at, c.created_at)) FROM conversations c WHERE c.queue_id = q.id AND c.assignee_id IS NULL AND c.status <> 'resolved') AS oldest,
			coalesce((SELECT array_agg(qm.user_id ORDER BY qm.position, qm.user_id) FROM queue_members qm WHERE qm.queue_id = q.id), '{}') AS members
		FROM queues q WHERE q.account_id = ? ORDER BY lower(q.name)`, accountID).Scan(ctx, &o.Queues)
	if err != nil {
		return nil, err
	}
	now := s.now()
	hours := map[int64]*BusinessHours{}
	var qs []Queue
	if err := s.db.NewSelect().Model(&qs).Column("id", "business_hours").Where("account_id = ?", accountID).Scan(ctx); err != nil {
		return nil, err
	}
	for i := range qs {
		hours[qs[i].ID] = qs[i].BusinessHours
	}
	for i := range o.Queues {
		q := &o.Queues[i]
		if q.OldestWaitingSince != nil {
			q.LongestWaitSeconds = int64(now.Sub(*q.OldestWaitingSince).Seconds())
		}
		q.Open = hours[q.ID].Open(now)
	}
	err = s.db.NewRaw(`SELECT u.id AS user_id, u.name, m.role,
			coalesce(`+effective+`, 'offline') AS status,
			(SELECT count(*) FROM conversations c WHERE c.assignee_id = u.id AND c.account_id = m.account_id AND c.status IN ('open', 'pending')) AS open,
			coalesce((SELECT max(qm.capacity) FROM queue_members qm JOIN queues q ON q.id = qm.queue_id AND q.account_id = m.account_id WHERE qm.user_id = u.id), 0) AS capacity,
			coalesce((SELECT array_agg(qm.queue_id ORDER BY qm.queue_id) FROM queue_members qm JOIN queues q ON q.id = qm.queue_id AND q.account_id = m.account_id WHERE qm.user_id = u.id), '{}') AS queues
		FROM memberships m JOIN users u ON u.id = m.user_id AND u.active
		LEFT JOIN agent_presence p ON p.user_id = u.id AND p.account_id = m.account_id
		WHERE m.account_id = ? AND m.role IN ('admin', 'supervisor', 'agent') ORDER BY u.name, u.id`,
		now.Add(-s.Grace), accountID).Scan(ctx, &o.Agents)
	if err != nil {
		return nil, err
	}
	return o, nil
}
