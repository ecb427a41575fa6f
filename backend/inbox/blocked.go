package inbox

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/channels"
	"switchboard/backend/consent"
)

// ingestBlocked keeps a message from a blocked contact on the contact
// without opening a conversation: it lands in the contact's latest
// conversation on this channel and number, or in a new one created
// resolved, and nobody is notified, nothing is routed or auto-replied.
// STOP/START keywords are still recorded (consent is kept by number).
func (s *Service) ingestBlocked(ctx context.Context, tx bun.Tx, ch *Channel, snd *Sender, contact *Contact, m *channels.InboundMessage, at time.Time) (int64, bool, error) {
	conv, err := s.quietConversation(ctx, tx, ch, snd, contact, at)
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
	kw, st, err := s.keywordOf(ctx, tx, ch.AccountID, m)
	if err != nil {
		return 0, false, err
	}
	if kw.Kind != consent.NotAKeyword {
		// The effect on consent and groups holds; no answer goes out.
		if _, _, err := s.applyKeyword(ctx, tx, ch, snd, contact, kw, st); err != nil {
			return 0, false, fmt.Errorf("keyword: %w", err)
		}
	}
	return msg.ID, msg.Media != nil && msg.Media.State == "pending", nil
}
