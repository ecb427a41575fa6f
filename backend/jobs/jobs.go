// Package jobs runs Switchboard's background work on River: message sends,
// inbound media downloads, template syncs, and periodic chores (sweeper,
// snooze wake-up, template sync).
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"switchboard/backend/inbox"
)

// SendArgs delivers one outbound message.
type SendArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind names the job.
func (SendArgs) Kind() string { return "send_message" }

// MediaFetchArgs downloads an inbound message's attachment.
type MediaFetchArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind names the job.
func (MediaFetchArgs) Kind() string { return "fetch_media" }

// SweepArgs re-enqueues work a crash may have left behind.
type SweepArgs struct{}

// Kind names the job.
func (SweepArgs) Kind() string { return "sweep" }

// PruneArgs deletes realtime events and raw webhooks past retention.
type PruneArgs struct{}

// Kind names the job.
func (PruneArgs) Kind() string { return "prune" }

type pruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	inbox *inbox.Service
}

func (w *pruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	return w.inbox.Prune(ctx)
}

// WakeSnoozedArgs reopens conversations whose snooze time has passed.
type WakeSnoozedArgs struct{}

// Kind names the job.
func (WakeSnoozedArgs) Kind() string { return "wake_snoozed" }

// TemplateSyncArgs reads one channel's WhatsApp templates from its provider.
type TemplateSyncArgs struct {
	ChannelID int64 `json:"channel_id"`
}

// Kind names the job.
func (TemplateSyncArgs) Kind() string { return "sync_templates" }

// TemplateSyncAllArgs queues a template sync of every channel with templates.
type TemplateSyncAllArgs struct{}

// Kind names the job.
func (TemplateSyncAllArgs) Kind() string { return "sync_all_templates" }

// templateSyncInterval is how often templates are read from the providers
// (besides on channel creation and on demand).
const templateSyncInterval = 6 * time.Hour

// templateSyncAttempts bounds retries of a sync the provider could not serve.
const templateSyncAttempts = 5

// Attempts before a send or download is given up (backoff grows as
// attempt^4 seconds: about 80 minutes in all).
const maxAttempts = 8

// unique makes a job unique per args while it is waiting or running, so
// the sweeper and a retry never run the same work twice at once.
var unique = river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
	rivertype.JobStateRetryable, rivertype.JobStateScheduled,
}}

type sendWorker struct {
	river.WorkerDefaults[SendArgs]
	inbox *inbox.Service
}

func (w *sendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	// A transient failure comes back as an error, so River retries it with
	// backoff; on the last attempt Deliver marks the message failed itself.
	_, err := w.inbox.Deliver(ctx, job.Args.MessageID, job.Attempt >= job.MaxAttempts)
	return err
}

func (w *sendWorker) Timeout(*river.Job[SendArgs]) time.Duration { return 2 * time.Minute }

type mediaWorker struct {
	river.WorkerDefaults[MediaFetchArgs]
	inbox *inbox.Service
}

func (w *mediaWorker) Work(ctx context.Context, job *river.Job[MediaFetchArgs]) error {
	return w.inbox.FetchInboundMedia(ctx, job.Args.MessageID, job.Attempt >= job.MaxAttempts)
}

func (w *mediaWorker) Timeout(*river.Job[MediaFetchArgs]) time.Duration { return 6 * time.Minute }

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	inbox *inbox.Service
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	return w.inbox.Sweep(ctx, time.Minute)
}

type wakeWorker struct {
	river.WorkerDefaults[WakeSnoozedArgs]
	inbox *inbox.Service
}

func (w *wakeWorker) Work(ctx context.Context, _ *river.Job[WakeSnoozedArgs]) error {
	_, err := w.inbox.WakeSnoozed(ctx)
	return err
}

// TemplateSyncer is the templates service as the job queue uses it.
type TemplateSyncer interface {
	// SyncJob syncs one channel; an error asks for a retry.
	SyncJob(ctx context.Context, channelID int64) error
	SyncableChannels(ctx context.Context) ([]int64, error)
}

type templateSyncWorker struct {
	river.WorkerDefaults[TemplateSyncArgs]
	templates TemplateSyncer
}

func (w *templateSyncWorker) Work(ctx context.Context, job *river.Job[TemplateSyncArgs]) error {
	return w.templates.SyncJob(ctx, job.Args.ChannelID)
}

func (w *templateSyncWorker) Timeout(*river.Job[TemplateSyncArgs]) time.Duration {
	return 5 * time.Minute
}

type templateSyncAllWorker struct {
	river.WorkerDefaults[TemplateSyncAllArgs]
	templates TemplateSyncer
}

func (w *templateSyncAllWorker) Work(ctx context.Context, _ *river.Job[TemplateSyncAllArgs]) error {
	ids, err := w.templates.SyncableChannels(ctx)
	if err != nil {
		return err
	}
	client := river.ClientFromContext[pgx.Tx](ctx)
	for _, id := range ids {
		if _, err := client.Insert(ctx, TemplateSyncArgs{ChannelID: id}, templateSyncOpts()); err != nil {
			return err
		}
	}
	return nil
}

func templateSyncOpts() *river.InsertOpts {
	return &river.InsertOpts{UniqueOpts: unique, MaxAttempts: templateSyncAttempts}
}

// ContactImportArgs imports one uploaded contact file.
type ContactImportArgs struct {
	ImportID int64 `json:"import_id"`
}

// Kind names the job.
func (ContactImportArgs) Kind() string { return "import_contacts" }

// ContactImporter is the contact import as the job queue uses it.
type ContactImporter interface {
	// Run works one import; final marks the last attempt.
	Run(ctx context.Context, importID int64, final bool) error
}

type contactImportWorker struct {
	river.WorkerDefaults[ContactImportArgs]
	imports ContactImporter
}

func (w *contactImportWorker) Work(ctx context.Context, job *river.Job[ContactImportArgs]) error {
	return w.imports.Run(ctx, job.Args.ImportID, job.Attempt >= job.MaxAttempts)
}

// A large file takes about a minute; the timeout leaves room for a slow machine.
func (w *contactImportWorker) Timeout(*river.Job[ContactImportArgs]) time.Duration {
	return 15 * time.Minute
}

// Option adds optional work to the queue.
type Option func(*options)

type options struct {
	templates TemplateSyncer
	imports   ContactImporter
}

// WithTemplateSync syncs WhatsApp templates: on request and every six hours.
func WithTemplateSync(t TemplateSyncer) Option {
	return func(o *options) { o.templates = t }
}

// WithContactImports works contact imports (contactimport.Service).
func WithContactImports(c ContactImporter) Option {
	return func(o *options) { o.imports = c }
}

// Queue is the running job queue; it implements inbox.Jobs.
type Queue struct {
	client *river.Client[pgx.Tx]
}

// New builds the River client with every worker and periodic job.
func New(pool *pgxpool.Pool, ib *inbox.Service, logger *slog.Logger, workers int, opts ...Option) (*Queue, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	ws := river.NewWorkers()
	river.AddWorker(ws, &sendWorker{inbox: ib})
	river.AddWorker(ws, &mediaWorker{inbox: ib})
	river.AddWorker(ws, &sweepWorker{inbox: ib})
	river.AddWorker(ws, &wakeWorker{inbox: ib})
	river.AddWorker(ws, &pruneWorker{inbox: ib})
	var extraPeriodic []*river.PeriodicJob
	if o.imports != nil {
		river.AddWorker(ws, &contactImportWorker{imports: o.imports})
	}
	if o.templates != nil {
		river.AddWorker(ws, &templateSyncWorker{templates: o.templates})
		river.AddWorker(ws, &templateSyncAllWorker{templates: o.templates})
		extraPeriodic = append(extraPeriodic, river.NewPeriodicJob(river.PeriodicInterval(templateSyncInterval),
			func() (river.JobArgs, *river.InsertOpts) {
				return TemplateSyncAllArgs{}, &river.InsertOpts{UniqueOpts: unique}
			},
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}},
		Workers:     ws,
		Logger:      logger,
		MaxAttempts: maxAttempts,
		PeriodicJobs: append([]*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return PruneArgs{}, &river.InsertOpts{UniqueOpts: unique} },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(30*time.Second),
				func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, &river.InsertOpts{UniqueOpts: unique} },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(15*time.Second),
				func() (river.JobArgs, *river.InsertOpts) {
					return WakeSnoozedArgs{}, &river.InsertOpts{UniqueOpts: unique}
				},
				&river.PeriodicJobOpts{RunOnStart: true}),
		}, extraPeriodic...),
		FetchCooldown:     20 * time.Millisecond,
		FetchPollInterval: time.Second,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{client: client}, nil
}

// Start begins working jobs.
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop finishes running jobs (up to ctx's deadline) and stops.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// EnqueueSend queues delivery of a message.
func (q *Queue) EnqueueSend(ctx context.Context, messageID int64) error {
	_, err := q.client.Insert(ctx, SendArgs{MessageID: messageID}, &river.InsertOpts{UniqueOpts: unique})
	return err
}

// EnqueueTemplateSync queues a sync of a channel's WhatsApp templates.
func (q *Queue) EnqueueTemplateSync(ctx context.Context, channelID int64) error {
	_, err := q.client.Insert(ctx, TemplateSyncArgs{ChannelID: channelID}, templateSyncOpts())
	return err
}

// EnqueueMediaFetch queues the download of an inbound attachment.
func (q *Queue) EnqueueMediaFetch(ctx context.Context, messageID int64) error {
	_, err := q.client.Insert(ctx, MediaFetchArgs{MessageID: messageID}, &river.InsertOpts{UniqueOpts: unique})
	return err
}

// EnqueueContactImport queues the import of an uploaded contact file.
func (q *Queue) EnqueueContactImport(ctx context.Context, importID int64) error {
	_, err := q.client.Insert(ctx, ContactImportArgs{ImportID: importID},
		&river.InsertOpts{UniqueOpts: unique, MaxAttempts: 3})
	return err
}
