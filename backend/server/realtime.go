package server

import (
	"context"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"switchboard/backend/apperror"
	"switchboard/backend/auth"
	"switchboard/backend/realtime"
)

// startRealtime builds the hub and the PostgreSQL broker that carries
// events between instances.
func (s *Server) startRealtime(ctx context.Context, reg *prometheus.Registry) error {
	s.Hub = realtime.NewHub(realtime.HubOptions{
		Allow:           s.allowEvent,
		OnClientMessage: s.onClientMessage,
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

// allowEvent is the realtime visibility policy: same account, and only
// roles that may read conversations get conversation traffic.
func (s *Server) allowEvent(sub *realtime.Subscriber, ev *realtime.Event) bool {
	if sub.AccountID != ev.AccountID {
		return false
	}
	if len(ev.Audience.UserIDs) > 0 && !ev.Audience.HasUser(sub.UserID) {
		return false
	}
	switch ev.Type {
	case realtime.TypeConversationCreated, realtime.TypeConversationUpdated, realtime.TypeMessageCreated,
		realtime.TypeMessageUpdated, realtime.TypeTyping, realtime.TypePresence:
		return s.API.Authz.Allowed(sub.Role, sub.AccountID, "conversations:read") || s.API.Authz.Allowed(sub.Role, sub.AccountID, "sandbox:use")
	}
	return true
}

// onClientMessage turns a client's typing and viewing signals into
// ephemeral events for the other agents.
func (s *Server) onClientMessage(sub *realtime.Subscriber, msg realtime.ClientMessage) {
	if msg.ConversationID <= 0 || !s.API.Authz.Allowed(sub.Role, sub.AccountID, "conversations:read") {
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
	ev, err := realtime.NewEvent(typ, sub.AccountID, realtime.Audience{ConversationID: msg.ConversationID}, map[string]any{
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
