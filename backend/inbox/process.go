package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/channels"
	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/phone"
	"switchboard/backend/realtime"
)

// RunProcessors processes stored webhooks with n workers until ctx ends. A
// webhook stored on this instance wakes them at once; webhooks stored by
// other instances or left over from a crash are found by polling.
func (s *Service) RunProcessors(ctx context.Context, n int) {
	done := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			defer func() { done <- struct{}{} }()
			poll := time.NewTicker(time.Second)
			defer poll.Stop()
			for ctx.Err() == nil {
				worked, err := s.ProcessNext(ctx)
				if err != nil && ctx.Err() == nil {
					s.log.Error("webhook processing", "err", err)
				}
				if worked {
					continue
				}
				select {
				case <-ctx.Done():
				case <-s.wake:
				case <-poll.C:
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		<-done
	}
}

// errChannelDisabled holds a webhook whose channel is disabled: stored, as
// it was acknowledged, but neither routed nor notified until the channel is
// enabled again (UpdateChannel releases it).
var errChannelDisabled = errors.New("inbox: channel is disabled")

// ProcessNext claims and processes one stored webhook. It reports whether
// there was one. A webhook that fails is retried later with backoff and
// never dropped.
func (s *Service) ProcessNext(ctx context.Context) (bool, error) {
	var ev WebhookEvent
	var media []int64
	var after []func(context.Context)
	var procErr error
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		err := tx.NewSelect().Model(&ev).
			Where("processed_at IS NULL AND next_attempt_at <= now()").
			// The order of webhook_events_pending_idx, so the claim reads
			// only pending rows (processed ones are kept for a month).
			OrderExpr("next_attempt_at, id").Limit(1).For("UPDATE SKIP LOCKED").Scan(ctx)
		if err != nil {
			return err
		}
		// Process inside a savepoint so a failure can still record the attempt.
		procErr = tx.RunInTx(ctx, nil, func(ctx context.Context, sp bun.Tx) error {
			var err error
			after = after[:0]
			media, err = s.processEvent(ctx, sp, &ev, &after)
			return err
		})
		if errors.Is(procErr, errChannelDisabled) {
			// Kept, not processed: UpdateChannel releases it. 'infinity'
			// keeps it out of the claim index's way meanwhile.
			_, err = tx.NewUpdate().Model(&ev).Set("held_at = now()").
				Set("next_attempt_at = 'infinity'").WherePK().Exec(ctx)
			return err
		}
		if procErr != nil {
			backoff := time.Duration(1<<min(ev.Attempts, 12)) * time.Second
			_, err = tx.NewUpdate().Model(&ev).Set("attempts = attempts + 1").
				Set("next_attempt_at = now() + ?::interval", fmt.Sprintf("%d seconds", int(backoff.Seconds()))).
				Set("last_error = ?", procErr.Error()).WherePK().Exec(ctx)
			return err
		}
		_, err = tx.NewUpdate().Model(&ev).Set("processed_at = now()").Set("attempts = attempts + 1").WherePK().Exec(ctx)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("inbox: process webhook: %w", err)
	}
	if errors.Is(procErr, errChannelDisabled) {
		s.metrics.held.Inc()
		s.log.Info("webhook held until its channel is enabled", "webhook_id", ev.ID, "channel_id", ev.ChannelID)
		return true, nil
	}
	if procErr != nil {
		s.metrics.failed.Inc()
		s.log.Warn("webhook will be retried", "webhook_id", ev.ID, "attempts", ev.Attempts+1, "err", procErr)
		return true, nil
	}
	s.metrics.processed.Inc()
	if ev.Attempts > 0 {
		s.metrics.retried.Inc()
	}
	for _, f := range after {
		f(ctx)
	}
	for _, id := range media {
		if err := s.jobs.EnqueueMediaFetch(ctx, id); err != nil {
			s.log.Warn("enqueue media fetch (the sweeper retries)", "message_id", id, "err", err)
		}
	}
	return true, nil
}

// processEvent applies one stored webhook; it returns the ids of messages
// whose media must be fetched.
func (s *Service) processEvent(ctx context.Context, tx bun.Tx, ev *WebhookEvent, afterCommit *[]func(context.Context)) ([]int64, error) {
	batch, err := parseStored(ev.Provider, ev.Payload)
	if err != nil {
		return nil, err
	}
	ch := new(Channel)
	if err := tx.NewSelect().Model(ch).Relation("Senders").Where("channel.id = ?", ev.ChannelID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("channel %d: %w", ev.ChannelID, err)
	}
	if !ch.Enabled {
		return nil, errChannelDisabled
	}
	var media []int64
	for i := range batch.Messages {
		id, needsMedia, err := s.ingestMessage(ctx, tx, ch, &batch.Messages[i], afterCommit)
		if err != nil {
			return nil, fmt.Errorf("message %s: %w", batch.Messages[i].ProviderMessageID, err)
		}
		if needsMedia {
			media = append(media, id)
		}
	}
	for i := range batch.Statuses {
		if err := s.applyStatus(ctx, tx, ch, &batch.Statuses[i], afterCommit); err != nil {
			return nil, fmt.Errorf("status %s: %w", batch.Statuses[i].ProviderMessageID, err)
		}
	}
	for _, c := range batch.Changes {
		if c.Field == "user_preferences" {
			if err := s.applyUserPreferences(ctx, tx, ch, c.Value); err != nil {
				return nil, fmt.Errorf("user preferences: %w", err)
			}
		}
	}
	for _, e := range batch.Errors {
		s.log.Warn("provider reported an error", "channel_id", ch.ID, "code", e.Code, "title", e.Title, "details", e.Details)
	}
	return media, nil
}

// senderFor finds (or registers) the sender number a message arrived at.
func (s *Service) senderFor(ctx context.Context, tx bun.IDB, ch *Channel, biz channels.Endpoint) (*Sender, error) {
	for _, snd := range ch.Senders {
		if biz.PhoneNumberID != "" && snd.ProviderID == biz.PhoneNumberID {
			return snd, nil
		}
	}
	if display, err := phone.Normalize(biz.DisplayNumber, ""); err == nil {
		for _, snd := range ch.Senders {
			if snd.PhoneNumber == display {
				return snd, nil
			}
		}
		// A number the provider routes to this channel but nobody listed:
		// keep the message and register the number.
		snd := &Sender{AccountID: ch.AccountID, ChannelID: ch.ID, PhoneNumber: display, ProviderID: biz.PhoneNumberID}
		_, err := tx.NewInsert().Model(snd).On("CONFLICT (channel_id, phone_number) DO UPDATE").
			Set("provider_id = CASE WHEN sender.provider_id = '' THEN EXCLUDED.provider_id ELSE sender.provider_id END").
			Returning("*").Exec(ctx)
		if err != nil {
			return nil, err
		}
		ch.Senders = append(ch.Senders, snd)
		return snd, nil
	}
	if len(ch.Senders) > 0 {
		return ch.Senders[0], nil
	}
	return nil, errors.New("channel has no sender number")
}

// upsertContact finds or creates the contact a message comes from and
// keeps its chat times current (contacts.UpsertInboundTx: a message from a
// number known in the other field extends that contact).
func (s *Service) upsertContact(ctx context.Context, tx bun.IDB, accountID int64, kind string, m *channels.InboundMessage, at time.Time) (*Contact, bool, error) {
	in := contacts.Inbound{AccountID: accountID, Field: contacts.FieldWhatsApp, ProfileName: m.ProfileName, At: at}
	if kind == KindSMS {
		in.Field = contacts.FieldSMS
	}
	if m.From != "" {
		n, err := phone.Normalize(m.From, "")
		if err != nil {
			n = "+" + strings.TrimPrefix(m.From, "+")
		}
		in.Number = &n
	}
	if m.FromUserID != "" {
		in.UserID = &m.FromUserID
	}
	return contacts.UpsertInboundTx(ctx, tx, in)
}

// ingestMessage stores one inbound message once, in the contact's current
// conversation on that channel and number (opening one if needed).
func (s *Service) ingestMessage(ctx context.Context, tx bun.Tx, ch *Channel, m *channels.InboundMessage, afterCommit *[]func(context.Context)) (int64, bool, error) {
	if m.ProviderMessageID != "" {
		dup, err := tx.NewSelect().Model((*Message)(nil)).
			Where("channel_id = ? AND provider_message_id = ?", ch.ID, m.ProviderMessageID).Exists(ctx)
		if err != nil || dup {
			return 0, false, err
		}
	}
	snd, err := s.senderFor(ctx, tx, ch, m.Business)
	if err != nil {
		return 0, false, err
	}
	at := m.Timestamp
	if at.IsZero() {
		at = s.now()
	}
	contact, contactChanged, err := s.upsertContact(ctx, tx, ch.AccountID, ch.Kind, m, at)
	if err != nil {
		return 0, false, err
	}
	if contact.Blocked {
		return s.ingestBlocked(ctx, tx, ch, snd, contact, m, at)
	}
	kw, st, err := s.keywordOf(ctx, tx, ch.AccountID, m)
	if err != nil {
		return 0, false, err
	}
	if kw.Kind != consent.NotAKeyword {
		id, err := s.ingestKeyword(ctx, tx, ch, snd, contact, m, at, kw, st, afterCommit)
		return id, false, err
	}
	if err := s.optInByMessage(ctx, tx, ch, snd, contact, st); err != nil {
		return 0, false, fmt.Errorf("opt-in: %w", err)
	}
	conv := new(Conversation)
	err = tx.NewRaw(`INSERT INTO conversations (account_id, contact_id, channel_id, sender_id, status, last_message_at)
		VALUES (?, ?, ?, ?, 'open', ?)
		ON CONFLICT (account_id, contact_id, channel_id, sender_id) WHERE status <> 'resolved'
		DO UPDATE SET updated_at = conversations.updated_at
		RETURNING *, (xmax = 0) AS created`, ch.AccountID, contact.ID, ch.ID, snd.ID, at).Scan(ctx, conv)
	if err != nil {
		return 0, false, fmt.Errorf("conversation: %w", err)
	}
	created := conv.Created
	if created && s.router != nil {
		after, err := s.router.RouteNew(ctx, tx, ch.AccountID, conv.ID, snd.ID)
		if err != nil {
			return 0, false, fmt.Errorf("route: %w", err)
		}
		if after != nil {
			*afterCommit = append(*afterCommit, after)
		}
	}

	msg := inboundToMessage(ch, conv, m, at)
	if m.Context != nil && m.Context.QuotedMessageID != "" && msg.ReplyToProviderID == nil {
		msg.ReplyToProviderID = &m.Context.QuotedMessageID
	}
	if msg.ReplyToProviderID != nil {
		var target int64
		err := tx.NewSelect().Model((*Message)(nil)).Column("id").
			Where("channel_id = ? AND provider_message_id = ?", ch.ID, *msg.ReplyToProviderID).Scan(ctx, &target)
		if err == nil {
			msg.ReplyToID = &target
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, false, err
		}
	}
	res, err := tx.NewInsert().Model(msg).On("CONFLICT (channel_id, provider_message_id) DO NOTHING").Returning("*").Exec(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("insert: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, false, nil // a concurrent delivery of the same message won
	}
	// A reply within 7 days of a campaign send to the number links back to
	// the newest such send.
	if number := consentNumber(ch.Kind, contact.WhatsAppNumber, contact.SMSNumber); number != "" {
		var replied []int64
		if err := tx.NewRaw(`UPDATE campaign_recipients SET replied_at = ?, updated_at = now()
			WHERE id = (SELECT id FROM campaign_recipients WHERE account_id = ? AND number = ? AND sent_at > ?::timestamptz - interval '7 days'
				ORDER BY sent_at DESC LIMIT 1) AND replied_at IS NULL RETURNING campaign_id`, at, ch.AccountID, number, at).Scan(ctx, &replied); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, false, fmt.Errorf("campaign reply: %w", err)
		}
		s.notifyCampaignsAfter(afterCommit, replied)
	}

	if msg.Kind != KindReaction {
		err = tx.NewRaw(`UPDATE conversations SET
			last_message_at = greatest(last_message_at, ?),
			last_message_preview = ?,
			last_inbound_at = greatest(coalesce(last_inbound_at, ?), ?),
			unread_count = unread_count + 1,
			status = CASE WHEN status IN ('snoozed', 'pending') THEN 'open' ELSE status END,
			snoozed_until = CASE WHEN status IN ('snoozed', 'pending') THEN NULL ELSE snoozed_until END,
			updated_at = now()
			WHERE id = ? RETURNING *`, at, preview(msg), at, at, conv.ID).Scan(ctx, conv)
		if err != nil {
			return 0, false, fmt.Errorf("conversation update: %w", err)
		}
	}
	if contactChanged {
		if err := s.publish(ctx, tx, realtime.TypeContactUpdated, ch.AccountID, realtime.Audience{}, contact); err != nil {
			return 0, false, err
		}
	}
	typ := realtime.TypeConversationUpdated
	if created {
		typ = realtime.TypeConversationCreated
	}
	if err := s.publishConversation(ctx, tx, typ, ch.AccountID, conv.ID); err != nil {
		return 0, false, err
	}
	if err := s.publish(ctx, tx, realtime.TypeMessageCreated, ch.AccountID, audienceOf(conv), msg); err != nil {
		return 0, false, err
	}
	return msg.ID, msg.Media != nil && msg.Media.State == "pending", nil
}

func inboundToMessage(ch *Channel, conv *Conversation, m *channels.InboundMessage, at time.Time) *Message {
	pid := m.ProviderMessageID
	msg := &Message{AccountID: ch.AccountID, ConversationID: conv.ID, ChannelID: ch.ID, Direction: DirIn,
		Kind: string(m.Type), Status: MsgReceived, ProviderAt: &at, Extra: []byte("{}")}
	if pid != "" {
		msg.ProviderMessageID = &pid
	}
	switch m.Type {
	case channels.TypeText:
		msg.Body = m.Text
	case channels.TypeImage, channels.TypeAudio, channels.TypeVideo, channels.TypeDocument, channels.TypeSticker:
		msg.Body = m.Caption
		if m.Media != nil {
			msg.Media = &Media{ProviderID: m.Media.ProviderID, MIME: m.Media.MIMEType, SHA256: m.Media.SHA256,
				Filename: m.Media.Filename, Caption: m.Caption, URL: m.Media.URL, State: "pending"}
		}
	case channels.TypeLocation:
		if l := m.Location; l != nil {
			msg.Location = &Location{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address, URL: l.URL}
			msg.Body = strings.TrimSpace(l.Name + " " + l.Address)
		}
	case channels.TypeInteractive, channels.TypeButton:
		if r := m.Interactive; r != nil {
			msg.Body = r.Title
			msg.Extra = mustJSON(map[string]any{"interactive": r})
		} else {
			msg.Body = m.Text
		}
	case channels.TypeReaction:
		if r := m.Reaction; r != nil {
			msg.Body = r.Emoji
			msg.ReplyToProviderID = &r.MessageID
		}
	case channels.TypeContacts:
		msg.Extra = mustJSON(map[string]any{"contacts": m.Contacts})
		msg.Body = "contact card"
	default:
		msg.Kind = KindUnsupported
		msg.Extra = mustJSON(map[string]any{"provider_type": m.ProviderType, "raw": m.Raw})
	}
	return msg
}

// preview is the conversation list's one-line summary of msg.
func preview(msg *Message) string {
	p := msg.Body
	switch {
	case msg.Kind == KindUnsupported:
		p = "[unsupported message]"
	case p == "" && msg.Media != nil:
		p = "[" + msg.Kind + "]"
	case msg.Kind == "location" && p == "":
		p = "[location]"
	}
	if r := []rune(p); len(r) > 140 {
		p = string(r[:140])
	}
	return p
}
