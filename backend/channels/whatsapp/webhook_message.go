package whatsapp

import (
	"encoding/json"

	"switchboard/backend/channels"
)

// parseMessage normalizes one inbound message. A message whose body does not
// match the documented shape for its type is still kept, as unsupported,
// so nothing a customer sent is silently lost.
func parseMessage(raw json.RawMessage, biz channels.Endpoint, contacts []wireContact) (channels.InboundMessage, error) {
	var w wireMessage
	if err := json.Unmarshal(raw, &w); err != nil {
		var head struct {
			From       string     `json:"from"`
			FromUserID string     `json:"from_user_id"`
			ID         string     `json:"id"`
			Timestamp  flexString `json:"timestamp"`
			Type       string     `json:"type"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return channels.InboundMessage{}, err
		}
		w = wireMessage{From: head.From, FromUserID: head.FromUserID, ID: head.ID, Timestamp: head.Timestamp, Type: head.Type}
		m := baseMessage(w, raw, biz, contacts)
		m.Type = channels.TypeUnsupported
		return m, nil
	}
	m := baseMessage(w, raw, biz, contacts)
	fillContent(&m, &w)
	return m, nil
}

func baseMessage(w wireMessage, raw json.RawMessage, biz channels.Endpoint, contacts []wireContact) channels.InboundMessage {
	m := channels.InboundMessage{
		ProviderMessageID: w.ID,
		From:              w.From,
		FromUserID:        w.FromUserID,
		Business:          biz,
		Timestamp:         unixTime(w.Timestamp),
		ProviderType:      w.Type,
		Raw:               raw,
	}
	if c := matchContact(contacts, w.From, w.FromUserID); c != nil {
		m.ProfileName = c.Profile.Name
		if m.From == "" {
			m.From = c.WaID
		}
		if m.FromUserID == "" {
			m.FromUserID = c.UserID
		}
	}
	if w.Context != nil {
		m.Context = &channels.MessageContext{
			QuotedMessageID:     w.Context.ID,
			From:                w.Context.From,
			Forwarded:           w.Context.Forwarded,
			FrequentlyForwarded: w.Context.FrequentlyForwarded,
		}
	}
	for _, e := range w.Errors {
		m.Errors = append(m.Errors, providerError(e))
	}
	return m
}

// matchContact finds the sender's entry in value.contacts: by wa_id, then by
// user id, then the only entry if there is exactly one.
func matchContact(contacts []wireContact, from, userID string) *wireContact {
	for i := range contacts {
		if from != "" && contacts[i].WaID == from {
			return &contacts[i]
		}
		if userID != "" && contacts[i].UserID == userID {
			return &contacts[i]
		}
	}
	if len(contacts) == 1 {
		return &contacts[0]
	}
	return nil
}

// fillContent sets the type-specific fields. The type's object must be
// present; otherwise the message is unsupported.
func fillContent(m *channels.InboundMessage, w *wireMessage) {
	m.Type = channels.TypeUnsupported
	switch w.Type {
	case "text":
		if w.Text != nil {
			m.Type, m.Text = channels.TypeText, w.Text.Body
		}
	case "image":
		setMedia(m, channels.TypeImage, w.Image, true)
	case "video":
		setMedia(m, channels.TypeVideo, w.Video, true)
	case "document":
		setMedia(m, channels.TypeDocument, w.Document, true)
	case "audio":
		setMedia(m, channels.TypeAudio, w.Audio, false)
	case "sticker":
		setMedia(m, channels.TypeSticker, w.Sticker, false)
	case "location":
		if l := w.Location; l != nil {
			m.Type = channels.TypeLocation
			m.Location = &channels.Location{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address, URL: l.URL}
		}
	case "contacts":
		if len(w.Contacts) > 0 {
			m.Type, m.Contacts = channels.TypeContacts, w.Contacts
		}
	case "interactive":
		if r := interactiveReply(w); r != nil {
			m.Type, m.Interactive = channels.TypeInteractive, r
		}
	case "button":
		if b := w.Button; b != nil {
			m.Type = channels.TypeButton
			m.Interactive = &channels.InteractiveReply{Kind: "button", ID: b.Payload, Title: b.Text}
		}
	case "reaction":
		if r := w.Reaction; r != nil {
			m.Type = channels.TypeReaction
			m.Reaction = &channels.Reaction{MessageID: r.MessageID, Emoji: r.Emoji}
		}
	}
}

func setMedia(m *channels.InboundMessage, t channels.MessageType, media *wireMedia, captioned bool) {
	if media == nil {
		return
	}
	m.Type = t
	m.Media = &channels.MediaRef{
		ProviderID: media.ID,
		MIMEType:   media.MIMEType,
		SHA256:     media.SHA256,
		Filename:   media.Filename,
		URL:        media.URL,
		Voice:      media.Voice,
		Animated:   media.Animated,
	}
	if captioned {
		m.Caption = media.Caption
	}
}

func interactiveReply(w *wireMessage) *channels.InteractiveReply {
	in := w.Interactive
	if in == nil {
		return nil
	}
	switch {
	case in.ButtonReply != nil:
		return &channels.InteractiveReply{Kind: in.Type, ID: in.ButtonReply.ID, Title: in.ButtonReply.Title}
	case in.ListReply != nil:
		return &channels.InteractiveReply{Kind: in.Type, ID: in.ListReply.ID, Title: in.ListReply.Title, Description: in.ListReply.Description}
	case in.NFMReply != nil:
		return &channels.InteractiveReply{Kind: in.Type, ID: in.NFMReply.Name, Title: in.NFMReply.Body, Description: in.NFMReply.ResponseJSON}
	}
	return nil
}
