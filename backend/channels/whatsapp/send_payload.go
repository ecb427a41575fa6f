package whatsapp

import (
	"fmt"
	"strconv"

	"switchboard/backend/channels"
)

// Request body of POST /{phone-number-id}/messages. Field names follow the
// Cloud API; omitempty keeps unused branches out of the JSON.

type sendRequest struct {
	MessagingProduct string        `json:"messaging_product"`
	RecipientType    string        `json:"recipient_type"`
	To               string        `json:"to"`
	Type             string        `json:"type"`
	Context          *sendContext  `json:"context,omitempty"`
	Text             *sendText     `json:"text,omitempty"`
	Image            *sendMedia    `json:"image,omitempty"`
	Document         *sendMedia    `json:"document,omitempty"`
	Audio            *sendMedia    `json:"audio,omitempty"`
	Video            *sendMedia    `json:"video,omitempty"`
	Sticker          *sendMedia    `json:"sticker,omitempty"`
	Template         *sendTemplate `json:"template,omitempty"`
	Location         *sendLocation `json:"location,omitempty"`
}

type sendContext struct {
	MessageID string `json:"message_id"`
}

type sendText struct {
	Body       string `json:"body"`
	PreviewURL bool   `json:"preview_url,omitempty"`
}

type sendMedia struct {
	ID       string `json:"id,omitempty"`
	Link     string `json:"link,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

type sendLocation struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
}

type sendTemplate struct {
	Name       string             `json:"name"`
	Language   sendLanguage       `json:"language"`
	Components []sendTemplateComp `json:"components,omitempty"`
}

type sendLanguage struct {
	Policy string `json:"policy,omitempty"`
	Code   string `json:"code"`
}

type sendTemplateComp struct {
	Type       string          `json:"type"`
	SubType    string          `json:"sub_type,omitempty"`
	Index      string          `json:"index,omitempty"`
	Parameters []sendParameter `json:"parameters,omitempty"`
}

type sendParameter struct {
	Type          string        `json:"type"`
	ParameterName string        `json:"parameter_name,omitempty"`
	Text          string        `json:"text,omitempty"`
	Payload       string        `json:"payload,omitempty"`
	Image         *sendMedia    `json:"image,omitempty"`
	Document      *sendMedia    `json:"document,omitempty"`
	Video         *sendMedia    `json:"video,omitempty"`
	Location      *sendLocation `json:"location,omitempty"`
	Currency      *sendCurrency `json:"currency,omitempty"`
	DateTime      *sendDateTime `json:"date_time,omitempty"`
}

type sendCurrency struct {
	FallbackValue string `json:"fallback_value"`
	Code          string `json:"code"`
	Amount1000    int64  `json:"amount_1000"`
}

type sendDateTime struct {
	FallbackValue string `json:"fallback_value"`
}

// buildSendRequest validates msg and maps it to the request body. Errors
// wrap channels.ErrInvalidMessage.
func buildSendRequest(msg channels.OutboundMessage) (*sendRequest, error) {
	if msg.To == "" {
		return nil, invalidMessage("recipient (To) is empty")
	}
	if msg.SenderID == "" {
		return nil, invalidMessage("sender phone-number id is empty")
	}
	req := &sendRequest{
		MessagingProduct: "whatsapp",
		RecipientType:    "individual",
		To:               msg.To,
		Type:             string(msg.Type),
	}
	if msg.ReplyTo != "" {
		req.Context = &sendContext{MessageID: msg.ReplyTo}
	}
	switch {
	case msg.Type == channels.OutText:
		if msg.Text == "" {
			return nil, invalidMessage("text message without text")
		}
		req.Text = &sendText{Body: msg.Text, PreviewURL: msg.PreviewURL}
	case msg.Type.IsMedia():
		media, err := mediaObject(msg.Type, msg.Media, true)
		if err != nil {
			return nil, err
		}
		*mediaSlot(req, msg.Type) = media
	case msg.Type == channels.OutTemplate:
		tpl, err := templateObject(msg.Template)
		if err != nil {
			return nil, err
		}
		req.Template = tpl
	case msg.Type == channels.OutLocation:
		if msg.Location == nil {
			return nil, invalidMessage("location message without location")
		}
		l := msg.Location
		req.Location = &sendLocation{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address}
	default:
		return nil, invalidMessage(fmt.Sprintf("unsupported type %q", msg.Type))
	}
	return req, nil
}

func mediaSlot(req *sendRequest, t channels.OutboundType) **sendMedia {
	switch t {
	case channels.OutImage:
		return &req.Image
	case channels.OutDocument:
		return &req.Document
	case channels.OutAudio:
		return &req.Audio
	case channels.OutVideo:
		return &req.Video
	}
	return &req.Sticker
}

// mediaObject applies WhatsApp's rules: exactly one of id or link; captions
// on image, video and document only (and never in template headers);
// filenames on documents only.
func mediaObject(t channels.OutboundType, m *channels.OutboundMedia, allowCaption bool) (*sendMedia, error) {
	if m == nil {
		return nil, invalidMessage(fmt.Sprintf("%s without media", t))
	}
	if (m.ProviderID == "") == (m.Link == "") {
		return nil, invalidMessage(fmt.Sprintf("%s media needs exactly one of provider id or link", t))
	}
	out := &sendMedia{ID: m.ProviderID, Link: m.Link}
	if allowCaption && (t == channels.OutImage || t == channels.OutVideo || t == channels.OutDocument) {
		out.Caption = m.Caption
	}
	if t == channels.OutDocument {
		out.Filename = m.Filename
	}
	return out, nil
}

func templateObject(t *channels.Template) (*sendTemplate, error) {
	if t == nil || t.Name == "" || t.Language == "" {
		return nil, invalidMessage("template message needs a template name and language")
	}
	out := &sendTemplate{Name: t.Name, Language: sendLanguage{Policy: t.LanguagePolicy, Code: t.Language}}
	for _, c := range t.Components {
		comp := sendTemplateComp{Type: c.Type, SubType: c.SubType}
		if c.Type == "button" {
			comp.Index = strconv.Itoa(c.Index)
		}
		for _, p := range c.Parameters {
			param, err := templateParameter(p)
			if err != nil {
				return nil, err
			}
			comp.Parameters = append(comp.Parameters, param)
		}
		out.Components = append(out.Components, comp)
	}
	return out, nil
}

func templateParameter(p channels.TemplateParameter) (sendParameter, error) {
	out := sendParameter{Type: p.Type, ParameterName: p.Name}
	var err error
	switch p.Type {
	case channels.ParamText:
		out.Text = p.Text
	case channels.ParamPayload:
		out.Payload = p.Payload
	case channels.ParamImage:
		out.Image, err = mediaObject(channels.OutImage, p.Media, false)
	case channels.ParamDocument:
		out.Document, err = mediaObject(channels.OutDocument, p.Media, false)
	case channels.ParamVideo:
		out.Video, err = mediaObject(channels.OutVideo, p.Media, false)
	case channels.ParamLocation:
		if p.Location == nil {
			return out, invalidMessage("location parameter without location")
		}
		l := p.Location
		out.Location = &sendLocation{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address}
	case channels.ParamCurrency:
		if p.Currency == nil {
			return out, invalidMessage("currency parameter without value")
		}
		out.Currency = &sendCurrency{FallbackValue: p.Currency.FallbackValue, Code: p.Currency.Code, Amount1000: p.Currency.Amount1000}
	case channels.ParamDateTime:
		if p.DateTime == nil {
			return out, invalidMessage("date_time parameter without value")
		}
		out.DateTime = &sendDateTime{FallbackValue: p.DateTime.FallbackValue}
	default:
		return out, invalidMessage(fmt.Sprintf("unsupported template parameter type %q", p.Type))
	}
	return out, err
}

func invalidMessage(why string) error {
	return fmt.Errorf("whatsapp: %w: %s", channels.ErrInvalidMessage, why)
}
