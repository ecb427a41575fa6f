package campaigns

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/templates"
)

// Waker is told when a campaign becomes running or retrying, so the send
// engine looks for work at once instead of at its next poll.
type Waker interface {
	Wake()
}

// Config holds the collaborators of the campaigns service.
type Config struct {
	DB        *bun.DB
	Contacts  *contacts.Service
	Consent   *consent.Service
	Templates *templates.Service
	Logger    *slog.Logger
}

// Service creates campaigns, resolves their recipients, moves them through
// their statuses and reads their results.
type Service struct {
	db        *bun.DB
	contacts  *contacts.Service
	consent   *consent.Service
	templates *templates.Service
	log       *slog.Logger
	now       func() time.Time
	waker     Waker
}

// NewService builds the campaigns service.
func NewService(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{db: cfg.DB, contacts: cfg.Contacts, consent: cfg.Consent,
		templates: cfg.Templates, log: cfg.Logger, now: time.Now}
}

// SetWaker connects the send engine; until then nothing is woken.
func (s *Service) SetWaker(w Waker) { s.waker = w }

// DB returns the database the service works on (the engine shares it).
func (s *Service) DB() *bun.DB { return s.db }

func (s *Service) wake() {
	if s.waker != nil {
		s.waker.Wake()
	}
}

// Finished is called by the engine when a running or retrying campaign has
// completed: the next pending campaign on its sender starts.
func (s *Service) Finished(ctx context.Context, campaignID int64) error {
	return s.promote(ctx, campaignID)
}
