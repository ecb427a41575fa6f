package desk

import (
	"context"
	"fmt"

	"switchboard/backend/inbox"
	"switchboard/backend/placeholders"
)

// Rendered is a canned response filled in for one conversation's contact.
type Rendered struct {
	Text string `json:"text"`
	// Missing lists placeholders the contact has no value for; they are
	// left empty in Text so the agent can fill them in before sending.
	Missing    []string    `json:"missing"`
	Attachment *Attachment `json:"attachment"`
}

// RenderCanned fills canned response cannedID with the data of the contact
// of conversation convID. Both must belong to the viewer's account and the
// viewer must be allowed to see the conversation.
func (s *Service) RenderCanned(ctx context.Context, viewer inbox.Viewer, convID, cannedID int64) (*Rendered, error) {
	conv, err := s.inbox.GetConversation(ctx, viewer, convID)
	if err != nil {
		return nil, err
	}
	c, err := s.GetCanned(ctx, viewer.AccountID, cannedID)
	if err != nil {
		return nil, err
	}
	var contact inbox.Contact
	err = s.db.NewSelect().Model(&contact).Where("id = ? AND account_id = ?", conv.ContactID, viewer.AccountID).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("desk: render canned response: %w", err)
	}
	text, missing := placeholders.Fill(c.Text, placeholders.Values(contact.Placeholders()))
	return &Rendered{Text: text, Missing: missing, Attachment: c.Attachment}, nil
}
