package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/realtime"
)

// MaxTextLength is WhatsApp's text body limit (SMS has its own, 1,600).
const MaxTextLength = 4096

// MessageView is a message with its author's name.
type MessageView struct {
	Message    `bun:",extend"`
	AuthorName *string `bun:"author_name" json:"author_name"`
}

// ListMessages returns a conversation's messages in id order: the newest
// page by default, older ones with before, newer ones with after (catch-up
// after a lost connection).
func (s *Service) ListMessages(ctx context.Context, viewer Viewer, convID, before, after int64, limit int) ([]MessageView, error) {
	if _, err := s.GetConversation(ctx, viewer, convID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var out []MessageView
	q := s.db.NewSelect().TableExpr("messages AS message").ColumnExpr("message.*, u.name AS author_name").
		Join("LEFT JOIN users AS u ON u.id = message.author_id").
		Where("message.conversation_id = ? AND message.account_id = ?", convID, viewer.AccountID)
	switch {
	case after > 0:
		q.Where("message.id > ?", after).OrderExpr("message.id ASC")
	default:
		if before > 0 {
			q.Where("message.id < ?", before)
		}
		q.OrderExpr("message.id DESC")
	}
	if err := q.Limit(int64(limit)).Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("inbox: list messages: %w", err)
	}
	if after <= 0 {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	if out == nil {
		out = []MessageView{}
	}
	return out, nil
}

// OutgoingInput is what an agent sends: text, a private note, or an
// attachment (already stored, see StoreUpload) with an optional caption.
type OutgoingInput struct {
	Kind      string `json:"kind"` // "text" or "note"; attachments set Media
	Body      string `json:"body"`
	ReplyToID *int64 `json:"reply_to_id"`
	Media     *Media `json:"-"`
}

// WindowOpen reports whether free-form messages may be sent now.
func (s *Service) WindowOpen(c ConversationView) bool {
	if c.ChannelKind == KindSMS {
		return true
	}
	return c.WindowExpiresAt != nil && s.now().Before(*c.WindowExpiresAt)
}

// MaxSMSLength is the longest SMS body the provider takes (it splits it
// into segments).
const MaxSMSLength = 1600

// ErrWindowClosed refuses free-form WhatsApp messages outside the window.
var ErrWindowClosed = apperror.Invalid("window_closed",
	"the 24-hour window is closed: the contact has not written in the last 24 hours, so only an approved template can be sent")

// SendMessage stores an agent's message and queues it for delivery; notes
// are stored only.
func (s *Service) SendMessage(ctx context.Context, viewer Viewer, convID int64, in OutgoingInput) (*MessageView, error) {
	conv, err := s.GetConversation(ctx, viewer, convID)
	if err != nil {
		return nil, err
	}
	in.Body = strings.TrimRight(in.Body, " \n\t")
	var v apperror.Validation
	if in.Media == nil {
		v.Check(in.Kind == KindText || in.Kind == KindNote, "kind", "must be text or note")
		v.Check(strings.TrimSpace(in.Body) != "", "body", "is required")
	}
	limit := MaxTextLength
	switch {
	case conv.ChannelKind == KindSMS && in.Kind != KindNote:
		limit = MaxSMSLength
	case in.Media != nil:
		limit = 1024 // caption limit
	}
	v.Check(utf8.RuneCountInString(in.Body) <= limit, "body", fmt.Sprintf("must be at most %d characters", limit))
	if err := v.Err(); err != nil {
		return nil, err
	}
	msg := &Message{AccountID: viewer.AccountID, ConversationID: conv.ID, ChannelID: conv.ChannelID,
		Direction: DirOut, Kind: in.Kind, Body: in.Body, Status: MsgQueued, Extra: []byte("{}")}
	if viewer.UserID != 0 {
		msg.AuthorID = &viewer.UserID // API tokens send without a person as author
	}
	if in.Media != nil {
		msg.Kind = mediaKind(in.Media.MIME)
		msg.Media = in.Media
		msg.Media.Caption = in.Body
	}
	if msg.Kind == KindNote {
		msg.Status = MsgSent // a note is done once stored; it never leaves
	} else {
		if err := s.checkCanSend(ctx, conv); err != nil {
			return nil, err
		}
		if !s.WindowOpen(conv) {
			return nil, ErrWindowClosed
		}
	}
	if in.ReplyToID != nil {
		var target Message
		err := s.db.NewSelect().Model(&target).Where("id = ? AND conversation_id = ?", *in.ReplyToID, conv.ID).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, &apperror.Error{Kind: apperror.ErrValidation, Code: "validation_failed",
				Message: "reply_to_id is not a message of this conversation", Fields: map[string]string{"reply_to_id": "is not a message of this conversation"}}
		}
		if err != nil {
			return nil, err
		}
		msg.ReplyToID = &target.ID
		msg.ReplyToProviderID = target.ProviderMessageID
	}
	if err := s.insertOutbound(ctx, viewer, &conv.Conversation, msg); err != nil {
		return nil, err
	}
	return s.withAuthor(ctx, s.db, msg), nil
}

func (s *Service) withAuthor(ctx context.Context, db bun.IDB, msg *Message) *MessageView {
	mv := &MessageView{Message: *msg}
	if msg.AuthorID != nil {
		var name string
		if err := db.NewSelect().TableExpr("users").Column("name").Where("id = ?", *msg.AuthorID).Scan(ctx, &name); err == nil {
			mv.AuthorName = &name
		}
	}
	return mv
}

// RetryMessage queues a failed message again.
func (s *Service) RetryMessage(ctx context.Context, viewer Viewer, id int64) (*MessageView, error) {
	var msg Message
	err := s.db.NewSelect().Model(&msg).Where("id = ? AND account_id = ?", id, viewer.AccountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("message")
	}
	if err != nil {
		return nil, err
	}
	conv, err := s.GetConversation(ctx, viewer, msg.ConversationID)
	if err != nil {
		return nil, err
	}
	if msg.Direction != DirOut || (msg.Status != MsgFailed && msg.Status != MsgUnknown) {
		return nil, apperror.Invalid("not_retryable", "only failed messages can be retried")
	}
	if msg.Kind != KindTemplate && !s.WindowOpen(conv) {
		return nil, ErrWindowClosed
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewUpdate().Model(&msg).Set("status = 'queued', error_code = '', error_title = '', status_at = now()").
			WherePK().Returning("*").Scan(ctx); err != nil {
			return err
		}
		return s.publish(ctx, tx, realtime.TypeMessageUpdated, viewer.AccountID, audienceOf(&conv.Conversation), s.withAuthor(ctx, tx, &msg))
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: retry: %w", err)
	}
	if err := s.jobs.EnqueueSend(ctx, msg.ID); err != nil {
		s.log.Warn("enqueue send (the sweeper retries)", "message_id", msg.ID, "err", err)
	}
	return s.withAuthor(ctx, s.db, &msg), nil
}

func mediaKind(mime string) string {
	switch {
	case strings.HasPrefix(mime, "image/webp"):
		return "sticker"
	case strings.HasPrefix(mime, "image/"):
		return "image"
	case strings.HasPrefix(mime, "video/"):
		return "video"
	case strings.HasPrefix(mime, "audio/"):
		return "audio"
	}
	return "document"
}
