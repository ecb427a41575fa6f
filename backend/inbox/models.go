// Package inbox is the live inbox: channels and their sender numbers,
// contacts, conversations and messages, webhook ingest and sending.
package inbox

import (
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/contacts"
)

// Channel kinds.
const (
	KindWhatsApp = "whatsapp_cloud"
	KindSandbox  = "sandbox"
	KindSMS      = "sms_twilio"
)

// Channel is one provider connection of an account.
type Channel struct {
	bun.BaseModel `bun:"table:channels"`

	ID          int64             `bun:",pk,autoincrement" json:"id"`
	AccountID   int64             `bun:",notnull" json:"-"`
	Kind        string            `bun:",notnull" json:"kind"`
	Name        string            `bun:",notnull" json:"name"`
	Enabled     bool              `bun:",notnull" json:"enabled"`
	BaseURL     string            `bun:",notnull" json:"base_url"`
	Credentials map[string]string `bun:"type:jsonb,notnull" json:"-"`
	CreatedAt   time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	UpdatedAt   time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`
	// HeldWebhooks counts webhooks stored while the channel was disabled,
	// waiting to be processed when it is enabled again.
	HeldWebhooks int `bun:",scanonly" json:"held_webhooks"`

	Senders []*Sender `bun:"rel:has-many,join:id=channel_id" json:"senders"`
}

// Sender is a number a channel sends from.
type Sender struct {
	bun.BaseModel `bun:"table:channel_senders"`

	ID          int64     `bun:",pk,autoincrement" json:"id"`
	AccountID   int64     `bun:",notnull" json:"-"`
	ChannelID   int64     `bun:",notnull" json:"channel_id"`
	PhoneNumber string    `bun:",notnull" json:"phone_number"`
	ProviderID  string    `bun:",notnull" json:"provider_id"`
	Name        string    `bun:",notnull" json:"name"`
	CreatedAt   time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	// RouteQueueID or RouteUserID (an extension) receive new inbound
	// conversations of this number.
	RouteQueueID *int64 `json:"route_queue_id"`
	RouteUserID  *int64 `json:"route_user_id"`
	// RatePerSecond limits campaign sends from this number (nil: the
	// default for the kind); ShortCode marks an SMS short code.
	RatePerSecond *float64 `json:"rate_per_second"`
	ShortCode     bool     `bun:",notnull" json:"short_code"`
}

// Contact is a customer; the phone book (backend/contacts) owns it.
type Contact = contacts.Contact

// Conversation statuses.
const (
	StatusOpen     = "open"
	StatusPending  = "pending"
	StatusSnoozed  = "snoozed"
	StatusResolved = "resolved"
)

// Conversation is a session with a contact on one channel and sender number.
type Conversation struct {
	bun.BaseModel `bun:"table:conversations"`

	ID                  int64      `bun:",pk,autoincrement" json:"id"`
	AccountID           int64      `bun:",notnull" json:"-"`
	ContactID           int64      `bun:",notnull" json:"contact_id"`
	ChannelID           int64      `bun:",notnull" json:"channel_id"`
	SenderID            int64      `bun:",notnull" json:"sender_id"`
	Status              string     `bun:",notnull" json:"status"`
	SnoozedUntil        *time.Time `json:"snoozed_until"`
	AssigneeID          *int64     `json:"assignee_id"`
	QueueID             *int64     `json:"queue_id"`
	LastMessageAt       time.Time  `bun:",notnull" json:"last_message_at"`
	LastMessagePreview  string     `bun:",notnull" json:"last_message_preview"`
	LastInboundAt       *time.Time `json:"last_inbound_at"`
	UnreadCount         int        `bun:",notnull" json:"unread_count"`
	QueuedAt            *time.Time `json:"queued_at"`
	OutOfHoursRepliedAt *time.Time `json:"-"`
	CreatedAt           time.Time  `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	UpdatedAt           time.Time  `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`

	// Created is set by upserts that opened the conversation.
	Created bool `bun:"created,scanonly" json:"-"`
}

// Message directions and statuses.
const (
	DirIn  = "in"
	DirOut = "out"

	MsgReceived  = "received"
	MsgQueued    = "queued"
	MsgUnknown   = "unknown"
	MsgSent      = "sent"
	MsgDelivered = "delivered"
	MsgRead      = "read"
	MsgFailed    = "failed"
)

// Message kinds beyond the provider types.
const (
	KindNote        = "note"
	KindText        = "text"
	KindTemplate    = "template"
	KindUnsupported = "unsupported"
	KindReaction    = "reaction"
)

// Media describes a message's attachment.
type Media struct {
	// Key in the object store; empty while the download is pending.
	Key        string `json:"key,omitempty"`
	MIME       string `json:"mime,omitempty"`
	Size       int64  `json:"size,omitempty"`
	Filename   string `json:"filename,omitempty"`
	Caption    string `json:"caption,omitempty"`
	ProviderID string `json:"provider_id,omitempty"`
	SHA256     string `json:"sha256,omitempty"`
	URL        string `json:"url,omitempty"`
	// State is ready, pending (being downloaded) or failed.
	State string `json:"state"`
	Error string `json:"error,omitempty"`
}

// Location is a shared place.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
	URL       string  `json:"url,omitempty"`
}

// Message is one message or private note in a conversation.
type Message struct {
	bun.BaseModel `bun:"table:messages"`

	ID                int64           `bun:",pk,autoincrement" json:"id"`
	AccountID         int64           `bun:",notnull" json:"-"`
	ConversationID    int64           `bun:",notnull" json:"conversation_id"`
	ChannelID         int64           `bun:",notnull" json:"channel_id"`
	Direction         string          `bun:",notnull" json:"direction"`
	Kind              string          `bun:",notnull" json:"kind"`
	Body              string          `bun:",notnull" json:"body"`
	Media             *Media          `bun:"type:jsonb" json:"media"`
	Location          *Location       `bun:"type:jsonb" json:"location"`
	Extra             json.RawMessage `bun:"type:jsonb,notnull" json:"extra"`
	ProviderMessageID *string         `json:"provider_message_id"`
	ReplyToID         *int64          `json:"reply_to_id"`
	ReplyToProviderID *string         `json:"-"`
	Status            string          `bun:",notnull" json:"status"`
	ErrorCode         string          `bun:",notnull" json:"error_code"`
	ErrorTitle        string          `bun:",notnull" json:"error_title"`
	AuthorID          *int64          `json:"author_id"`
	CreatedAt         time.Time       `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	ProviderAt        *time.Time      `json:"provider_at"`
	StatusAt          *time.Time      `json:"status_at"`
	// PublicToken names a short-lived public link to the media, for
	// providers that fetch MMS attachments themselves.
	PublicToken *string `json:"-"`
}

// WebhookEvent is a raw webhook kept before it is acknowledged.
type WebhookEvent struct {
	bun.BaseModel `bun:"table:webhook_events"`

	ID            int64      `bun:",pk,autoincrement"`
	AccountID     int64      `bun:",notnull"`
	ChannelID     int64      `bun:",notnull"`
	Provider      string     `bun:",notnull"`
	Payload       []byte     `bun:",notnull"`
	ReceivedAt    time.Time  `bun:",nullzero,notnull,default:current_timestamp"`
	ProcessedAt   *time.Time `bun:""`
	Attempts      int        `bun:",notnull"`
	NextAttemptAt time.Time  `bun:",nullzero,notnull,default:current_timestamp"`
	LastError     string     `bun:",notnull"`
}
