package inbox

import (
	"context"

	"github.com/uptrace/bun"

	"switchboard/backend/realtime"
)

// SendAutoReply sends an automatic text (e.g. the out-of-hours reply) into
// a conversation; it has no author and obeys the window and opt-outs.
func (s *Service) SendAutoReply(ctx context.Context, accountID, convID int64, text string) error {
	viewer := Viewer{AccountID: accountID}
	conv, err := s.GetConversation(ctx, viewer, convID)
	if err != nil {
		return err
	}
	if err := s.checkCanSend(ctx, conv); err != nil {
		return err
	}
	if !s.WindowOpen(conv) {
		return ErrWindowClosed
	}
	msg := &Message{AccountID: accountID, ConversationID: conv.ID, ChannelID: conv.ChannelID, Direction: DirOut,
		Kind: KindText, Body: text, Status: MsgQueued, Extra: mustJSON(map[string]any{"auto": true})}
	return s.insertOutbound(ctx, viewer, &conv.Conversation, msg)
}

// AddSystemNote adds a private note to a conversation within tx (a
// transfer's note, for the agent who receives it).
func (s *Service) AddSystemNote(ctx context.Context, tx bun.IDB, viewer Viewer, convID int64, text string) error {
	msg := &Message{AccountID: viewer.AccountID, ConversationID: convID, Direction: DirOut, Kind: KindNote,
		Body: text, Status: MsgSent, Extra: mustJSON(map[string]any{"transfer": true})}
	if err := tx.NewSelect().TableExpr("conversations").Column("channel_id").Where("id = ?", convID).Scan(ctx, &msg.ChannelID); err != nil {
		return err
	}
	if viewer.UserID != 0 {
		msg.AuthorID = &viewer.UserID
	}
	if _, err := tx.NewInsert().Model(msg).Returning("*").Exec(ctx); err != nil {
		return err
	}
	var conv Conversation
	if err := tx.NewSelect().Model(&conv).Where("id = ?", convID).Scan(ctx); err != nil {
		return err
	}
	return s.publish(ctx, tx, realtime.TypeMessageCreated, viewer.AccountID, audienceOf(&conv), s.withAuthor(ctx, tx, msg))
}
