package desk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/inbox"
	"switchboard/backend/realtime"
)

// LabelConversation puts a label on a conversation the viewer may see and
// returns the conversation. Labelling twice changes nothing.
func (s *Service) LabelConversation(ctx context.Context, viewer inbox.Viewer, convID, labelID int64) (inbox.ConversationView, error) {
	return s.changeConversationLabel(ctx, viewer, convID, labelID,
		`INSERT INTO conversation_labels (conversation_id, label_id) VALUES (?0, ?1) ON CONFLICT DO NOTHING`)
}

// UnlabelConversation takes a label off a conversation.
func (s *Service) UnlabelConversation(ctx context.Context, viewer inbox.Viewer, convID, labelID int64) (inbox.ConversationView, error) {
	return s.changeConversationLabel(ctx, viewer, convID, labelID,
		`DELETE FROM conversation_labels WHERE conversation_id = ?0 AND label_id = ?1`)
}

// changeConversationLabel runs stmt and, when it changed a row, publishes
// conversation.updated in the same transaction.
func (s *Service) changeConversationLabel(ctx context.Context, viewer inbox.Viewer, convID, labelID int64, stmt string) (inbox.ConversationView, error) {
	if _, err := s.inbox.GetConversation(ctx, viewer, convID); err != nil {
		return inbox.ConversationView{}, err
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := getLabel(ctx, tx, viewer.AccountID, labelID); err != nil {
			return err
		}
		res, err := tx.NewRaw(stmt, convID, labelID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if _, err := tx.NewUpdate().TableExpr("conversations").Set("updated_at = now()").Where("id = ?", convID).Exec(ctx); err != nil {
			return err
		}
		return s.inbox.PublishConversationUpdated(ctx, tx, viewer.AccountID, convID)
	})
	if err != nil {
		return inbox.ConversationView{}, fmt.Errorf("desk: change conversation label: %w", err)
	}
	return s.inbox.GetConversation(ctx, viewer, convID)
}

// ContactWithLabels is a contact with its labels, the data of the
// contact.updated event a label change sends.
type ContactWithLabels struct {
	*inbox.Contact
	Labels []Label `json:"labels"`
}

// ContactLabels returns the labels of a contact of the account.
func (s *Service) ContactLabels(ctx context.Context, accountID, contactID int64) ([]Label, error) {
	if _, err := s.contact(ctx, s.db, accountID, contactID); err != nil {
		return nil, err
	}
	return contactLabels(ctx, s.db, contactID)
}

// LabelContact puts a label on a contact and returns the contact's labels.
func (s *Service) LabelContact(ctx context.Context, accountID, contactID, labelID int64) ([]Label, error) {
	return s.changeContactLabel(ctx, accountID, contactID, labelID,
		`INSERT INTO contact_labels (contact_id, label_id) VALUES (?0, ?1) ON CONFLICT DO NOTHING`)
}

// UnlabelContact takes a label off a contact.
func (s *Service) UnlabelContact(ctx context.Context, accountID, contactID, labelID int64) ([]Label, error) {
	return s.changeContactLabel(ctx, accountID, contactID, labelID,
		`DELETE FROM contact_labels WHERE contact_id = ?0 AND label_id = ?1`)
}

func (s *Service) changeContactLabel(ctx context.Context, accountID, contactID, labelID int64, stmt string) ([]Label, error) {
	var labels []Label
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		contact, err := s.contact(ctx, tx, accountID, contactID)
		if err != nil {
			return err
		}
		if _, err := getLabel(ctx, tx, accountID, labelID); err != nil {
			return err
		}
		res, err := tx.NewRaw(stmt, contactID, labelID).Exec(ctx)
		if err != nil {
			return err
		}
		if labels, err = contactLabels(ctx, tx, contactID); err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.publish(ctx, tx, realtime.TypeContactUpdated, accountID, ContactWithLabels{contact, labels})
	})
	if err != nil {
		return nil, fmt.Errorf("desk: change contact label: %w", err)
	}
	return labels, nil
}

func (s *Service) contact(ctx context.Context, db bun.IDB, accountID, id int64) (*inbox.Contact, error) {
	c := new(inbox.Contact)
	err := db.NewSelect().Model(c).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("contact")
	}
	if err != nil {
		return nil, fmt.Errorf("desk: get contact: %w", err)
	}
	return c, nil
}

func contactLabels(ctx context.Context, db bun.IDB, contactID int64) ([]Label, error) {
	out := []Label{}
	err := db.NewSelect().Model(&out).Join("JOIN contact_labels AS cl ON cl.label_id = label.id").
		Where("cl.contact_id = ?", contactID).OrderExpr("lower(label.name), label.id").Scan(ctx)
	return out, err
}
