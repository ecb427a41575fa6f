package templates

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"switchboard/backend/apperror"
)

// TemplateView is a WhatsApp template with the values it takes.
type TemplateView struct {
	*WhatsAppTemplate
	Variables []Variable `json:"variables"`
}

func view(t *WhatsAppTemplate) TemplateView {
	return TemplateView{WhatsAppTemplate: t, Variables: Variables(t)}
}

// ListFilter narrows the template list. Without a status, templates the
// provider no longer lists are left out.
type ListFilter struct {
	ChannelID int64
	Status    string
}

// List returns the account's WhatsApp templates by channel, name and language.
func (s *Service) List(ctx context.Context, accountID int64, f ListFilter) ([]TemplateView, error) {
	var rows []WhatsAppTemplate
	q := s.db.NewSelect().Model(&rows).Where("account_id = ?", accountID)
	if f.ChannelID != 0 {
		q.Where("channel_id = ?", f.ChannelID)
	}
	if st := strings.ToUpper(strings.TrimSpace(f.Status)); st != "" {
		q.Where("status = ?", st)
	} else {
		q.Where("status <> ?", StatusDeleted)
	}
	if err := q.OrderExpr("channel_id, name, language").Scan(ctx); err != nil {
		return nil, fmt.Errorf("templates: list: %w", err)
	}
	out := make([]TemplateView, 0, len(rows))
	for i := range rows {
		out = append(out, view(&rows[i]))
	}
	return out, nil
}

// Get returns one WhatsApp template of the account.
func (s *Service) Get(ctx context.Context, accountID, id int64) (TemplateView, error) {
	t := new(WhatsAppTemplate)
	err := s.db.NewSelect().Model(t).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return TemplateView{}, apperror.NotFound("template")
	}
	if err != nil {
		return TemplateView{}, fmt.Errorf("templates: get: %w", err)
	}
	return view(t), nil
}

// SyncStates returns the outcome of the last sync of the account's
// channels (of one channel when channelID is set).
func (s *Service) SyncStates(ctx context.Context, accountID, channelID int64) ([]SyncState, error) {
	out := []SyncState{}
	q := s.db.NewSelect().Model(&out).Where("account_id = ?", accountID)
	if channelID != 0 {
		q.Where("channel_id = ?", channelID)
	}
	if err := q.OrderExpr("channel_id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("templates: sync states: %w", err)
	}
	return out, nil
}

func ignoreNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}
