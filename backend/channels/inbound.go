package channels

import (
	"encoding/json"
	"time"
)

// MessageType is the normalized kind of an inbound message.
type MessageType string

// Inbound message types. Anything a provider sends that is not listed here is
// TypeUnsupported, kept with its raw JSON rather than dropped.
const (
	TypeText        MessageType = "text"
	TypeImage       MessageType = "image"
	TypeAudio       MessageType = "audio"
	TypeVideo       MessageType = "video"
	TypeDocument    MessageType = "document"
	TypeSticker     MessageType = "sticker"
	TypeLocation    MessageType = "location"
	TypeContacts    MessageType = "contacts"
	TypeInteractive MessageType = "interactive"
	TypeReaction    MessageType = "reaction"
	TypeButton      MessageType = "button"
	TypeUnsupported MessageType = "unsupported"
)

// Endpoint identifies the business side of a webhook change: the account and
// the number a message was sent to, or a status was reported for.
type Endpoint struct {
	// AccountID is the provider account (WhatsApp: the WABA id, entry.id).
	AccountID string
	// PhoneNumberID is the provider's id of the business number; it is the
	// value OutboundMessage.SenderID takes to answer from the same number.
	PhoneNumberID string
	// DisplayNumber is the business number as the provider displays it.
	DisplayNumber string
}

// InboundMessage is one customer message, normalized.
type InboundMessage struct {
	// ProviderMessageID is the provider's id (WhatsApp wamid); webhooks may
	// be redelivered, so callers de-duplicate on it.
	ProviderMessageID string
	// From is the sender's phone number as the provider gives it (WhatsApp:
	// digits without "+"). It may be empty on newer WhatsApp payloads; then
	// FromUserID identifies the sender.
	From string
	// FromUserID is the provider's user id for the sender, when given.
	FromUserID string
	// ProfileName is the sender's display name, when given.
	ProfileName string
	// Business is the number the message was sent to.
	Business Endpoint
	// Timestamp is when the provider received the message; zero if the
	// payload carried none that could be read.
	Timestamp time.Time
	// Type is the normalized type; ProviderType keeps the provider's word.
	Type         MessageType
	ProviderType string
	// Text is the body of a text message.
	Text string
	// Caption accompanies image, video and document media.
	Caption string
	// Media is set for image, audio, video, document and sticker messages.
	Media *MediaRef
	// Location is set for location messages.
	Location *Location
	// Contacts holds the shared contact cards of a contacts message, as the
	// provider sent them (a JSON array).
	Contacts json.RawMessage
	// Interactive is set for interactive replies and template button taps.
	Interactive *InteractiveReply
	// Reaction is set for reactions.
	Reaction *Reaction
	// Context is set when the message quotes another or was forwarded.
	Context *MessageContext
	// Errors lists provider errors attached to the message (WhatsApp sends
	// them on unsupported messages).
	Errors []ProviderError
	// Raw is this single message's JSON exactly as received.
	Raw json.RawMessage
}

// SenderKey returns the identifier to look the sender up by: the phone
// number when present, otherwise the provider user id.
func (m *InboundMessage) SenderKey() string {
	if m.From != "" {
		return m.From
	}
	return m.FromUserID
}

// MediaRef points at media held by the provider.
type MediaRef struct {
	// ProviderID is the provider's media id.
	ProviderID string
	// MIMEType as reported by the provider.
	MIMEType string
	// SHA256 as reported by the provider (WhatsApp: base64).
	SHA256 string
	// Filename is set for documents.
	Filename string
	// URL is a direct download URL when the payload carried one; it expires
	// and must not be required.
	URL string
	// Voice marks a voice note; Animated an animated sticker.
	Voice    bool
	Animated bool
}

// Location is a shared or sent location.
type Location struct {
	Latitude  float64
	Longitude float64
	Name      string
	Address   string
	URL       string
}

// InteractiveReply is the customer's answer to an interactive message or a
// tap on a template button.
type InteractiveReply struct {
	// Kind is the provider's reply kind: "button_reply", "list_reply",
	// "nfm_reply" (WhatsApp Flows) or "button" (template quick reply).
	Kind string
	// ID is the button/row id, or the template button's payload.
	ID string
	// Title is the text the customer saw and tapped.
	Title string
	// Description is a list row's description, or a flow's response JSON.
	Description string
}

// Reaction is an emoji reaction to an earlier message. An empty Emoji means
// the customer removed their reaction.
type Reaction struct {
	MessageID string
	Emoji     string
}

// MessageContext relates a message to another one.
type MessageContext struct {
	// QuotedMessageID is the provider id of the quoted or tapped message.
	QuotedMessageID string
	// From is the sender of the quoted message.
	From string
	// Forwarded is set for forwards; FrequentlyForwarded for chains.
	Forwarded           bool
	FrequentlyForwarded bool
}
