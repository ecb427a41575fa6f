package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"switchboard/backend/apperror"
)

// ContactDetail is a contact with its conversations, newest first.
type ContactDetail struct {
	*Contact
	Conversations []ConversationView `json:"conversations"`
}

// GetContact returns one contact of the account with the conversations the
// viewer may see.
func (s *Service) GetContact(ctx context.Context, viewer Viewer, id int64) (*ContactDetail, error) {
	c := new(Contact)
	err := s.db.NewSelect().Model(c).Where("id = ? AND account_id = ?", id, viewer.AccountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("contact")
	}
	if err != nil {
		return nil, fmt.Errorf("inbox: get contact: %w", err)
	}
	page, err := s.ListConversations(ctx, viewer, ListFilter{ContactID: id, Limit: 100})
	if err != nil {
		return nil, err
	}
	return &ContactDetail{Contact: c, Conversations: page.Items}, nil
}
