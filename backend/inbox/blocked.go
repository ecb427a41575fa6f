package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/channels"
)

// ingestBlocked keeps a message from a blocked contact on the contact
// without opening a conversation: it lands in the contact's latest
// conversation on this channel and number, or in a new one created
// resolved, and nobody is notified, nothing is routed or auto-replied.
// STOP/START keywords are still recorded (consent is kept by number).
func (s *Service) ingestBlocked(ctx context.Context, tx bun.Tx, ch *Channel, snd *Sender, contact *Contact, m *channels.InboundMessage, at time.Time) (int64, bool, error) {
	conv := new(Conversation)
	err := tx.NewSelect().Model(conv).
		Where("account_id = ? AND contact_id = ? AND channel_id = ? AND sender_id = ?", ch.AccountID, contact.ID, ch.ID, snd.ID).
		OrderExpr("last_message_at DESC, id DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		conv = &Conversation{AccountID: ch.AccountID, ContactID: contact.ID, ChannelID: ch.ID, SenderID: snd.ID,
			Status: StatusResolved, LastMessageAt: at}
		_, err = tx.NewInsert().Model(conv).Returning("*").Exec(ctx)
	}
	if err != nil {
		return 0, false, fmt.Errorf("blocked contact's conversation: %w", err)
	}
	msg := inboundToMessage(ch, conv, m, at)
	res, err := tx.NewInsert().Model(msg).On("CONFLICT (channel_id, provider_message_id) DO NOTHING").Returning("*").Exec(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("insert: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, false, nil
	}
	if ch.Kind == KindSMS && contact.SMSNumber != nil && msg.Kind == KindText {
		if err := s.applyKeyword(ctx, tx, ch, snd, contact, *contact.SMSNumber, msg); err != nil {
			return 0, false, fmt.Errorf("keyword: %w", err)
		}
	}
	return msg.ID, msg.Media != nil && msg.Media.State == "pending", nil
}
