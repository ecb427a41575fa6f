package inbox

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/channels"
	"switchboard/backend/consent"
	"switchboard/backend/groups"
	"switchboard/backend/media"
	"switchboard/backend/realtime"
)

// Publisher records and fans out realtime events.
type Publisher interface {
	// PublishTx publishes ev as part of tx: it is delivered iff tx commits.
	PublishTx(ctx context.Context, tx bun.IDB, ev *realtime.Event) error
	// Publish sends ev now (ephemeral events such as typing).
	Publish(ctx context.Context, ev *realtime.Event) error
}

// Jobs enqueues background work. Enqueueing happens after the commit that
// made the work necessary; a sweeper re-enqueues what a crash left behind,
// and jobs are unique per message so nothing runs twice.
type Jobs interface {
	EnqueueSend(ctx context.Context, messageID int64) error
	EnqueueMediaFetch(ctx context.Context, messageID int64) error
}

// Config wires a Service.
type Config struct {
	DB        *bun.DB
	Publisher Publisher
	Media     media.Store
	// Adapters by channel kind.
	Adapters map[string]channels.Adapter
	// DefaultBaseURLs by channel kind, used when a channel sets none.
	DefaultBaseURLs map[string]string
	PublicURL       string
	Logger          *slog.Logger
	// Consent is the one send check and keeps consent records; Groups the
	// contact groups keywords join and leave. Built from DB when nil.
	Consent *consent.Service
	Groups  *groups.Service
}

// Service is the inbox.
type Service struct {
	db        *bun.DB
	pub       Publisher
	store     media.Store
	adapters  map[string]channels.Adapter
	baseURLs  map[string]string
	publicURL string
	log       *slog.Logger
	jobs      Jobs
	router    Router
	campaigns CampaignNotifier
	now       func() time.Time

	// wake nudges the webhook processors when a webhook was stored.
	wake chan struct{}
	// channelCache keeps channels read for webhooks (id → cachedChannel).
	channelCache sync.Map
	metrics      *pipelineMetrics
	consent      *consent.Service
	groups       *groups.Service
	// rejectLog rate-limits the log lines of refused provider calls.
	rejectLog rateLimitedLog
}

// NewService builds the inbox. SetJobs must be called before sending.
func NewService(cfg Config) *Service {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	if cfg.Consent == nil {
		cfg.Consent = consent.NewService(cfg.DB)
	}
	if cfg.Groups == nil {
		cfg.Groups = groups.NewService(cfg.DB)
	}
	return &Service{db: cfg.DB, consent: cfg.Consent, groups: cfg.Groups, pub: cfg.Publisher, store: cfg.Media, adapters: cfg.Adapters,
		baseURLs: cfg.DefaultBaseURLs, publicURL: cfg.PublicURL, log: logger, now: time.Now,
		wake: make(chan struct{}, 1), metrics: newPipelineMetrics()}
}

// SetJobs connects the job queue (it needs the service's workers first).
func (s *Service) SetJobs(j Jobs) { s.jobs = j }

// DB returns the database handle.
func (s *Service) DB() *bun.DB { return s.db }

// Credentials returns what an adapter needs to call the channel's provider.
func (s *Service) Credentials(c *Channel) channels.Credentials { return s.credentials(c) }

func (s *Service) credentials(c *Channel) channels.Credentials {
	base := c.BaseURL
	if base == "" {
		base = s.baseURLs[c.Kind]
	}
	if c.Kind == KindSMS {
		return channels.Credentials{AccountID: c.Credentials["account_sid"], AccessToken: c.Credentials["auth_token"],
			MessagingServiceID: c.Credentials["messaging_service_sid"], BaseURL: base}
	}
	return channels.Credentials{
		AccessToken: c.Credentials["access_token"], AppSecret: c.Credentials["app_secret"],
		VerifyToken: c.Credentials["verify_token"], WABAID: c.Credentials["waba_id"], BaseURL: base,
	}
}

func (s *Service) publish(ctx context.Context, tx bun.IDB, typ string, accountID int64, aud realtime.Audience, data any) error {
	if s.pub == nil {
		return nil
	}
	if err := AddQueueMembers(ctx, tx, &aud); err != nil {
		return err
	}
	ev, err := realtime.NewEvent(typ, accountID, aud, data)
	if err != nil {
		return err
	}
	return s.pub.PublishTx(ctx, tx, ev)
}

func audienceOf(c *Conversation) realtime.Audience {
	a := realtime.Audience{ConversationID: c.ID}
	if c.AssigneeID != nil {
		a.AssigneeID = *c.AssigneeID
	}
	if c.QueueID != nil {
		a.QueueID = *c.QueueID
	}
	return a
}

// AddQueueMembers names the members of the conversation's queue in the
// audience while the conversation waits unassigned there: agents see those
// conversations, and the audience crosses instances with the event.
func AddQueueMembers(ctx context.Context, db bun.IDB, aud *realtime.Audience) error {
	if aud.ConversationID == 0 || aud.AssigneeID != 0 || aud.QueueID == 0 {
		return nil
	}
	var members []int64
	if err := db.NewSelect().TableExpr("queue_members").Column("user_id").Where("queue_id = ?", aud.QueueID).Scan(ctx, &members); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	aud.UserIDs = append(aud.UserIDs, members...)
	return nil
}

// QueueMembers lists the members of a queue (none for nil).
func (s *Service) QueueMembers(ctx context.Context, db bun.IDB, queueID *int64) ([]int64, error) {
	if queueID == nil {
		return nil, nil
	}
	aud := realtime.Audience{ConversationID: -1, QueueID: *queueID}
	if err := AddQueueMembers(ctx, db, &aud); err != nil {
		return nil, err
	}
	return aud.UserIDs, nil
}
