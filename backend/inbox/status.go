package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/channels"
	"switchboard/backend/consent"
	"switchboard/backend/phone"
	"switchboard/backend/realtime"
)

// statusName maps a provider status onto the message statuses we keep.
func statusName(s channels.Status) string {
	switch s {
	case channels.StatusSent:
		return MsgSent
	case channels.StatusDelivered:
		return MsgDelivered
	case channels.StatusRead, channels.StatusPlayed:
		return MsgRead
	case channels.StatusFailed:
		return MsgFailed
	}
	return ""
}

// applyStatus moves an outbound message's status forward, never back. A
// status for a message whose send has not been recorded yet is kept and
// applied when it is.
func (s *Service) applyStatus(ctx context.Context, tx bun.IDB, ch *Channel, st *channels.StatusUpdate, afterCommit *[]func(context.Context)) error {
	name := statusName(st.Status)
	if name == "" || st.ProviderMessageID == "" {
		return nil
	}
	var code, title string
	if len(st.Errors) > 0 {
		code, title = st.Errors[0].Code, st.Errors[0].Title
		if st.Errors[0].Details != "" {
			title += ": " + st.Errors[0].Details
		}
	}
	at := st.Timestamp
	if at.IsZero() {
		at = s.now()
	}
	if name == MsgFailed && code == "131050" && st.Recipient != "" {
		// The user stopped marketing messages: an opt-out, kept by number.
		if number, err := phone.Normalize(st.Recipient, ""); err == nil {
			if _, _, err := s.consent.Apply(ctx, tx, ch.AccountID, consent.Change{Number: number,
				ChannelKind: consent.KindOf(ch.Kind), State: consent.Revoked, Source: consent.SourceProvider, Detail: code}); err != nil {
				return err
			}
		}
	}
	// A campaign send's recipient follows the statuses too; a direct-mode
	// send has no message, so nothing more is kept for it.
	var campaignRows []struct {
		CampaignID int64  `bun:"campaign_id"`
		MessageID  *int64 `bun:"message_id"`
	}
	if err := tx.NewRaw(`UPDATE campaign_recipients SET
			delivered_at = CASE WHEN ?0 IN ('delivered', 'read') THEN coalesce(delivered_at, ?1) ELSE delivered_at END,
			read_at = CASE WHEN ?0 = 'read' THEN coalesce(read_at, ?1) ELSE read_at END,
			status = CASE WHEN ?0 = 'failed' AND status = 'sent' THEN 'failed' ELSE status END,
			reason = CASE WHEN ?0 = 'failed' AND status = 'sent' THEN ?2 ELSE reason END,
			reason_message = CASE WHEN ?0 = 'failed' AND status = 'sent' THEN ?3 ELSE reason_message END,
			failed_at = CASE WHEN ?0 = 'failed' AND status = 'sent' THEN ?1 ELSE failed_at END, updated_at = now()
		WHERE provider_message_id = ?4 AND account_id = ?5 RETURNING campaign_id, message_id`,
		name, at, code, title, st.ProviderMessageID, ch.AccountID).Scan(ctx, &campaignRows); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("campaign recipient status: %w", err)
	}
	if len(campaignRows) > 0 {
		ids := make([]int64, len(campaignRows))
		for i, r := range campaignRows {
			ids[i] = r.CampaignID
		}
		s.notifyCampaignsAfter(afterCommit, ids)
	}
	if len(campaignRows) == 1 && campaignRows[0].MessageID == nil {
		return nil
	}
	updated, err := s.advanceStatus(ctx, tx, ch.ID, st.ProviderMessageID, name, code, title, at)
	if err != nil || updated {
		return err
	}
	exists, err := tx.NewSelect().Model((*Message)(nil)).
		Where("channel_id = ? AND provider_message_id = ?", ch.ID, st.ProviderMessageID).Exists(ctx)
	if err != nil || exists {
		return err
	}
	_, err = tx.NewInsert().TableExpr("early_statuses").Model(&map[string]any{
		"channel_id": ch.ID, "provider_message_id": st.ProviderMessageID, "status": name,
		"error_code": code, "error_title": title, "at": at,
	}).On("CONFLICT DO NOTHING").Exec(ctx)
	return err
}

// advanceStatus sets the status when it ranks higher than the current one
// and publishes message.updated. It reports whether the message changed.
func (s *Service) advanceStatus(ctx context.Context, tx bun.IDB, channelID int64, providerID, status, code, title string, at time.Time) (bool, error) {
	msg := new(Message)
	res, err := tx.NewRaw(`UPDATE messages SET status = ?, status_at = ?,
			error_code = CASE WHEN ? = 'failed' THEN ? ELSE error_code END,
			error_title = CASE WHEN ? = 'failed' THEN ? ELSE error_title END
		WHERE channel_id = ? AND provider_message_id = ? AND direction = 'out'
		  AND message_status_rank(status) < message_status_rank(?)
		RETURNING *`, status, at, status, code, status, title, channelID, providerID, status).Exec(ctx, msg)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("advance status: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	conv := new(Conversation)
	if err := tx.NewSelect().Model(conv).Where("id = ?", msg.ConversationID).Scan(ctx); err != nil {
		return false, err
	}
	return true, s.publish(ctx, tx, realtime.TypeMessageUpdated, msg.AccountID, audienceOf(conv), s.withAuthor(ctx, tx, msg))
}

// applyEarlyStatuses applies statuses that arrived before the provider id
// of msg was recorded.
func (s *Service) applyEarlyStatuses(ctx context.Context, tx bun.IDB, msg *Message) error {
	var early []struct {
		Status     string    `bun:"status"`
		ErrorCode  string    `bun:"error_code"`
		ErrorTitle string    `bun:"error_title"`
		At         time.Time `bun:"at"`
	}
	err := tx.NewRaw(`DELETE FROM early_statuses WHERE channel_id = ? AND provider_message_id = ?
		RETURNING status, error_code, error_title, at`, msg.ChannelID, *msg.ProviderMessageID).Scan(ctx, &early)
	if err != nil {
		return err
	}
	for _, e := range early {
		if _, err := s.advanceStatus(ctx, tx, msg.ChannelID, *msg.ProviderMessageID, e.Status, e.ErrorCode, e.ErrorTitle, e.At); err != nil {
			return err
		}
	}
	return nil
}
