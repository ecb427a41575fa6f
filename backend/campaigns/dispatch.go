package campaigns

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uptrace/bun"

	"switchboard/backend/consent"
	"switchboard/backend/inbox"
	"switchboard/backend/media"
	"switchboard/backend/templates"
)

// Finisher is told when a campaign completed (the core promotes the next
// pending campaign of the sender).
type Finisher interface {
	Finished(ctx context.Context, campaignID int64) error
}

// RouteTarget routes a conversation a campaign opened to a queue or an
// extension (routing.Service), or by the sender number's route.
type RouteTarget interface {
	RouteTo(ctx context.Context, tx bun.Tx, accountID, convID int64, queueID, userID *int64) (func(context.Context), error)
	RouteNew(ctx context.Context, tx bun.Tx, accountID, convID, senderID int64) (func(context.Context), error)
}

// EngineConfig wires the send engine.
type EngineConfig struct {
	DB *bun.DB
	// Pool gives the engine the connection that holds its sender locks.
	Pool      *pgxpool.Pool
	Inbox     *inbox.Service
	Consent   *consent.Service
	Templates *templates.Service
	// Media holds campaign media files (WhatsApp header media is uploaded
	// from it to the provider).
	Media     media.Store
	Router    RouteTarget
	Finisher  Finisher
	Publisher inbox.Publisher
	// Viewer renders campaign.updated events (nil: the engine's own counts).
	Viewer CampaignViewer
	// PublicURL prefixes shortened links ({PublicURL}/l/{code}).
	PublicURL string
	Logger    *slog.Logger
	// PollInterval is how often the engine looks for work without a Wake.
	PollInterval time.Duration
	// MaxInFlight bounds the provider calls of one sender at a time.
	MaxInFlight int
	// ClaimWindow sizes a claim: the sends of that much time at the
	// sender's rate (and at least one). Smaller claims leave fewer
	// recipients unknown after a crash.
	ClaimWindow time.Duration
	// Burst is how much sending time a sender's bucket saves up while idle
	// or held up (it is spent at once afterwards).
	Burst time.Duration
	// EventInterval spaces campaign.updated events of one campaign.
	EventInterval time.Duration
}

func (c EngineConfig) withDefaults() EngineConfig {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 64
	}
	if c.ClaimWindow <= 0 {
		c.ClaimWindow = 250 * time.Millisecond
	}
	if c.Burst <= 0 {
		c.Burst = 50 * time.Millisecond
	}
	if c.EventInterval <= 0 {
		c.EventInterval = 500 * time.Millisecond
	}
	return c
}

// Engine sends running campaigns: one sending loop per sender number
// across all processes, each paced by its own token bucket.
type Engine struct {
	cfg    EngineConfig
	db     *bun.DB
	log    *slog.Logger
	wake   chan struct{}
	events *eventCoalescer
	links  *linkCache
	media  *mediaFiles

	mu      sync.Mutex
	senders map[int64]context.CancelFunc
}

// NewEngine builds the engine; Run starts it.
func NewEngine(cfg EngineConfig) *Engine {
	cfg = cfg.withDefaults()
	e := &Engine{cfg: cfg, db: cfg.DB, log: cfg.Logger, wake: make(chan struct{}, 1), senders: map[int64]context.CancelFunc{},
		links: newLinkCache(), media: &mediaFiles{db: cfg.DB, store: cfg.Media}}
	e.events = newEventCoalescer(e, cfg.EventInterval)
	return e
}

// Wake makes the engine look for running campaigns now.
func (e *Engine) Wake() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends. It holds one connection for its sender locks;
// when that connection is lost every sending loop stops (another process,
// or this one after reconnecting, takes over and recovers).
func (e *Engine) Run(ctx context.Context) {
	go e.events.run(ctx)
	for ctx.Err() == nil {
		lock, err := openLockConn(ctx, e.cfg.Pool)
		if err != nil {
			e.log.Warn("campaign engine: no lock connection", "err", err)
			sleep(ctx, e.cfg.PollInterval)
			continue
		}
		e.supervise(ctx, lock)
		lock.close()
	}
}

// supervise starts a loop for each sender with work whose lock it gets,
// until ctx ends or the lock connection fails.
func (e *Engine) supervise(ctx context.Context, lock *lockConn) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	tick := time.NewTicker(e.cfg.PollInterval)
	defer tick.Stop()
	for {
		if err := lock.ping(ctx); err != nil {
			if ctx.Err() == nil {
				e.log.Warn("campaign engine: lock connection lost", "err", err)
			}
			return
		}
		var ids []int64
		err := e.db.NewSelect().TableExpr("campaigns").ColumnExpr("DISTINCT sender_id").
			Where("status IN (?, ?)", StatusRunning, StatusRetrying).Scan(ctx, &ids)
		if err != nil && ctx.Err() == nil {
			e.log.Warn("campaign engine: active senders", "err", err)
		}
		for _, id := range ids {
			e.mu.Lock()
			_, running := e.senders[id]
			e.mu.Unlock()
			if running {
				continue
			}
			ok, err := lock.tryLock(ctx, id)
			if err != nil {
				if ctx.Err() == nil {
					e.log.Warn("campaign engine: sender lock", "sender_id", id, "err", err)
				}
				return
			}
			if !ok {
				continue // another process sends for this number
			}
			sctx, scancel := context.WithCancel(ctx)
			e.mu.Lock()
			e.senders[id] = scancel
			e.mu.Unlock()
			wg.Add(1)
			go func(id int64) {
				defer wg.Done()
				defer scancel()
				l := &senderLoop{e: e, senderID: id, lockPID: lock.pid}
				if err := l.run(sctx); err != nil && sctx.Err() == nil {
					e.log.Warn("campaign engine: sending loop", "sender_id", id, "err", err)
				}
				e.mu.Lock()
				delete(e.senders, id)
				e.mu.Unlock()
				if err := lock.unlock(context.Background(), id); err != nil {
					e.log.Warn("campaign engine: unlock sender", "sender_id", id, "err", err)
				}
				e.Wake() // look again: work may have come while the loop ended
			}(id)
		}
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
		case <-tick.C:
		}
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
