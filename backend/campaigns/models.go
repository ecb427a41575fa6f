// Package campaigns keeps scheduled SMS and WhatsApp sends to many
// recipients: the campaign, one state row per recipient, its status through
// draft, scheduled, pending, running and completed, and its results.
package campaigns

import (
	"encoding/json"
	"time"

	"github.com/uptrace/bun"
)

// Campaign statuses (seed 002, plus paused).
const (
	StatusDraft     = "draft"
	StatusScheduled = "scheduled"
	StatusPending   = "pending" // another campaign is running on the same sender
	StatusRunning   = "running"
	StatusPaused    = "paused"
	StatusCompleted = "completed"
	StatusStopped   = "stopped"
	StatusRetrying  = "retrying"
)

// Recipient statuses: queued → sending → sent | failed | unknown | deferred;
// excluded at creation.
const (
	RecipientQueued   = "queued"
	RecipientSending  = "sending"
	RecipientSent     = "sent"
	RecipientFailed   = "failed"
	RecipientExcluded = "excluded"
	RecipientUnknown  = "unknown"  // the send may or may not have reached the provider
	RecipientDeferred = "deferred" // WhatsApp 131049, retry offered after 24 h
)

// Reasons a recipient is excluded when the campaign is created.
const (
	ReasonNoConsent = "no_consent"
	ReasonOptedOut  = "opted_out"
	ReasonInactive  = "inactive"
	ReasonBlocked   = "blocked"
	ReasonNoNumber  = "no_number"
	ReasonDuplicate = "duplicate"
)

// ExclusionReasons lists the exclusion reasons in the order they are checked.
var ExclusionReasons = []string{ReasonNoNumber, ReasonInactive, ReasonBlocked, ReasonDuplicate, ReasonOptedOut, ReasonNoConsent}

// Stop reason of a user's stop.
const StopUser = "user"

// Send modes.
const (
	ModeSession = "session" // a routed conversation per recipient
	ModeDirect  = "direct"  // no conversation
)

// Number types of the phone book and groups.
const (
	NumberSMS      = "sms"
	NumberWhatsApp = "whatsapp"
)

// Campaign is one send to many recipients.
type Campaign struct {
	bun.BaseModel `bun:"table:campaigns,alias:cp"`

	ID             int64           `bun:",pk,autoincrement" json:"id"`
	AccountID      int64           `bun:",notnull" json:"-"`
	Name           string          `bun:",notnull" json:"name"`
	ChannelID      int64           `bun:",notnull" json:"channel_id"`
	SenderID       int64           `bun:",notnull" json:"sender_id"`
	Status         string          `bun:",notnull" json:"status"`
	StopReason     string          `bun:",notnull" json:"stop_reason"`
	StopMessage    string          `bun:",notnull" json:"stop_message"`
	RecipientsSpec json.RawMessage `bun:"recipients_spec,type:jsonb,notnull" json:"recipients"`
	Content        json.RawMessage `bun:",type:jsonb,notnull" json:"content"`
	Mode           string          `bun:",notnull" json:"mode"`
	Route          json.RawMessage `bun:",type:jsonb,notnull" json:"route"`
	TrackLinks     bool            `bun:",notnull" json:"track_links"`
	SendAt         *time.Time      `json:"send_at"`
	TimeZone       string          `bun:",notnull" json:"time_zone"`
	CreatedBy      *int64          `json:"created_by"`
	CreatedAt      time.Time       `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	UpdatedAt      time.Time       `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`
	StartedAt      *time.Time      `json:"started_at"`
	FinishedAt     *time.Time      `json:"finished_at"`
	// Duplicates counts the numbers given more than once (not rows).
	Duplicates int `bun:",notnull" json:"-"`

	ChannelKind  string  `bun:"channel_kind,scanonly" json:"channel_kind,omitempty"`
	ChannelName  string  `bun:"channel_name,scanonly" json:"channel_name,omitempty"`
	SenderNumber string  `bun:"sender_number,scanonly" json:"sender_number,omitempty"`
	Counts       *Counts `bun:"-" json:"counts,omitempty"`
	// ExcludedBy breaks counts.excluded down by reason.
	ExcludedBy *Exclusions `bun:"-" json:"excluded_by_reason,omitempty"`
}

// Counts are a campaign's recipients by status and by what happened after
// the send.
type Counts struct {
	Total     int `bun:"total" json:"total"`
	Queued    int `bun:"queued" json:"queued"`
	Sending   int `bun:"sending" json:"sending"`
	Sent      int `bun:"sent" json:"sent"`
	Delivered int `bun:"delivered" json:"delivered"`
	Read      int `bun:"read" json:"read"`
	Failed    int `bun:"failed" json:"failed"`
	Excluded  int `bun:"excluded" json:"excluded"`
	Unknown   int `bun:"unknown" json:"unknown"`
	Deferred  int `bun:"deferred" json:"deferred"`
	Replied   int `bun:"replied" json:"replied"`
	Clicked   int `bun:"clicked" json:"clicked"`
	BotClicks int `bun:"bot_clicks" json:"bot_clicks"`
}

// Recipient is one recipient's state row.
type Recipient struct {
	bun.BaseModel `bun:"table:campaign_recipients,alias:cr"`

	ID                int64             `bun:",pk,autoincrement" json:"id"`
	CampaignID        int64             `bun:",notnull" json:"campaign_id"`
	AccountID         int64             `bun:",notnull" json:"-"`
	ContactID         *int64            `json:"contact_id"`
	Number            string            `bun:",notnull" json:"number"`
	Variables         map[string]string `bun:",type:jsonb,notnull" json:"variables,omitempty"`
	Status            string            `bun:",notnull" json:"status"`
	Reason            string            `bun:",notnull" json:"reason"`
	ReasonMessage     string            `bun:",notnull" json:"reason_message"`
	Attempts          int               `bun:",notnull" json:"attempts"`
	NextAttemptAt     time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"-"`
	ProviderMessageID *string           `json:"-"`
	MessageID         *int64            `json:"message_id"`
	ConversationID    *int64            `json:"conversation_id"`
	SendingAt         *time.Time        `json:"-"`
	SentAt            *time.Time        `json:"sent_at"`
	DeliveredAt       *time.Time        `json:"delivered_at"`
	ReadAt            *time.Time        `json:"read_at"`
	FailedAt          *time.Time        `json:"failed_at"`
	RepliedAt         *time.Time        `json:"replied_at"`
	ClickedAt         *time.Time        `json:"clicked_at"`
	UpdatedAt         time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`

	ContactName string `bun:"contact_name,scanonly" json:"contact_name"`
}

// Link is a shortened link of one recipient (or of the campaign, when the
// account stores clicks without the recipient).
type Link struct {
	bun.BaseModel `bun:"table:campaign_links,alias:cl"`

	Code        string    `bun:",pk" json:"code"`
	AccountID   int64     `bun:",notnull" json:"-"`
	CampaignID  int64     `bun:",notnull" json:"campaign_id"`
	RecipientID *int64    `json:"recipient_id"`
	URL         string    `bun:"url,notnull" json:"url"`
	CreatedAt   time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
}

// Click is one request of a shortened link.
type Click struct {
	bun.BaseModel `bun:"table:campaign_clicks,alias:cc"`

	ID          int64     `bun:",pk,autoincrement" json:"id"`
	Code        string    `bun:",notnull" json:"code"`
	CampaignID  int64     `bun:",notnull" json:"campaign_id"`
	RecipientID *int64    `json:"recipient_id"`
	At          time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"at"`
	Bot         bool      `bun:",notnull" json:"bot"`
	UserAgent   string    `bun:",notnull" json:"user_agent"`
	Method      string    `bun:",notnull" json:"method"`
}
