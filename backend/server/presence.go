package server

import (
	"context"
	"sync"
	"time"

	"switchboard/backend/inbox"
	"switchboard/backend/realtime"
)

// heartbeat is how often this instance tells the database which agents it
// has connections for; well within routing.PresenceGrace.
const heartbeat = 10 * time.Second

// local keeps this instance's websocket subscribers, for presence heartbeats.
type local struct {
	mu   sync.Mutex
	subs map[*realtime.Subscriber]struct{}
}

func (s *Server) onConnect(sub *realtime.Subscriber) {
	s.local.mu.Lock()
	if s.local.subs == nil {
		s.local.subs = map[*realtime.Subscriber]struct{}{}
	}
	s.local.subs[sub] = struct{}{}
	s.local.mu.Unlock()
	if sub.UserID != 0 && s.Routing != nil {
		if err := s.Routing.Connected(context.Background(), sub.AccountID, sub.UserID); err != nil {
			s.Logger.Warn("presence", "err", err)
		}
	}
}

// onDisconnect forgets the connection; the agent turns offline only when no
// instance has seen a connection of theirs for the grace period.
func (s *Server) onDisconnect(sub *realtime.Subscriber) {
	s.local.mu.Lock()
	delete(s.local.subs, sub)
	s.local.mu.Unlock()
}

// presenceLoop refreshes the presence of local subscribers, announces
// agents who went offline, and assigns waiting conversations as a safety net.
func (s *Server) presenceLoop(ctx context.Context) {
	t := time.NewTicker(heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.local.mu.Lock()
		users := map[int64][]int64{}
		for sub := range s.local.subs {
			if sub.UserID != 0 {
				users[sub.AccountID] = append(users[sub.AccountID], sub.UserID)
			}
		}
		s.local.mu.Unlock()
		for account, ids := range users {
			if err := s.Routing.Seen(ctx, account, ids...); err != nil && ctx.Err() == nil {
				s.Logger.Warn("presence heartbeat", "err", err)
			}
		}
		if err := s.Routing.SweepPresence(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Warn("presence sweep", "err", err)
		}
		if err := s.Routing.DrainAll(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Warn("assign waiting conversations", "err", err)
		}
	}
}

// conversationAudience is the audience of events about a conversation
// (typing, viewing), so agents who cannot see it do not hear of it.
func (s *Server) conversationAudience(convID, accountID int64) (realtime.Audience, error) {
	var row struct {
		QueueID    *int64 `bun:"queue_id"`
		AssigneeID *int64 `bun:"assignee_id"`
	}
	err := s.DB.Bun.NewSelect().TableExpr("conversations").Column("queue_id", "assignee_id").
		Where("id = ? AND account_id = ?", convID, accountID).Scan(context.Background(), &row)
	aud := realtime.Audience{ConversationID: convID}
	if row.QueueID != nil {
		aud.QueueID = *row.QueueID
	}
	if row.AssigneeID != nil {
		aud.AssigneeID = *row.AssigneeID
	}
	if err != nil {
		return aud, err
	}
	return aud, inbox.AddQueueMembers(context.Background(), s.DB.Bun, &aud)
}
