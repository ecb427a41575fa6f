package inbox

import (
	"context"

	"github.com/uptrace/bun"
)

// Router decides who answers a conversation (queues, extensions, assignment
// modes). The inbox calls it at the moments routing depends on.
type Router interface {
	// RouteNew runs in the transaction that opened a conversation from an
	// inbound message: it sets the queue or assignee from the sender
	// number's route and may assign an agent. It returns work to run after
	// the commit (an out-of-hours reply), or nil.
	RouteNew(ctx context.Context, tx bun.Tx, accountID, convID, senderID int64) (func(context.Context), error)
	// Replied runs in the transaction that stores an agent's reply (first
	// reply takes the conversation).
	Replied(ctx context.Context, tx bun.Tx, accountID, convID, userID int64) error
	// Released runs after a change that may free an agent or a queue slot
	// (resolve, unassign, reassignment).
	Released(ctx context.Context, accountID int64)
}

// SetRouter connects routing.
func (s *Service) SetRouter(r Router) { s.router = r }
