package campaigns

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// countsSQL counts recipients by status and by what followed the send, for
// many campaigns in one pass over campaign_recipients.
const countsSQL = `SELECT campaign_id,
	count(*) AS total,
	count(*) FILTER (WHERE status = 'queued') AS queued,
	count(*) FILTER (WHERE status = 'sending') AS sending,
	count(*) FILTER (WHERE status = 'sent') AS sent,
	count(*) FILTER (WHERE status = 'failed') AS failed,
	count(*) FILTER (WHERE status = 'excluded') AS excluded,
	count(*) FILTER (WHERE status = 'unknown') AS unknown,
	count(*) FILTER (WHERE status = 'deferred') AS deferred,
	count(delivered_at) AS delivered,
	count(read_at) AS read,
	count(replied_at) AS replied,
	count(clicked_at) AS clicked,
	count(*) FILTER (WHERE status = 'excluded' AND reason = 'no_consent') AS no_consent,
	count(*) FILTER (WHERE status = 'excluded' AND reason = 'opted_out') AS opted_out,
	count(*) FILTER (WHERE status = 'excluded' AND reason = 'inactive') AS inactive,
	count(*) FILTER (WHERE status = 'excluded' AND reason = 'blocked') AS blocked,
	count(*) FILTER (WHERE status = 'excluded' AND reason = 'no_number') AS no_number
FROM campaign_recipients WHERE campaign_id IN (?) GROUP BY campaign_id`

// clicksSQL counts bot clicks, and human clicks kept without the recipient.
const clicksSQL = `SELECT campaign_id,
	count(*) FILTER (WHERE bot) AS bot_clicks,
	count(*) FILTER (WHERE NOT bot AND recipient_id IS NULL) AS anonymous
FROM campaign_clicks WHERE campaign_id IN (?) GROUP BY campaign_id`

type countRow struct {
	CampaignID int64 `bun:"campaign_id"`
	Counts
	NoConsent int `bun:"no_consent"`
	OptedOut  int `bun:"opted_out"`
	Inactive  int `bun:"inactive"`
	Blocked   int `bun:"blocked"`
	NoNumber  int `bun:"no_number"`
}

// withCounts sets the counts of each campaign. Duplicates are not rows:
// they are added to total and excluded.
func (s *Service) withCounts(ctx context.Context, list []*Campaign) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	var rows []countRow
	if err := s.db.NewRaw(countsSQL, bun.In(ids)).Scan(ctx, &rows); err != nil {
		return fmt.Errorf("campaigns: counts: %w", err)
	}
	var clicks []struct {
		CampaignID int64 `bun:"campaign_id"`
		BotClicks  int   `bun:"bot_clicks"`
		Anonymous  int   `bun:"anonymous"`
	}
	if err := s.db.NewRaw(clicksSQL, bun.In(ids)).Scan(ctx, &clicks); err != nil {
		return fmt.Errorf("campaigns: click counts: %w", err)
	}
	byID := make(map[int64]*countRow, len(rows))
	for i := range rows {
		byID[rows[i].CampaignID] = &rows[i]
	}
	for _, c := range list {
		r, ok := byID[c.ID]
		if !ok {
			r = &countRow{}
		}
		counts := r.Counts
		counts.Total += c.Duplicates
		counts.Excluded += c.Duplicates
		for _, k := range clicks {
			if k.CampaignID == c.ID {
				counts.BotClicks, counts.Clicked = k.BotClicks, counts.Clicked+k.Anonymous
			}
		}
		c.Counts = &counts
		c.ExcludedBy = &Exclusions{NoConsent: r.NoConsent, OptedOut: r.OptedOut, Inactive: r.Inactive,
			Blocked: r.Blocked, NoNumber: r.NoNumber, Duplicate: c.Duplicates}
	}
	return nil
}
