package templates

import (
	"context"
	"errors"
	"strings"

	"switchboard/backend/apperror"
	"switchboard/backend/inbox"
	"switchboard/backend/phone"
)

// SendInput is a WhatsApp template with the agent's values.
type SendInput struct {
	TemplateID int64      `json:"template_id"`
	Parameters Parameters `json:"parameters"`
}

// Send fills a WhatsApp template and sends it into a conversation. The
// values are checked before anything is stored; templates may be sent when
// the 24-hour window is closed.
func (s *Service) Send(ctx context.Context, viewer inbox.Viewer, convID int64, in SendInput) (*inbox.MessageView, error) {
	conv, err := s.inbox.GetConversation(ctx, viewer, convID)
	if err != nil {
		return nil, err
	}
	if conv.ChannelKind == inbox.KindSMS {
		return nil, apperror.Invalid("sms_channel",
			"SMS conversations take SMS templates: render one for the conversation and send it as text")
	}
	filled, err := s.fill(ctx, viewer.AccountID, conv.ChannelID, in, problems{})
	if err != nil {
		return nil, err
	}
	return s.inbox.SendTemplate(ctx, viewer, convID, inbox.TemplateMessage{Template: filled.Template, Body: filled.Preview})
}

// fill loads an approved template of the channel and fills it; problems
// found earlier by the caller are reported together with its own.
func (s *Service) fill(ctx context.Context, accountID, channelID int64, in SendInput, p problems) (Filled, error) {
	if in.TemplateID == 0 {
		p.add("template_id", "is required")
		return Filled{}, p.err()
	}
	t, err := s.Get(ctx, accountID, in.TemplateID)
	switch {
	case errors.Is(err, apperror.ErrNotFound):
		p.add("template_id", "is not a template of this account")
		return Filled{}, p.err()
	case err != nil:
		return Filled{}, err
	case t.ChannelID != channelID:
		p.add("template_id", "belongs to another channel")
		return Filled{}, p.err()
	case t.Status != StatusApproved:
		return Filled{}, &apperror.Error{Kind: apperror.ErrValidation, Code: "template_not_approved",
			Message: "only approved templates can be sent; this one is " + strings.ToLower(t.Status),
			Fields:  map[string]string{"template_id": "is not approved"}}
	}
	filled, err := Fill(t.WhatsAppTemplate, in.Parameters)
	var ae *apperror.Error
	if errors.As(err, &ae) {
		for k, v := range ae.Fields {
			p.add(k, v)
		}
		return Filled{}, p.err()
	}
	if err != nil {
		return Filled{}, err
	}
	return filled, p.err()
}

// StartInput opens a conversation: with an existing contact or a number
// (and name), on a channel and sender number, with a first message — a
// WhatsApp template with its values, or on SMS an SMS template or a text.
type StartInput struct {
	ContactID     int64      `json:"contact_id"`
	Number        string     `json:"number"`
	Name          string     `json:"name"`
	ChannelID     int64      `json:"channel_id"`
	SenderID      int64      `json:"sender_id"`
	TemplateID    int64      `json:"template_id"`
	Parameters    Parameters `json:"parameters"`
	SMSTemplateID int64      `json:"sms_template_id"`
	Body          string     `json:"body"`
}

// Start opens (or reuses) a conversation and sends its first message. The
// message is checked before the contact or conversation is created.
func (s *Service) Start(ctx context.Context, viewer inbox.Viewer, in StartInput) (inbox.ConversationView, *inbox.MessageView, error) {
	p := problems{}
	if in.ContactID == 0 {
		if _, err := phone.Normalize(in.Number, ""); err != nil {
			p.add("number", phone.ErrInvalid.Error())
		}
	}
	ch, err := s.inbox.GetChannel(ctx, viewer.AccountID, in.ChannelID)
	if errors.Is(err, apperror.ErrNotFound) {
		p.add("channel_id", "is not a channel of this account")
		return inbox.ConversationView{}, nil, p.err()
	}
	if err != nil {
		return inbox.ConversationView{}, nil, err
	}
	var tm inbox.TemplateMessage
	if ch.Kind == inbox.KindSMS {
		if in.TemplateID != 0 {
			p.add("template_id", "SMS channels take an SMS template or a text")
		}
		text, err := s.smsFirstMessage(ctx, viewer.AccountID, in, p)
		if err != nil {
			return inbox.ConversationView{}, nil, err
		}
		tm.Body = text
	} else {
		if in.SMSTemplateID != 0 {
			p.add("sms_template_id", "WhatsApp channels take a WhatsApp template")
		}
		if in.Body != "" {
			p.add("body", "a new WhatsApp conversation must start with a template")
		}
		filled, err := s.fill(ctx, viewer.AccountID, ch.ID, SendInput{TemplateID: in.TemplateID, Parameters: in.Parameters}, p)
		if err != nil {
			return inbox.ConversationView{}, nil, err
		}
		tm = inbox.TemplateMessage{Template: filled.Template, Body: filled.Preview}
	}
	if err := p.err(); err != nil {
		return inbox.ConversationView{}, nil, err
	}
	return s.inbox.StartConversation(ctx, viewer, inbox.StartInput{ContactID: in.ContactID, Number: in.Number,
		Name: in.Name, ChannelID: in.ChannelID, SenderID: in.SenderID}, tm)
}
