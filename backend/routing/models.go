// Package routing decides who answers what: queues with assignment modes,
// extensions (one agent as a routing target), agent presence, transfers,
// and the supervisor's overview.
package routing

import (
	"time"

	"github.com/uptrace/bun"
)

// Assignment modes.
const (
	ModeAuto       = "auto"
	ModeManual     = "manual"
	ModeFirstReply = "first_reply"
)

// Presence states.
const (
	Online  = "online"
	Busy    = "busy"
	Offline = "offline"
)

// Queue is a team of agents with an assignment mode.
type Queue struct {
	bun.BaseModel `bun:"table:queues"`

	ID              int64          `bun:",pk,autoincrement" json:"id"`
	AccountID       int64          `bun:",notnull" json:"-"`
	Name            string         `bun:",notnull" json:"name"`
	Mode            string         `bun:",notnull" json:"mode"`
	BusinessHours   *BusinessHours `bun:"type:jsonb" json:"business_hours"`
	OutOfHoursReply string         `bun:",notnull" json:"out_of_hours_reply"`
	RRLastUserID    *int64         `bun:"rr_last_user_id" json:"-"`
	CreatedAt       time.Time      `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	UpdatedAt       time.Time      `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`

	Members []Member `bun:"-" json:"members"`
}

// Member is an agent in a queue with the number of open conversations they
// take at most.
type Member struct {
	UserID   int64  `bun:"user_id" json:"user_id"`
	Name     string `bun:"name" json:"name"`
	Capacity int    `bun:"capacity" json:"capacity"`
}

// HistoryEntry records who routed a conversation where and when.
type HistoryEntry struct {
	ID        int64     `bun:"id" json:"id"`
	Kind      string    `bun:"kind" json:"kind"`
	ActorID   *int64    `bun:"actor_id" json:"actor_id"`
	ActorName *string   `bun:"actor_name" json:"actor_name"`
	QueueID   *int64    `bun:"queue_id" json:"queue_id"`
	QueueName *string   `bun:"queue_name" json:"queue_name"`
	UserID    *int64    `bun:"user_id" json:"user_id"`
	UserName  *string   `bun:"user_name" json:"user_name"`
	Note      string    `bun:"note" json:"note"`
	CreatedAt time.Time `bun:"created_at" json:"created_at"`
}
