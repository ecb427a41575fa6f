package templates

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
	"switchboard/backend/inbox"
)

// Lister lists a WhatsApp Business Account's templates
// (whatsapp.Client implements it).
type Lister interface {
	ListTemplates(ctx context.Context, creds channels.Credentials) ([]whatsapp.Template, error)
}

// Jobs enqueues background template syncs.
type Jobs interface {
	EnqueueTemplateSync(ctx context.Context, channelID int64) error
}

// Config wires a Service.
type Config struct {
	DB *bun.DB
	// Inbox sends the filled-in templates and knows channels' credentials.
	Inbox *inbox.Service
	// Lister reads templates from the WhatsApp Cloud API.
	Lister Lister
	Logger *slog.Logger
}

// Service keeps templates and sends them through the inbox.
type Service struct {
	db     *bun.DB
	inbox  *inbox.Service
	lister Lister
	jobs   Jobs
	log    *slog.Logger
	now    func() time.Time
}

// NewService builds the templates service. SetJobs connects background
// syncs; without it, syncs run only on demand.
func NewService(cfg Config) *Service {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{db: cfg.DB, inbox: cfg.Inbox, lister: cfg.Lister, log: logger, now: time.Now}
}

// SetJobs connects the job queue.
func (s *Service) SetJobs(j Jobs) { s.jobs = j }
