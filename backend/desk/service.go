// Package desk holds the agent desk's helpers around conversations: canned
// responses (saved replies with placeholders and an optional attachment) and
// labels on conversations and contacts.
package desk

import (
	"context"
	"log/slog"

	"github.com/uptrace/bun"

	"switchboard/backend/inbox"
	"switchboard/backend/media"
	"switchboard/backend/realtime"
)

// Config wires a Service.
type Config struct {
	DB *bun.DB
	// Inbox decides which conversations a viewer may see and publishes
	// conversation.updated when labels change.
	Inbox *inbox.Service
	// Media keeps canned responses' attachments.
	Media media.Store
	// Publisher sends contact.updated when a contact's labels change.
	Publisher inbox.Publisher
	Logger    *slog.Logger
}

// Service is the desk.
type Service struct {
	db    *bun.DB
	inbox *inbox.Service
	store media.Store
	pub   inbox.Publisher
	log   *slog.Logger
}

// New builds the desk service.
func New(cfg Config) *Service {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{db: cfg.DB, inbox: cfg.Inbox, store: cfg.Media, pub: cfg.Publisher, log: logger}
}

func (s *Service) publish(ctx context.Context, tx bun.IDB, typ string, accountID int64, data any) error {
	if s.pub == nil {
		return nil
	}
	ev, err := realtime.NewEvent(typ, accountID, realtime.Audience{}, data)
	if err != nil {
		return err
	}
	return s.pub.PublishTx(ctx, tx, ev)
}
