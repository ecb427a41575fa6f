package inbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/channels"
	"switchboard/backend/realtime"
)

// DeliveryOutcome tells the job queue what to do after an attempt.
type DeliveryOutcome int

const (
	// Delivered or settled (sent, failed permanently, nothing to do).
	Settled DeliveryOutcome = iota
	// RetryLater: a transient failure; the job retries with backoff.
	RetryLater
)

type deliveryTarget struct {
	msg     Message
	conv    Conversation
	channel Channel
	sender  Sender
	contact Contact
}

func (s *Service) loadTarget(ctx context.Context, messageID int64) (*deliveryTarget, error) {
	t := &deliveryTarget{}
	if err := s.db.NewSelect().Model(&t.msg).Where("id = ?", messageID).Scan(ctx); err != nil {
		return nil, err
	}
	if err := s.db.NewSelect().Model(&t.conv).Where("id = ?", t.msg.ConversationID).Scan(ctx); err != nil {
		return nil, err
	}
	if err := s.db.NewSelect().Model(&t.channel).Where("id = ?", t.conv.ChannelID).Scan(ctx); err != nil {
		return nil, err
	}
	if err := s.db.NewSelect().Model(&t.sender).Where("id = ?", t.conv.SenderID).Scan(ctx); err != nil {
		return nil, err
	}
	if err := s.db.NewSelect().Model(&t.contact).Where("id = ?", t.conv.ContactID).Scan(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *deliveryTarget) recipient() string {
	if t.channel.Kind == KindSMS {
		if t.contact.SMSNumber != nil {
			return *t.contact.SMSNumber
		}
	}
	if t.contact.WhatsAppNumber != nil {
		return *t.contact.WhatsAppNumber
	}
	if t.contact.SMSNumber != nil {
		return *t.contact.SMSNumber
	}
	return ""
}

// Deliver hands a queued message to its channel's provider. lastAttempt
// says whether the job queue will try again after a transient failure; on
// the last attempt the message is marked failed with the reason.
func (s *Service) Deliver(ctx context.Context, messageID int64, lastAttempt bool) (DeliveryOutcome, error) {
	t, err := s.loadTarget(ctx, messageID)
	if errors.Is(err, sql.ErrNoRows) {
		return Settled, nil // deleted with its conversation
	}
	if err != nil {
		return RetryLater, err
	}
	if t.msg.Direction != DirOut || t.msg.Status != MsgQueued {
		return Settled, nil // already handled by an earlier run
	}
	adapter := s.adapters[t.channel.Kind]
	if adapter == nil {
		return Settled, s.markFailed(ctx, t, "unsupported_channel", "this channel kind cannot send")
	}
	if !t.channel.Enabled {
		return Settled, s.markFailed(ctx, t, "channel_disabled", "the channel was disabled before the message was sent")
	}
	to := t.recipient()
	if to == "" {
		return Settled, s.markFailed(ctx, t, "no_number", "the contact has no number for this channel")
	}
	if t.contact.Blocked {
		return Settled, s.markFailed(ctx, t, "contact_blocked", "the contact was blocked before the message was sent")
	}
	if err := s.checkConsent(ctx, s.db, t.msg.AccountID, t.channel.ID, t.sender.ID, t.contact.ID, t.channel.Kind,
		t.contact.WhatsAppNumber, t.contact.SMSNumber, isConfirmation(t.msg.Extra)); err != nil {
		var refused *apperror.Error
		if errors.As(err, &refused) {
			return Settled, s.markFailed(ctx, t, refused.Code, refused.Message)
		}
		return RetryLater, err
	}
	creds := s.credentials(&t.channel)
	out := s.outboundBase(&t.channel, &t.sender, to)
	out.Text = t.msg.Body
	if t.msg.ReplyToProviderID != nil {
		out.ReplyTo = *t.msg.ReplyToProviderID
	}
	switch {
	case t.msg.Media != nil && t.channel.Kind == KindSMS:
		link, err := s.publicMediaLink(ctx, &t.msg)
		if err != nil {
			return RetryLater, err
		}
		out.Type, out.MediaURLs = channels.OutText, []string{link}
	case t.msg.Media != nil:
		out.Type = channels.OutboundType(t.msg.Kind)
		if t.msg.Media.ProviderID == "" {
			id, err := s.uploadToProvider(ctx, adapter, creds, t)
			if err != nil {
				return s.sendFailed(ctx, t, err, lastAttempt)
			}
			t.msg.Media.ProviderID = id
		}
		out.Text = ""
		out.Media = &channels.OutboundMedia{ProviderID: t.msg.Media.ProviderID, Caption: t.msg.Media.Caption,
			Filename: t.msg.Media.Filename, MIME: t.msg.Media.MIME}
		if out.Type == channels.OutAudio || out.Type == channels.OutSticker {
			out.Media.Caption = ""
		}
		if out.Type != channels.OutDocument {
			out.Media.Filename = ""
		}
	case t.msg.Kind == KindTemplate:
		tpl, err := decodeTemplate(t.msg.Extra)
		if err != nil {
			return Settled, s.markFailed(ctx, t, "bad_template", err.Error())
		}
		out.Type, out.Template, out.Text = channels.OutTemplate, tpl, ""
	default:
		out.Type = channels.OutText
		out.PreviewURL = strings.Contains(t.msg.Body, "https://") || strings.Contains(t.msg.Body, "http://")
	}
	res, err := adapter.Send(ctx, creds, out)
	if err != nil {
		return s.sendFailed(ctx, t, err, lastAttempt)
	}
	if err := s.markSent(ctx, t, res); err != nil {
		return Settled, err
	}
	if t.channel.Kind == KindSandbox {
		return Settled, s.sandboxDelivered(ctx, &t.channel, res.ProviderMessageID, to)
	}
	return Settled, nil
}

func (s *Service) uploadToProvider(ctx context.Context, adapter channels.Adapter, creds channels.Credentials, t *deliveryTarget) (string, error) {
	rc, _, err := s.store.Open(ctx, t.msg.Media.Key)
	if err != nil {
		return "", &channels.SendError{Provider: t.channel.Kind, Code: "media_missing", Title: "the attachment is no longer stored", Permanent: true}
	}
	defer rc.Close()
	id, err := adapter.UploadMedia(ctx, creds, t.sender.ProviderID, t.msg.Media.Filename, t.msg.Media.MIME, rc)
	if err != nil {
		return "", err
	}
	// Keep the provider's media id so a retry does not upload again.
	m := *t.msg.Media
	m.ProviderID = id
	_, err = s.db.NewUpdate().Model((*Message)(nil)).Set("media = ?", &m).Where("id = ?", t.msg.ID).Exec(ctx)
	return id, err
}

func (s *Service) sendFailed(ctx context.Context, t *deliveryTarget, err error, lastAttempt bool) (DeliveryOutcome, error) {
	se, ok := channels.AsSendError(err)
	if ok && (se.Code == "21610" || se.Code == "131050") {
		// The provider knows the number opted out: remember it.
		if err := s.recordProviderOptOut(ctx, t, se.Code); err != nil {
			return RetryLater, err
		}
	}
	if ok && se.Permanent {
		title := se.Title
		if title == "" {
			title = se.Message
		}
		if se.Details != "" {
			title += ": " + se.Details
		}
		return Settled, s.markFailed(ctx, t, se.Code, title)
	}
	if !ok && errors.Is(err, channels.ErrInvalidMessage) {
		return Settled, s.markFailed(ctx, t, "invalid_message", err.Error())
	}
	if lastAttempt {
		code := "transient"
		if ok && se.Code != "" {
			code = se.Code
		}
		return Settled, s.markFailed(ctx, t, code, "gave up after repeated temporary failures: "+err.Error())
	}
	class := "transient"
	if ok && se.Code != "" {
		class = se.Code
	}
	s.countSend(t.channel.Kind, "retry", class)
	return RetryLater, err
}

func (s *Service) markFailed(ctx context.Context, t *deliveryTarget, code, title string) error {
	s.countSend(t.channel.Kind, "failed", code)
	if len(title) > 500 {
		title = title[:500]
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		msg := new(Message)
		res, err := tx.NewRaw(`UPDATE messages SET status = 'failed', error_code = ?, error_title = ?, status_at = now()
			WHERE id = ? AND status = 'queued' RETURNING *`, code, title, t.msg.ID).Exec(ctx, msg)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.publish(ctx, tx, realtime.TypeMessageUpdated, msg.AccountID, audienceOf(&t.conv), s.withAuthor(ctx, tx, msg))
	})
}

func (s *Service) markSent(ctx context.Context, t *deliveryTarget, res channels.SendResult) error {
	s.countSend(t.channel.Kind, "sent", "")
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		msg := new(Message)
		_, err := tx.NewRaw(`UPDATE messages SET status = 'sent', provider_message_id = ?, status_at = now(), provider_at = now()
			WHERE id = ? RETURNING *`, res.ProviderMessageID, t.msg.ID).Exec(ctx, msg)
		if err != nil {
			return fmt.Errorf("record send: %w", err)
		}
		if err := s.publish(ctx, tx, realtime.TypeMessageUpdated, msg.AccountID, audienceOf(&t.conv), s.withAuthor(ctx, tx, msg)); err != nil {
			return err
		}
		if msg.ProviderMessageID != nil {
			return s.applyEarlyStatuses(ctx, tx, msg)
		}
		return nil
	})
}

// FetchInboundMedia downloads an inbound message's attachment from the
// provider into the object store. Failures are retried by the job queue;
// the message shows the media as pending meanwhile.
func (s *Service) FetchInboundMedia(ctx context.Context, messageID int64, lastAttempt bool) error {
	t, err := s.loadTarget(ctx, messageID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	m := t.msg.Media
	if m == nil || m.State != "pending" {
		return nil
	}
	adapter := s.adapters[t.channel.Kind]
	if adapter == nil {
		return nil
	}
	body, ctype, size, err := adapter.FetchMedia(ctx, s.credentials(&t.channel),
		channels.MediaRef{ProviderID: m.ProviderID, MIMEType: m.MIME, SHA256: m.SHA256, Filename: m.Filename, URL: m.URL})
	if err == nil {
		defer body.Close()
		if ctype == "" {
			ctype = m.MIME
		}
		key := MediaKey(t.msg.AccountID, "in", m.Filename+extFor(ctype))
		if err = s.store.Put(ctx, key, body, size, ctype); err == nil {
			var obj struct{ Size int64 }
			if st, serr := s.store.Stat(ctx, key); serr == nil {
				obj.Size = st.Size
			}
			nm := *m
			nm.Key, nm.MIME, nm.Size, nm.State, nm.Error = key, ctype, obj.Size, "ready", ""
			return s.updateMedia(ctx, t, &nm)
		}
	}
	if lastAttempt {
		nm := *m
		nm.State, nm.Error = "failed", "the attachment could not be downloaded from the provider"
		if uerr := s.updateMedia(ctx, t, &nm); uerr != nil {
			return uerr
		}
		return nil
	}
	return err
}

func extFor(ctype string) string {
	switch {
	case strings.HasPrefix(ctype, "image/jpeg"):
		return ".jpg"
	case strings.HasPrefix(ctype, "image/png"):
		return ".png"
	case strings.HasPrefix(ctype, "image/webp"):
		return ".webp"
	case strings.HasPrefix(ctype, "audio/ogg"):
		return ".ogg"
	case strings.HasPrefix(ctype, "video/mp4"):
		return ".mp4"
	case strings.HasPrefix(ctype, "application/pdf"):
		return ".pdf"
	}
	return ""
}

func (s *Service) updateMedia(ctx context.Context, t *deliveryTarget, m *Media) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		msg := new(Message)
		if _, err := tx.NewRaw(`UPDATE messages SET media = ? WHERE id = ? RETURNING *`, m, t.msg.ID).Exec(ctx, msg); err != nil {
			return err
		}
		return s.publish(ctx, tx, realtime.TypeMessageUpdated, msg.AccountID, audienceOf(&t.conv), s.withAuthor(ctx, tx, msg))
	})
}

// Sweep re-enqueues work a crash may have left without a job: messages
// still queued and media still pending. Jobs are unique per message, so
// sweeping what already has a job does nothing.
func (s *Service) Sweep(ctx context.Context, olderThan time.Duration) error {
	var queued, pending []int64
	cutoff := s.now().Add(-olderThan)
	if err := s.db.NewSelect().Model((*Message)(nil)).Column("id").
		Where("direction = 'out' AND status = 'queued' AND created_at < ?", cutoff).Limit(1000).Scan(ctx, &queued); err != nil {
		return err
	}
	if err := s.db.NewSelect().Model((*Message)(nil)).Column("id").
		Where("direction = 'in' AND media->>'state' = 'pending' AND created_at < ?", cutoff).Limit(1000).Scan(ctx, &pending); err != nil {
		return err
	}
	for _, id := range queued {
		if err := s.jobs.EnqueueSend(ctx, id); err != nil {
			return err
		}
	}
	for _, id := range pending {
		if err := s.jobs.EnqueueMediaFetch(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// isConfirmation reports whether a message is the one answer to a keyword,
// which the consent check always lets through.
func isConfirmation(extra []byte) bool {
	var e struct {
		Confirmation bool `json:"confirmation"`
	}
	return json.Unmarshal(extra, &e) == nil && e.Confirmation
}
