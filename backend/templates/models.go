// Package templates keeps message templates: WhatsApp templates synced from
// the provider (and built-in ones for the sandbox), local SMS text
// templates, and the checks and rendering that turn a template plus the
// agent's values into a message the inbox sends.
package templates

import (
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/channels/whatsapp"
)

// Parameter formats of WhatsApp templates.
const (
	FormatNamed      = "NAMED"
	FormatPositional = "POSITIONAL"
)

// Template statuses; only approved templates can be sent. StatusDeleted
// marks a template the provider no longer lists.
const (
	StatusApproved = "APPROVED"
	StatusDeleted  = "DELETED"
)

// WhatsAppTemplate is a template of one WhatsApp (or sandbox) channel.
type WhatsAppTemplate struct {
	bun.BaseModel `bun:"table:whatsapp_templates"`

	ID              int64                        `bun:",pk,autoincrement" json:"id"`
	AccountID       int64                        `bun:",notnull" json:"-"`
	ChannelID       int64                        `bun:",notnull" json:"channel_id"`
	ProviderID      string                       `bun:",notnull" json:"provider_id"`
	Name            string                       `bun:",notnull" json:"name"`
	Language        string                       `bun:",notnull" json:"language"`
	Category        string                       `bun:",notnull" json:"category"`
	Status          string                       `bun:",notnull" json:"status"`
	ParameterFormat string                       `bun:",notnull" json:"parameter_format"`
	Components      []whatsapp.TemplateComponent `bun:"type:jsonb,notnull" json:"components"`
	SyncedAt        time.Time                    `bun:",nullzero,notnull,default:current_timestamp" json:"synced_at"`
	DeletedAt       *time.Time                   `json:"deleted_at"`
	CreatedAt       time.Time                    `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	UpdatedAt       time.Time                    `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`
}

// SyncState is the outcome of a channel's last template sync.
type SyncState struct {
	bun.BaseModel `bun:"table:whatsapp_template_syncs"`

	ChannelID     int64      `bun:",pk" json:"channel_id"`
	AccountID     int64      `bun:",notnull" json:"-"`
	AttemptedAt   time.Time  `bun:",notnull" json:"attempted_at"`
	SucceededAt   *time.Time `json:"succeeded_at"`
	Error         string     `bun:",notnull" json:"error"`
	TemplateCount int        `bun:",notnull" json:"template_count"`
}

// SMSTemplate is a local text template for SMS.
type SMSTemplate struct {
	bun.BaseModel `bun:"table:sms_templates"`

	ID        int64     `bun:",pk,autoincrement" json:"id"`
	AccountID int64     `bun:",notnull" json:"-"`
	Name      string    `bun:",notnull" json:"name"`
	Body      string    `bun:",notnull" json:"body"`
	CreatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	UpdatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`
}
