package campaigns

import (
	"context"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/realtime"
)

// campaignReaders are the roles that hear campaign.updated.
var campaignReaders = []string{"admin", "campaign_manager", "supervisor"}

// eventCoalescer publishes campaign.updated for campaigns that changed, at
// most once per interval each, with the campaign and its counts.
type eventCoalescer struct {
	e        *Engine
	interval time.Duration
	mu       sync.Mutex
	dirty    map[int64]bool
}

func newEventCoalescer(e *Engine, interval time.Duration) *eventCoalescer {
	return &eventCoalescer{e: e, interval: interval, dirty: map[int64]bool{}}
}

// touch marks a campaign changed.
func (c *eventCoalescer) touch(id int64) {
	c.mu.Lock()
	c.dirty[id] = true
	c.mu.Unlock()
}

// CampaignChanged marks a campaign changed outside the engine (a webhook
// delivered, read or replied to one of its sends): campaign.updated follows
// within the coalescing interval, with the new counts.
func (e *Engine) CampaignChanged(id int64) { e.events.touch(id) }

func (c *eventCoalescer) run(ctx context.Context) {
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		c.mu.Lock()
		ids := make([]int64, 0, len(c.dirty))
		for id := range c.dirty {
			ids = append(ids, id)
		}
		c.dirty = map[int64]bool{}
		c.mu.Unlock()
		for _, id := range ids {
			if err := c.e.publish(ctx, id); err != nil && ctx.Err() == nil {
				c.e.log.Warn("campaign.updated", "campaign_id", id, "err", err)
			}
		}
	}
}

// publish sends the campaign with its counts to the account's readers.
func (e *Engine) publish(ctx context.Context, id int64) error {
	if e.cfg.Publisher == nil {
		return nil
	}
	c := new(Campaign)
	if err := e.db.NewSelect().Model(c).Where("id = ?", id).Scan(ctx); err != nil {
		return err
	}
	var err error
	if e.cfg.Viewer != nil {
		if c, err = e.cfg.Viewer.Get(ctx, c.AccountID, id); err != nil {
			return err
		}
	} else if c.Counts, err = engineCounts(ctx, e.db, id); err != nil {
		return err
	}
	ev, err := realtime.NewEvent(realtime.TypeCampaignUpdated, c.AccountID, realtime.Audience{Roles: campaignReaders}, c)
	if err != nil {
		return err
	}
	return e.cfg.Publisher.Publish(ctx, ev)
}

// CampaignViewer gives the campaign as the API shows it, with its counts
// (the campaigns Service). Without one the engine counts itself.
type CampaignViewer interface {
	Get(ctx context.Context, accountID, id int64) (*Campaign, error)
}

// engineCounts is the engine's own count, used without a CampaignViewer.
func engineCounts(ctx context.Context, db bun.IDB, id int64) (*Counts, error) {
	c := new(Counts)
	err := db.NewRaw(`SELECT count(*) AS total,
		count(*) FILTER (WHERE status = 'queued') AS queued, count(*) FILTER (WHERE status = 'sending') AS sending,
		count(*) FILTER (WHERE status = 'sent') AS sent, count(*) FILTER (WHERE status = 'failed') AS failed,
		count(*) FILTER (WHERE status = 'excluded') AS excluded, count(*) FILTER (WHERE status = 'unknown') AS unknown,
		count(*) FILTER (WHERE status = 'deferred') AS deferred, count(delivered_at) AS delivered, count(read_at) AS read,
		count(replied_at) AS replied, count(clicked_at) AS clicked, 0 AS bot_clicks
		FROM campaign_recipients WHERE campaign_id = ?`, id).Scan(ctx, c)
	return c, err
}
