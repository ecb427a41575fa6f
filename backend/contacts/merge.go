package contacts

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// Merge choices: keep the kept contact's value or take the merged one's.
const (
	MergeKeep = "keep"
	MergeTake = "merge"
)

// MergeFields chooses, per conflicting field, whose value survives. A field
// not named keeps the kept contact's value, or the merged one's where the
// kept contact has none.
type MergeFields struct {
	Name           string            `json:"name"`
	SMSNumber      string            `json:"sms_number"`
	WhatsAppNumber string            `json:"whatsapp_number"`
	Attributes     map[string]string `json:"attributes"`
}

// MergeInput merges contact MergeID into KeepID.
type MergeInput struct {
	KeepID  int64       `json:"keep_id"`
	MergeID int64       `json:"merge_id"`
	Fields  MergeFields `json:"fields"`
}

// Merge moves everything of the merged contact (numbers, attributes,
// labels, conversations with their messages, consent records) onto the kept
// one and deletes the merged contact. It returns the kept contact.
func (s *Service) Merge(ctx context.Context, accountID int64, in MergeInput) (View, error) {
	var v apperror.Validation
	v.Check(in.KeepID > 0, "keep_id", "is required")
	v.Check(in.MergeID > 0 && in.MergeID != in.KeepID, "merge_id", "must be another contact")
	choice := func(field, c string) {
		v.Check(c == "" || c == MergeKeep || c == MergeTake, field, "must be keep or merge")
	}
	choice("fields.name", in.Fields.Name)
	choice("fields.sms_number", in.Fields.SMSNumber)
	choice("fields.whatsapp_number", in.Fields.WhatsAppNumber)
	for k, c := range in.Fields.Attributes {
		choice("fields.attributes."+k, c)
	}
	if err := v.Err(); err != nil {
		return View{}, err
	}
	var out View
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var both []Contact
		err := tx.NewSelect().Model(&both).Where("account_id = ? AND id IN (?, ?)", accountID, in.KeepID, in.MergeID).
			Order("id").For("UPDATE").Scan(ctx)
		if err != nil {
			return fmt.Errorf("contacts: merge: %w", err)
		}
		if len(both) != 2 {
			return apperror.NotFound("contact")
		}
		keep, gone := &both[0], &both[1]
		if keep.ID != in.KeepID {
			keep, gone = gone, keep
		}
		mergeInto(keep, gone, in.Fields)
		moves := []string{
			// An open conversation of the merged contact on a channel and
			// number where the kept one has one too becomes history, so at
			// most one stays open per channel and number.
			`UPDATE conversations m SET status = 'resolved', updated_at = now()
				WHERE m.contact_id = ?1 AND m.status <> 'resolved' AND EXISTS (SELECT 1 FROM conversations k
				WHERE k.contact_id = ?0 AND k.channel_id = m.channel_id AND k.sender_id = m.sender_id AND k.status <> 'resolved')`,
			`UPDATE conversations SET contact_id = ?0 WHERE contact_id = ?1`,
			`INSERT INTO contact_labels (contact_id, label_id, created_at)
				SELECT ?0, label_id, created_at FROM contact_labels WHERE contact_id = ?1 ON CONFLICT DO NOTHING`,
			`UPDATE consent_events SET contact_id = ?0 WHERE contact_id = ?1`,
			`UPDATE opt_outs SET contact_id = ?0 WHERE contact_id = ?1`,
			// Free the merged contact's numbers before the kept one takes them.
			`DELETE FROM contacts WHERE id = ?1`,
		}
		for _, m := range moves {
			if _, err := tx.NewRaw(m, keep.ID, gone.ID).Exec(ctx); err != nil {
				return fmt.Errorf("contacts: merge: %w", err)
			}
		}
		_, err = tx.NewUpdate().Model(keep).
			Column("name", "first_name", "last_name", "sms_number", "whatsapp_number", "wa_user_id", "attributes",
				"first_contact_at", "last_chat_at").
			Set("updated_at = now()").WherePK().Exec(ctx)
		if err != nil {
			return mapUnique(err)
		}
		out, err = s.get(ctx, tx, accountID, keep.ID)
		return err
	})
	return out, err
}

// mergeInto writes onto keep what survives of gone.
func mergeInto(keep, gone *Contact, f MergeFields) {
	takeName := f.Name == MergeTake || (f.Name == "" && keep.DisplayName() == "")
	if takeName {
		keep.Name, keep.FirstName, keep.LastName = gone.Name, gone.FirstName, gone.LastName
	}
	pick := func(choice string, k, g *string) *string {
		if choice == MergeTake || k == nil {
			return g
		}
		return k
	}
	keep.SMSNumber = pick(f.SMSNumber, keep.SMSNumber, gone.SMSNumber)
	keep.WhatsAppNumber = pick(f.WhatsAppNumber, keep.WhatsAppNumber, gone.WhatsAppNumber)
	if keep.SMSNumber == nil && keep.WhatsAppNumber == nil {
		// Never merge a contact into one without any number.
		keep.SMSNumber, keep.WhatsAppNumber = gone.SMSNumber, gone.WhatsAppNumber
	}
	if keep.WAUserID == nil {
		keep.WAUserID = gone.WAUserID
	}
	if keep.Attributes == nil {
		keep.Attributes = map[string]any{}
	}
	for k, gv := range gone.Attributes {
		_, has := keep.Attributes[k]
		if f.Attributes[k] == MergeTake || (!has && f.Attributes[k] != MergeKeep) {
			keep.Attributes[k] = gv
		}
	}
	if gone.FirstContactAt.Before(keep.FirstContactAt) {
		keep.FirstContactAt = gone.FirstContactAt
	}
	if gone.LastChatAt != nil && (keep.LastChatAt == nil || gone.LastChatAt.After(*keep.LastChatAt)) {
		keep.LastChatAt = gone.LastChatAt
	}
}
