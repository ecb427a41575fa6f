package campaigns

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// botAgents are substrings of the User-Agents of link-preview fetchers and
// crawlers, lower case.
var botAgents = []string{
	"whatsapp", "facebookexternalhit", "facebookcatalog", "meta-externalagent", "twitterbot", "slackbot",
	"telegrambot", "discordbot", "googlebot", "bingbot", "linkedinbot", "applebot", "skypeuripreview",
	"embedly", "pinterest", "redditbot", "yandex", "baiduspider", "duckduckbot", "iframely", "bot/", "crawler", "spider",
	"preview", "curl/", "wget/", "python-requests", "go-http-client",
}

// botWindow: a click this soon after the send is a preview fetcher.
const botWindow = 2 * time.Second

// IsBot reports whether a request of a shortened link is a link-preview
// fetcher or crawler rather than a person: a known User-Agent, no
// User-Agent at all, a HEAD request, or a request within botWindow of the
// send.
func IsBot(method, userAgent string, sinceSend time.Duration) bool {
	if method == http.MethodHead || sinceSend < botWindow {
		return true
	}
	ua := strings.ToLower(strings.TrimSpace(userAgent))
	if ua == "" {
		return true
	}
	for _, b := range botAgents {
		if strings.Contains(ua, b) {
			return true
		}
	}
	return false
}

// ErrUnknownLink: no link has the code.
var ErrUnknownLink = errors.New("campaigns: unknown link")

// Tracker resolves shortened links and records their clicks.
type Tracker struct {
	db  *bun.DB
	now func() time.Time
}

// NewTracker builds the click tracker.
func NewTracker(db *bun.DB) *Tracker { return &Tracker{db: db, now: time.Now} }

// Click resolves code to its URL and records the click, a bot's apart: one
// indexed lookup and one statement (the click, and the recipient's first
// human click).
func (t *Tracker) Click(ctx context.Context, code, method, userAgent string) (string, error) {
	if !ValidCode(code) {
		return "", ErrUnknownLink
	}
	var l Link
	if err := t.db.NewSelect().Model(&l).Where("code = ?", code).Scan(ctx); errors.Is(err, sql.ErrNoRows) {
		return "", ErrUnknownLink
	} else if err != nil {
		return "", fmt.Errorf("campaigns: link: %w", err)
	}
	// The link is made right before its send: its age is the time since.
	bot := IsBot(method, userAgent, t.now().Sub(l.CreatedAt))
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := t.db.NewRaw(`WITH c AS (INSERT INTO campaign_clicks (code, campaign_id, recipient_id, bot, user_agent, method)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING recipient_id, bot)
		UPDATE campaign_recipients SET clicked_at = now() FROM c
		WHERE campaign_recipients.id = c.recipient_id AND NOT c.bot AND campaign_recipients.clicked_at IS NULL`,
		l.Code, l.CampaignID, l.RecipientID, bot, userAgent, method).Exec(ctx)
	if err != nil {
		return "", fmt.Errorf("campaigns: record click: %w", err)
	}
	return l.URL, nil
}

// linkCache keeps the per-campaign links of accounts that store clicks
// without the recipient (one code per campaign and URL).
type linkCache struct {
	mu    sync.Mutex
	codes map[string]string
}

func newLinkCache() *linkCache { return &linkCache{codes: map[string]string{}} }

func (c *linkCache) shared(ctx context.Context, db *bun.DB, camp *Campaign, url string) (string, error) {
	key := fmt.Sprint(camp.ID) + " " + url
	c.mu.Lock()
	defer c.mu.Unlock()
	if code, ok := c.codes[key]; ok {
		return code, nil
	}
	var code string
	err := db.NewSelect().Model((*Link)(nil)).Column("code").
		Where("campaign_id = ? AND url = ? AND recipient_id IS NULL", camp.ID, url).Limit(1).Scan(ctx, &code)
	if errors.Is(err, sql.ErrNoRows) {
		code = NewCode()
		_, err = db.NewInsert().Model(&Link{Code: code, AccountID: camp.AccountID, CampaignID: camp.ID, URL: url}).Exec(ctx)
	}
	if err != nil {
		return "", fmt.Errorf("campaigns: shared link: %w", err)
	}
	c.codes[key] = code
	return code, nil
}
