package inbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/channels"
	"switchboard/backend/consent"
	"switchboard/backend/groups"
	"switchboard/backend/phone"
	"switchboard/backend/realtime"
)

// KindSystem is a line the desk adds to a conversation (a keyword's effect);
// it is never sent.
const KindSystem = "system"

// Keyword events, in a system line's extra.event (the UI translates them).
const (
	EventStopped    = "consent.stopped"
	EventStarted    = "consent.started"
	EventJoined     = "group.joined"
	EventLeft       = "group.left"
	EventUnknownKey = "keyword.unknown"
)

// consentNumber is the contact's number that a channel kind sends to.
func consentNumber(channelKind string, whatsapp, sms *string) string {
	n := whatsapp
	if consent.KindOf(channelKind) == consent.KindSMS {
		n = sms
	}
	if n == nil {
		return ""
	}
	return *n
}

// quietConversation is where a message lands that must open nothing: the
// contact's latest conversation on this channel and number, or a new one
// created resolved. Nobody is notified and nothing is routed.
func (s *Service) quietConversation(ctx context.Context, tx bun.Tx, ch *Channel, snd *Sender, contact *Contact, at time.Time) (*Conversation, error) {
	conv := new(Conversation)
	err := tx.NewSelect().Model(conv).
		Where("account_id = ? AND contact_id = ? AND channel_id = ? AND sender_id = ?", ch.AccountID, contact.ID, ch.ID, snd.ID).
		OrderExpr("last_message_at DESC, id DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		conv = &Conversation{AccountID: ch.AccountID, ContactID: contact.ID, ChannelID: ch.ID, SenderID: snd.ID,
			Status: StatusResolved, LastMessageAt: at}
		_, err = tx.NewInsert().Model(conv).Returning("*").Exec(ctx)
	}
	return conv, err
}

// keywordOf parses an inbound text as a keyword with the account's words.
func (s *Service) keywordOf(ctx context.Context, tx bun.IDB, accountID int64, m *channels.InboundMessage) (consent.Keyword, *consent.Settings, error) {
	if m.Type != channels.TypeText {
		return consent.Keyword{}, nil, nil
	}
	st, err := s.consent.Settings(ctx, tx, accountID)
	if err != nil {
		return consent.Keyword{}, nil, err
	}
	return consent.ParseKeyword(m.Text, st.Words()), st, nil
}

// ingestKeyword stores a keyword message (STOP, START, START NEWS, …) in
// the contact's quiet conversation, applies it to consent and groups, adds
// the system line and queues the one confirmation. It raises no unread
// count, notification or routing.
func (s *Service) ingestKeyword(ctx context.Context, tx bun.Tx, ch *Channel, snd *Sender, contact *Contact,
	m *channels.InboundMessage, at time.Time, kw consent.Keyword, st *consent.Settings, afterCommit *[]func(context.Context)) (int64, error) {
	conv, err := s.quietConversation(ctx, tx, ch, snd, contact, at)
	if err != nil {
		return 0, fmt.Errorf("keyword conversation: %w", err)
	}
	msg := inboundToMessage(ch, conv, m, at)
	msg.Extra = mustJSON(map[string]any{"keyword": kw.Kind.String()})
	res, err := tx.NewInsert().Model(msg).On("CONFLICT (channel_id, provider_message_id) DO NOTHING").Returning("*").Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil // a concurrent delivery of the same message won
	}
	event, reply, err := s.applyKeyword(ctx, tx, ch, snd, contact, kw, st)
	if err != nil {
		return 0, err
	}
	if _, err := tx.NewRaw(`UPDATE conversations SET last_message_at = greatest(last_message_at, ?), updated_at = now()
		WHERE id = ?`, at, conv.ID).Exec(ctx); err != nil {
		return 0, err
	}
	line := &Message{AccountID: ch.AccountID, ConversationID: conv.ID, ChannelID: ch.ID, Direction: DirOut,
		Kind: KindSystem, Body: systemText(event, kw.Group), Status: MsgSent,
		Extra: mustJSON(map[string]any{"event": event, "group": kw.Group, "keyword": kw.Word})}
	if _, err := tx.NewInsert().Model(line).Returning("*").Exec(ctx); err != nil {
		return 0, fmt.Errorf("system line: %w", err)
	}
	if consentNumber(ch.Kind, contact.WhatsAppNumber, contact.SMSNumber) != "" && reply != "" {
		confirm := &Message{AccountID: ch.AccountID, ConversationID: conv.ID, ChannelID: ch.ID, Direction: DirOut,
			Kind: KindText, Body: reply, Status: MsgQueued, Extra: mustJSON(map[string]any{"confirmation": true})}
		if _, err := tx.NewInsert().Model(confirm).Returning("*").Exec(ctx); err != nil {
			return 0, fmt.Errorf("confirmation: %w", err)
		}
		*afterCommit = append(*afterCommit, func(ctx context.Context) {
			if err := s.jobs.EnqueueSend(ctx, confirm.ID); err != nil {
				s.log.Warn("enqueue keyword confirmation (the sweeper retries)", "message_id", confirm.ID, "err", err)
			}
		})
		if err := s.publish(ctx, tx, realtime.TypeMessageCreated, ch.AccountID, audienceOf(conv), s.withAuthor(ctx, tx, confirm)); err != nil {
			return 0, err
		}
	}
	for _, mm := range []*Message{msg, line} {
		if err := s.publish(ctx, tx, realtime.TypeMessageCreated, ch.AccountID, audienceOf(conv), mm); err != nil {
			return 0, err
		}
	}
	return msg.ID, nil
}

// systemText is the system line's stored text (English; the UI shows its
// event translated).
func systemText(event, group string) string {
	switch event {
	case EventStopped:
		return "stopped: consent revoked, left all groups"
	case EventStarted:
		return "started: consent granted"
	case EventJoined:
		return "joined " + group
	case EventLeft:
		return "left " + group
	}
	return "unknown keyword " + group
}

// applyKeyword changes consent and groups for a keyword and returns the
// event and the reply to send.
func (s *Service) applyKeyword(ctx context.Context, tx bun.Tx, ch *Channel, snd *Sender, contact *Contact,
	kw consent.Keyword, st *consent.Settings) (string, string, error) {
	kind := consent.KindOf(ch.Kind)
	number := consentNumber(ch.Kind, contact.WhatsAppNumber, contact.SMSNumber)
	detail := kw.Word
	if kw.Group != "" {
		detail += " " + kw.Group
	}
	set := func(state string) error {
		if number == "" {
			return nil
		}
		if _, _, err := s.consent.Apply(ctx, tx, ch.AccountID, consent.Change{Number: number, ChannelKind: kind,
			State: state, Source: consent.SourceKeyword, Detail: detail}); err != nil {
			return err
		}
		if kind != consent.KindSMS {
			return nil
		}
		// An SMS STOP also binds the sender number it reached (carrier rule).
		var err error
		if state == consent.Revoked {
			_, err = tx.NewRaw(`INSERT INTO opt_outs (account_id, sender_id, number, contact_id) VALUES (?, ?, ?, ?)
				ON CONFLICT (sender_id, number) DO NOTHING`, ch.AccountID, snd.ID, number, contact.ID).Exec(ctx)
		} else {
			_, err = tx.NewRaw(`DELETE FROM opt_outs WHERE account_id = ? AND number = ?`, ch.AccountID, number).Exec(ctx)
		}
		return err
	}
	who := groups.Actor{Source: groups.SourceKeyword}
	switch kw.Kind {
	case consent.Stop:
		if err := set(consent.Revoked); err != nil {
			return "", "", err
		}
		if _, err := s.groups.LeaveAll(ctx, tx, ch.AccountID, contact.ID, who); err != nil {
			return "", "", err
		}
		return EventStopped, st.Reply("stopped", "", kw.Word), nil
	case consent.Start:
		if err := set(consent.Granted); err != nil {
			return "", "", err
		}
		return EventStarted, st.Reply("started", "", kw.Word), nil
	}
	g, err := s.groups.ByKeyword(ctx, tx, ch.AccountID, kw.Group)
	if err != nil {
		return "", "", err
	}
	if g == nil {
		return EventUnknownKey, st.Reply("unknown", kw.Group, kw.Group), nil
	}
	if kw.Kind == consent.StopGroup {
		if _, err := s.groups.Leave(ctx, tx, g, []int64{contact.ID}, who); err != nil {
			return "", "", err
		}
		return EventLeft, st.Reply("left", g.Name, kw.Group), nil
	}
	if _, err := s.groups.Join(ctx, tx, g, []int64{contact.ID}, kind, who); err != nil {
		return "", "", err
	}
	if st.InboundIsOptIn {
		// Joining by keyword is an explicit opt-in where the account allows it.
		if err := set(consent.Granted); err != nil {
			return "", "", err
		}
	}
	return EventJoined, st.Reply("joined", g.Name, kw.Group), nil
}

// optInByMessage records an ordinary WhatsApp message: it counts as
// opt-in where the account says so (never undoing a STOP), and after a
// STOP it marks that the contact wrote again.
func (s *Service) optInByMessage(ctx context.Context, tx bun.IDB, ch *Channel, snd *Sender, contact *Contact, st *consent.Settings) error {
	if consent.KindOf(ch.Kind) != consent.KindWhatsApp || contact.WhatsAppNumber == nil {
		return nil
	}
	if err := s.consent.Wrote(ctx, tx, ch.AccountID, *contact.WhatsAppNumber, consent.KindWhatsApp); err != nil {
		return err
	}
	if st == nil {
		var err error
		if st, err = s.consent.Settings(ctx, tx, ch.AccountID); err != nil {
			return err
		}
	}
	if !st.InboundIsOptIn {
		return nil
	}
	_, _, err := s.consent.Apply(ctx, tx, ch.AccountID, consent.Change{Number: *contact.WhatsAppNumber,
		ChannelKind: consent.KindWhatsApp, State: consent.Granted, Source: consent.SourceInbound,
		Detail: snd.PhoneNumber, UnlessRevoked: true})
	return err
}

// checkConsent is the one enforcement point: every outbound path asks it
// before the provider is called. It reads in db, so a STOP committed
// before is always seen, even for a message queued earlier.
func (s *Service) checkConsent(ctx context.Context, db bun.IDB, accountID, channelID, senderID, contactID int64,
	channelKind string, whatsapp, sms *string, confirmation bool) error {
	number := consentNumber(channelKind, whatsapp, sms)
	if number == "" {
		return nil // refused elsewhere as no_number
	}
	var last *time.Time
	if err := db.NewSelect().TableExpr("conversations").ColumnExpr("max(last_inbound_at)").
		Where("contact_id = ? AND channel_id = ? AND sender_id = ?", contactID, channelID, senderID).Scan(ctx, &last); err != nil {
		return fmt.Errorf("inbox: last inbound: %w", err)
	}
	return s.consent.Check(ctx, db, consent.SendCheck{AccountID: accountID, Kind: consent.KindOf(channelKind),
		Number: number, SenderID: senderID, LastInboundAt: last, Confirmation: confirmation})
}

// recordProviderOptOut revokes consent the provider reported gone: an SMS
// number that replied STOP to the carrier (21610, bound to the sender
// number too) or a WhatsApp user who stopped marketing messages (131050).
func (s *Service) recordProviderOptOut(ctx context.Context, t *deliveryTarget, code string) error {
	number := t.recipient()
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		kind := consent.KindOf(t.channel.Kind)
		if _, _, err := s.consent.Apply(ctx, tx, t.msg.AccountID, consent.Change{Number: number, ChannelKind: kind,
			State: consent.Revoked, Source: consent.SourceProvider, Detail: code}); err != nil {
			return err
		}
		if kind != consent.KindSMS {
			return nil
		}
		_, err := tx.NewRaw(`INSERT INTO opt_outs (account_id, sender_id, number, contact_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (sender_id, number) DO NOTHING`, t.msg.AccountID, t.sender.ID, number, t.contact.ID).Exec(ctx)
		return err
	})
}

// applyUserPreferences takes Meta's user_preferences webhook: a WhatsApp
// user who stops marketing messages revokes consent; one who resumes them
// grants it again. Both are kept with the provider as source.
func (s *Service) applyUserPreferences(ctx context.Context, tx bun.IDB, ch *Channel, value []byte) error {
	var v struct {
		Preferences []struct {
			WaID     string `json:"wa_id"`
			Category string `json:"category"`
			Value    string `json:"value"`
		} `json:"user_preferences"`
	}
	if err := json.Unmarshal(value, &v); err != nil {
		// Not what Meta documents: kept in the stored webhook, not retried.
		s.log.Warn("user_preferences change not understood", "channel_id", ch.ID, "err", err)
		return nil
	}
	for _, p := range v.Preferences {
		state := ""
		switch p.Value {
		case "stop":
			state = consent.Revoked
		case "resume":
			state = consent.Granted
		}
		number, err := phone.Normalize(p.WaID, "")
		if state == "" || err != nil || (p.Category != "" && p.Category != "marketing_messages") {
			continue
		}
		if _, _, err := s.consent.Apply(ctx, tx, ch.AccountID, consent.Change{Number: number, ChannelKind: consent.KindWhatsApp,
			State: state, Source: consent.SourceProvider, Detail: "user_preferences"}); err != nil {
			return err
		}
	}
	return nil
}
