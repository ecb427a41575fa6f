package channels

// OutboundType is the kind of message to send.
type OutboundType string

// Outbound message types.
const (
	OutText     OutboundType = "text"
	OutImage    OutboundType = "image"
	OutDocument OutboundType = "document"
	OutAudio    OutboundType = "audio"
	OutVideo    OutboundType = "video"
	OutSticker  OutboundType = "sticker"
	OutTemplate OutboundType = "template"
	OutLocation OutboundType = "location"
)

// IsMedia reports whether t carries an OutboundMedia.
func (t OutboundType) IsMedia() bool {
	switch t {
	case OutImage, OutDocument, OutAudio, OutVideo, OutSticker:
		return true
	}
	return false
}

// OutboundMessage is a message to send. Exactly the field matching Type is
// used: Text (+PreviewURL), Media, Template or Location.
type OutboundMessage struct {
	// To is the recipient, E.164 with a leading "+". It is passed to the
	// provider as given (WhatsApp prepends the business number's country
	// code to numbers without "+").
	To string
	// SenderID is the provider id of the business number to send from
	// (Endpoint.PhoneNumberID).
	SenderID string
	Type     OutboundType
	// Text is the body of a text message.
	Text string
	// PreviewURL asks the provider to render a link preview for Text.
	PreviewURL bool
	Media      *OutboundMedia
	// ReplyTo is the provider id of the message being answered (quoted).
	ReplyTo  string
	Template *Template
	Location *Location
	// MediaURLs are public links to attachments, for providers that fetch
	// media themselves (MMS).
	MediaURLs []string
	// CallbackURL receives the provider's status callbacks, where the
	// provider takes one per message (SMS).
	CallbackURL string
}

// OutboundMedia is media to send, referenced by exactly one of ProviderID
// (from UploadMedia; preferred) or Link (a public URL the provider fetches).
type OutboundMedia struct {
	ProviderID string
	Link       string
	// Caption is dropped for audio and stickers, which take none.
	Caption string
	// Filename is shown for documents and ignored otherwise.
	Filename string
	// MIME is informational for providers that take the type from the file.
	MIME string
}

// Template is a pre-approved template message with its variables.
type Template struct {
	Name string
	// Language is the template's language code, e.g. "en_US".
	Language string
	// LanguagePolicy is "deterministic" or empty.
	LanguagePolicy string
	Components     []TemplateComponent
}

// TemplateComponent fills one part of a template.
type TemplateComponent struct {
	// Type is "header", "body" or "button".
	Type string
	// SubType is the button kind ("quick_reply", "url"); buttons only.
	SubType string
	// Index is the button's position, from 0; buttons only.
	Index      int
	Parameters []TemplateParameter
}

// Template parameter types.
const (
	ParamText     = "text"
	ParamImage    = "image"
	ParamDocument = "document"
	ParamVideo    = "video"
	ParamLocation = "location"
	ParamPayload  = "payload"
	ParamCurrency = "currency"
	ParamDateTime = "date_time"
)

// TemplateParameter is one variable value. Type selects the field used.
type TemplateParameter struct {
	Type string
	// Name is the variable name for templates created with NAMED parameters;
	// empty for positional ({{1}}) templates.
	Name string
	// Text is the value of a text parameter (or a url button's suffix).
	Text string
	// Payload is a quick-reply button's payload.
	Payload string
	// Media is the header media for image, document and video parameters.
	Media *OutboundMedia
	// Location is the header location for location parameters.
	Location *Location
	// Currency and DateTime are set for those parameter types.
	Currency *Currency
	DateTime *DateTime
}

// Currency is a localized amount.
type Currency struct {
	FallbackValue string
	// Code is the ISO 4217 code.
	Code string
	// Amount1000 is the amount multiplied by 1000.
	Amount1000 int64
}

// DateTime is a localized date; only the fallback value is sent.
type DateTime struct {
	FallbackValue string
}

// SendResult is the provider's acknowledgement of a send.
type SendResult struct {
	// ProviderMessageID identifies the message in later status updates.
	ProviderMessageID string
	// Status is where the message stands right after the call (normally
	// StatusAccepted); ProviderStatus keeps the provider's word, if any.
	Status         Status
	ProviderStatus string
}
