package twilio

import (
	"net/url"
	"strconv"
)

// Inbound is a message received on a Twilio number (SMS, MMS or WhatsApp).
type Inbound struct {
	MessageSID          string
	AccountSID          string
	MessagingServiceSID string // empty unless the number belongs to a Messaging Service
	From                string // E.164, or "whatsapp:+…"
	To                  string
	Body                string // may be empty for a media-only message
	NumSegments         int    // 0 when the webhook does not say
	Media               []Media
	// ProfileName and WaID are only sent for WhatsApp messages.
	ProfileName string
	WaID        string
}

// Media is one attachment of an inbound MMS or WhatsApp message. URL is on the
// provider's API host; download it with Client.FetchMedia.
type Media struct {
	URL         string
	ContentType string
}

// ParseInbound reads an inbound-message webhook form. It reads first values
// only (see ValidateSignature) and ignores fields it does not know, since
// Twilio adds parameters without notice. Errors wrap ErrInvalidWebhook.
func ParseInbound(form url.Values) (Inbound, error) {
	var in Inbound
	var err error
	if in.MessageSID, err = messageSID(form); err != nil {
		return Inbound{}, err
	}
	if in.From, err = requiredField(form, "From"); err != nil {
		return Inbound{}, err
	}
	if in.To, err = requiredField(form, "To"); err != nil {
		return Inbound{}, err
	}
	in.AccountSID = form.Get("AccountSid")
	in.MessagingServiceSID = form.Get("MessagingServiceSid")
	in.Body = form.Get("Body")
	in.ProfileName = form.Get("ProfileName")
	in.WaID = form.Get("WaId")
	if in.NumSegments, err = optionalInt(form, "NumSegments"); err != nil {
		return Inbound{}, err
	}

	numMedia, err := optionalInt(form, "NumMedia")
	if err != nil {
		return Inbound{}, err
	}
	// Each attachment must be present, so a huge NumMedia fails at the first
	// missing index instead of allocating.
	for i := 0; i < numMedia; i++ {
		n := strconv.Itoa(i)
		mediaURL := form.Get("MediaUrl" + n)
		if mediaURL == "" {
			return Inbound{}, invalidWebhook("NumMedia is %d but MediaUrl%s is missing", numMedia, n)
		}
		in.Media = append(in.Media, Media{URL: mediaURL, ContentType: form.Get("MediaContentType" + n)})
	}
	return in, nil
}
