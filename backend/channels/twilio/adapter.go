package twilio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"switchboard/backend/channels"
)

// Kind is the channel kind this adapter serves.
const Kind = "sms_twilio"

// Adapter makes the Client a channels.Adapter for SMS and MMS.
type Adapter struct {
	Client *Client
}

var _ channels.Adapter = (*Adapter)(nil)

// Kind names the provider.
func (a *Adapter) Kind() string { return Kind }

func (a *Adapter) client(creds channels.Credentials) (*Client, Credentials) {
	c := *a.Client
	if creds.BaseURL != "" {
		c.BaseURL = creds.BaseURL
	}
	return &c, Credentials{AccountSID: creds.AccountID, AuthToken: creds.AccessToken, MessagingServiceSID: creds.MessagingServiceID}
}

// Send sends an SMS (text) or MMS (text with public media links).
func (a *Adapter) Send(ctx context.Context, creds channels.Credentials, msg channels.OutboundMessage) (channels.SendResult, error) {
	c, tc := a.client(creds)
	body := msg.Text
	if msg.Media != nil && msg.Media.Caption != "" {
		body = msg.Media.Caption
	}
	res, err := c.Send(ctx, tc, Message{To: msg.To, From: msg.SenderID, Body: body, MediaURLs: msg.MediaURLs, StatusCallback: msg.CallbackURL})
	if err != nil {
		return channels.SendResult{}, toSendError(err)
	}
	return channels.SendResult{ProviderMessageID: res.SID, Status: channels.StatusAccepted, ProviderStatus: string(res.State)}, nil
}

// toSendError converts the provider's error into the neutral form.
func toSendError(err error) error {
	var se *SendError
	if !errors.As(err, &se) {
		return err
	}
	if errors.Is(se.Err, ErrInvalidMessage) {
		return fmt.Errorf("%w: %s", channels.ErrInvalidMessage, se.Message)
	}
	out := &channels.SendError{Provider: Kind, HTTPStatus: se.HTTPStatus, Message: se.Message,
		Permanent: se.Permanent, RetryAfter: se.RetryAfter, Err: se.Err}
	if se.Code != 0 {
		out.Code = strconv.Itoa(se.Code)
		out.Title = DescribeError(se.Code)
	}
	return out
}

// UploadMedia is not part of this provider: it fetches MMS media from the
// public links given in the message.
func (a *Adapter) UploadMedia(context.Context, channels.Credentials, string, string, string, io.Reader) (string, error) {
	return "", errors.New("twilio: media is sent by public link, not uploaded")
}

// FetchMedia downloads an inbound MMS attachment.
func (a *Adapter) FetchMedia(ctx context.Context, creds channels.Credentials, ref channels.MediaRef) (io.ReadCloser, string, int64, error) {
	c, tc := a.client(creds)
	rc, ctype, err := c.FetchMedia(ctx, tc, ref.URL)
	if err != nil {
		return nil, "", 0, err
	}
	return rc, ctype, -1, nil
}

// ToBatch turns a stored webhook form (inbound message or status callback)
// into the neutral batch the ingest applies.
func ToBatch(form map[string][]string) (*channels.WebhookBatch, error) {
	if _, isStatus := form["MessageStatus"]; isStatus {
		st, err := ParseStatus(form)
		if err != nil {
			return nil, err
		}
		up := channels.StatusUpdate{ProviderMessageID: st.MessageSID, Status: neutralStatus(st.State),
			ProviderStatus: string(st.State), Recipient: st.To}
		if st.State.Failed() || st.ErrorCode != 0 {
			if st.ErrorCode != 0 {
				up.Errors = []channels.ProviderError{{Code: strconv.Itoa(st.ErrorCode), Title: DescribeError(st.ErrorCode), Permanent: true}}
			}
		}
		return &channels.WebhookBatch{Statuses: []channels.StatusUpdate{up}}, nil
	}
	in, err := ParseInbound(form)
	if err != nil {
		return nil, err
	}
	from := strings.TrimPrefix(in.From, "whatsapp:")
	biz := channels.Endpoint{AccountID: in.AccountSID, DisplayNumber: strings.TrimPrefix(in.To, "whatsapp:")}
	base := channels.InboundMessage{ProviderMessageID: in.MessageSID, From: from, ProfileName: in.ProfileName,
		Business: biz, Type: channels.TypeText, Text: in.Body}
	if len(in.Media) == 0 {
		return &channels.WebhookBatch{Messages: []channels.InboundMessage{base}}, nil
	}
	// One message per attachment; the text goes with the first.
	var msgs []channels.InboundMessage
	for i, m := range in.Media {
		msg := base
		if i > 0 {
			msg.ProviderMessageID = fmt.Sprintf("%s/%d", in.MessageSID, i)
			msg.Text = ""
		}
		msg.Type = mediaType(m.ContentType)
		msg.Caption = msg.Text
		msg.Media = &channels.MediaRef{URL: m.URL, MIMEType: m.ContentType}
		msgs = append(msgs, msg)
	}
	return &channels.WebhookBatch{Messages: msgs}, nil
}

func mediaType(ctype string) channels.MessageType {
	switch {
	case strings.HasPrefix(ctype, "image/"):
		return channels.TypeImage
	case strings.HasPrefix(ctype, "video/"):
		return channels.TypeVideo
	case strings.HasPrefix(ctype, "audio/"):
		return channels.TypeAudio
	}
	return channels.TypeDocument
}

// neutralStatus maps the provider's state onto the shared status order.
func neutralStatus(s State) channels.Status {
	switch s {
	case StateAccepted, StateScheduled, StateQueued, StateSending:
		return channels.StatusAccepted
	case StateSent:
		return channels.StatusSent
	case StateDelivered, StatePartiallyDelivered:
		return channels.StatusDelivered
	case StateRead:
		return channels.StatusRead
	case StateUndelivered, StateFailed, StateCanceled:
		return channels.StatusFailed
	}
	return channels.StatusUnknown
}
