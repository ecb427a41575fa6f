package campaigns

import (
	"context"
	"fmt"
	"time"

	"switchboard/backend/apperror"
)

// ContactMessage is one campaign send to a contact (direct sends are not
// in the inbox, so the contact's page shows them from here).
type ContactMessage struct {
	CampaignID   int64      `bun:"campaign_id" json:"campaign_id"`
	CampaignName string     `bun:"campaign_name" json:"campaign_name"`
	ChannelKind  string     `bun:"channel_kind" json:"channel_kind"`
	Number       string     `bun:"number" json:"number"`
	Status       string     `bun:"status" json:"status"`
	Reason       string     `bun:"reason" json:"reason"`
	SentAt       *time.Time `bun:"sent_at" json:"sent_at"`
	DeliveredAt  *time.Time `bun:"delivered_at" json:"delivered_at"`
	ReadAt       *time.Time `bun:"read_at" json:"read_at"`
	RepliedAt    *time.Time `bun:"replied_at" json:"replied_at"`
	Body         string     `bun:"body" json:"body"`
}

// maxContactMessages bounds the history shown for one contact.
const maxContactMessages = 200

// ContactMessages lists the campaign sends to a contact, newest first;
// recipients excluded at creation are left out (nothing was sent).
func (s *Service) ContactMessages(ctx context.Context, accountID, contactID int64) ([]ContactMessage, error) {
	ok, err := s.db.NewSelect().Table("contacts").Where("id = ? AND account_id = ?", contactID, accountID).Exists(ctx)
	if err != nil {
		return nil, fmt.Errorf("campaigns: contact: %w", err)
	}
	if !ok {
		return nil, apperror.NotFound("contact")
	}
	out := []ContactMessage{}
	err = s.db.NewRaw(`SELECT cp.id AS campaign_id, cp.name AS campaign_name, ch.kind AS channel_kind,
			cr.number, cr.status, cr.reason, cr.sent_at, cr.delivered_at, cr.read_at, cr.replied_at,
			coalesce(m.body, cp.content->>'body', st.body, wt.name, '') AS body
		FROM campaign_recipients AS cr
		JOIN campaigns AS cp ON cp.id = cr.campaign_id
		JOIN channels AS ch ON ch.id = cp.channel_id
		LEFT JOIN messages AS m ON m.id = cr.message_id
		LEFT JOIN sms_templates AS st ON st.id = (cp.content->>'sms_template_id')::bigint
		LEFT JOIN whatsapp_templates AS wt ON wt.id = (cp.content->>'template_id')::bigint
		WHERE cr.account_id = ? AND cr.contact_id = ? AND cr.status <> 'excluded'
		ORDER BY coalesce(cr.sent_at, cr.updated_at) DESC, cr.id DESC LIMIT ?`,
		accountID, contactID, maxContactMessages).Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("campaigns: contact messages: %w", err)
	}
	return out, nil
}
