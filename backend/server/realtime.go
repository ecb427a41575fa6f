package server

import (
	"context"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"switchboard/backend/apperror"
	"switchboard/backend/auth"
	"switchboard/backend/contactimport"
	"switchboard/backend/realtime"
)

// startRealtime builds the hub and the PostgreSQL broker that carries
// events between instances.
func (s *Server) startRealtime(ctx context.Context, reg *prometheus.Registry) error {
	s.Hub = realtime.NewHub(realtime.HubOptions{
		Allow:           s.allowEvent,
		OnClientMessage: s.onClientMessage,
		OnConnect:       s.onConnect,
		OnDisconnect:    s.onDisconnect,
		Registerer:      reg,
		Logger:          s.Logger,
	})
	s.Broker = realtime.NewBroker(s.DB.Pool, s.Hub, realtime.BrokerOptions{Registerer: reg, Logger: s.Logger})
	if err := s.Broker.Start(ctx); err != nil {
		s.Hub.Close()
		return err
	}
	s.closers = append(s.closers, s.Hub.Close, s.Broker.Stop)
	s.API.Realtime = realtime.Handler(s.Hub, func(r *http.Request) (*realtime.Subscriber, error) {
		p := auth.FromContext(r.Context())
		if p == nil {
			return nil, apperror.ErrUnauthenticated
		}
		return &realtime.Subscriber{UserID: p.UserID, AccountID: p.AccountID, Role: p.Role}, nil
	}, s.API.OriginAllowed)
	s.Accounts.OnUserDeactivated = func(accountID, userID int64) {
		_ = s.Hub.CloseUser(context.Background(), accountID, userID)
	}
	return nil
}

// allowEvent is the realtime visibility policy. Everyone gets events of
// their own account only; conversation traffic goes to roles that read
// conversations, and an agent gets only what the inbox shows them: their
// conversations and the unassigned ones of their queues (plus events naming
// them, e.g. a conversation just taken away from them).
func (s *Server) allowEvent(sub *realtime.Subscriber, ev *realtime.Event) bool {
	if sub.AccountID != ev.AccountID {
		return false
	}
	aud := ev.Audience
	if ev.Type == contactimport.EventImportUpdated {
		return aud.HasUser(sub.UserID) // import progress is for the uploader
	}
	if ev.Type == realtime.TypeCampaignUpdated {
		return s.API.Authz.Allowed(sub.Role, sub.AccountID, "campaigns:read")
	}
	switch ev.Type {
	case realtime.TypeConversationCreated, realtime.TypeConversationUpdated, realtime.TypeMessageCreated,
		realtime.TypeMessageUpdated, realtime.TypeTyping, realtime.TypePresence:
	default:
		return true
	}
	if aud.ConversationID == 0 {
		return true // agent presence and the like: the whole account
	}
	if aud.HasUser(sub.UserID) {
		return true
	}
	if !s.API.Authz.Allowed(sub.Role, sub.AccountID, "conversations:read") {
		return false // e.g. campaign managers; their sandbox phone polls
	}
	// Agents: their own conversations; unassigned ones of their queues
	// arrive with the queue's members named in the audience.
	return sub.Role != "agent" || (aud.AssigneeID != 0 && aud.AssigneeID == sub.UserID)
}

// onClientMessage turns a client's typing and viewing signals into
// ephemeral events for the other agents.
func (s *Server) onClientMessage(sub *realtime.Subscriber, msg realtime.ClientMessage) {
	if msg.ConversationID <= 0 || !s.API.Authz.Allowed(sub.Role, sub.AccountID, "conversations:read") {
		return
	}
	aud, err := s.conversationAudience(msg.ConversationID, sub.AccountID)
	if err != nil {
		return
	}
	typ := realtime.TypeTyping
	state := "typing"
	if msg.Type == realtime.ClientViewing {
		typ, state = realtime.TypePresence, "viewing"
	} else if msg.Type != realtime.ClientTyping {
		return
	}
	name, _ := s.userName(sub.UserID)
	ev, err := realtime.NewEvent(typ, sub.AccountID, aud, map[string]any{
		"conversation_id": msg.ConversationID, "user_id": sub.UserID, "user_name": name, "state": state,
	})
	if err == nil {
		_ = s.Broker.Publish(context.Background(), ev)
	}
}

func (s *Server) userName(id int64) (string, error) {
	var name string
	err := s.DB.Bun.NewSelect().TableExpr("users").Column("name").Where("id = ?", id).Scan(context.Background(), &name)
	return name, err
}
