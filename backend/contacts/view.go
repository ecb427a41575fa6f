package contacts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// LabelRef is a label on a contact.
type LabelRef struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Color string `json:"color"`
}

// View is a contact as the API shows it.
type View struct {
	*Contact
	DisplayName             string     `json:"display_name"`
	SMSNumberFormatted      *string    `json:"sms_number_formatted"`
	WhatsAppNumberFormatted *string    `json:"whatsapp_number_formatted"`
	Labels                  []LabelRef `json:"labels"`
	LastConversationID      *int64     `json:"last_conversation_id"`
	// ConversationCount is set on the detail (what a delete takes along).
	ConversationCount *int `json:"conversation_count,omitempty"`
}

// viewRow is a contact with what the list joins to it.
type viewRow struct {
	Contact            `bun:",extend"`
	Labels             []LabelRef `bun:"labels,type:jsonb"`
	LastConversationID *int64     `bun:"last_conversation_id"`
}

func (r *viewRow) view() View {
	c := r.Contact
	v := View{Contact: &c, DisplayName: c.DisplayName(), Labels: r.Labels, LastConversationID: r.LastConversationID}
	if v.Labels == nil {
		v.Labels = []LabelRef{}
	}
	if c.Attributes == nil {
		c.Attributes = map[string]any{}
	}
	if c.SMSNumber != nil {
		f := FormatNumber(*c.SMSNumber)
		v.SMSNumberFormatted = &f
	}
	if c.WhatsAppNumber != nil {
		f := FormatNumber(*c.WhatsAppNumber)
		v.WhatsAppNumberFormatted = &f
	}
	return v
}

// viewQuery selects contacts (alias "contact") with their labels and
// latest conversation.
func viewQuery(db bun.IDB, accountID int64) *bun.SelectQuery {
	return db.NewSelect().Model((*viewRow)(nil)).
		ColumnExpr("contact.*").
		ColumnExpr(`(SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.name), '[]')
			FROM contact_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.contact_id = contact.id) AS labels`).
		ColumnExpr(`(SELECT v.id FROM conversations v WHERE v.contact_id = contact.id
			ORDER BY v.last_message_at DESC, v.id DESC LIMIT 1) AS last_conversation_id`).
		Where("contact.account_id = ?", accountID)
}

// Get returns one contact of the account with how many conversations it has.
func (s *Service) Get(ctx context.Context, accountID, id int64) (View, error) {
	return s.get(ctx, s.db, accountID, id)
}

func (s *Service) get(ctx context.Context, db bun.IDB, accountID, id int64) (View, error) {
	var row viewRow
	err := viewQuery(db, accountID).Where("contact.id = ?", id).Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return View{}, apperror.NotFound("contact")
	}
	if err != nil {
		return View{}, fmt.Errorf("contacts: get: %w", err)
	}
	v := row.view()
	n, err := db.NewSelect().Table("conversations").Where("contact_id = ?", id).Count(ctx)
	if err != nil {
		return View{}, fmt.Errorf("contacts: count conversations: %w", err)
	}
	count := int(n)
	v.ConversationCount = &count
	return v, nil
}
