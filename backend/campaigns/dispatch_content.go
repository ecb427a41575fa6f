package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"switchboard/backend/channels"
	"switchboard/backend/contacts"
	"switchboard/backend/inbox"
	"switchboard/backend/placeholders"
	"switchboard/backend/smsseg"
	"switchboard/backend/templates"
)

// sendContent is the part of a campaign's content the engine sends.
type sendContent struct {
	Body          string               `json:"body"`
	SMSTemplateID int64                `json:"sms_template_id"`
	TemplateID    int64                `json:"template_id"`
	Parameters    templates.Parameters `json:"parameters"`
	MediaID       string               `json:"media_id"`
	Location      *Location            `json:"location"`
}

// sendRoute is where session mode routes a new conversation.
type sendRoute struct {
	QueueID int64 `json:"queue_id"`
	UserID  int64 `json:"user_id"`
}

// prepared is a campaign made ready to render per recipient: templates
// loaded once, not per send.
type prepared struct {
	c        *Campaign
	kind     string // channel kind
	text     string // SMS (or text) body with placeholders
	template *templates.WhatsAppTemplate
	params   templates.Parameters
	route    sendRoute
	// media is the MMS attachment, sent by mediaURL (kept valid from
	// mediaLinked on).
	media       *Media
	mediaURL    string
	mediaLinked time.Time
	// linksWithoutRecipient: the account keeps clicks without the recipient.
	linksWithoutRecipient bool
}

// errContent is a campaign whose content cannot be sent any more (its
// template was deleted or is no longer approved).
var errContent = errors.New("campaigns: content cannot be sent")

func (l *senderLoop) prepare(ctx context.Context, c *Campaign) (*prepared, error) {
	p := &prepared{c: c, kind: l.channel.Kind}
	var content sendContent
	if err := json.Unmarshal(c.Content, &content); err != nil {
		return nil, fmt.Errorf("%w: %v", errContent, err)
	}
	if len(c.Route) > 0 {
		_ = json.Unmarshal(c.Route, &p.route)
	}
	db := l.e.db
	switch {
	case content.TemplateID != 0:
		t := new(templates.WhatsAppTemplate)
		if err := db.NewSelect().Model(t).Where("id = ? AND account_id = ?", content.TemplateID, c.AccountID).Scan(ctx); err != nil {
			return nil, fmt.Errorf("%w: the template is gone", errContent)
		}
		if t.Status != templates.StatusApproved {
			return nil, fmt.Errorf("%w: the template is no longer approved (%s)", errContent, t.Status)
		}
		p.template, p.params = t, content.Parameters
		if err := l.templateHeader(ctx, p, &content); err != nil {
			return nil, err
		}
	case content.SMSTemplateID != 0:
		t := new(templates.SMSTemplate)
		if err := db.NewSelect().Model(t).Where("id = ? AND account_id = ?", content.SMSTemplateID, c.AccountID).Scan(ctx); err != nil {
			return nil, fmt.Errorf("%w: the SMS template is gone", errContent)
		}
		p.text = t.Body
	default:
		p.text = content.Body
	}
	if content.MediaID != "" && p.kind == inbox.KindSMS {
		m, err := mediaOf(ctx, db, c.AccountID, content.MediaID)
		if errors.Is(err, errNoMedia) {
			return nil, fmt.Errorf("%w: the media file is gone", errContent)
		} else if err != nil {
			return nil, err
		}
		p.media = m
		if err := l.linkMedia(ctx, p); err != nil {
			return nil, err
		}
	}
	if c.TrackLinks {
		if err := db.NewSelect().TableExpr("accounts").Column("clicks_without_recipient").
			Where("id = ?", c.AccountID).Scan(ctx, &p.linksWithoutRecipient); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// templateHeader fills a template's media header from content.media_id
// (uploaded to the provider once, not per recipient) and its location
// header from content.location.
func (l *senderLoop) templateHeader(ctx context.Context, p *prepared, content *sendContent) error {
	if templateHasLocation(p.template) && content.Location != nil {
		loc := content.Location
		p.params.Header = &templates.HeaderValue{Type: "location", Location: &templates.HeaderLocation{
			Name: loc.Name, Address: loc.Address, Latitude: loc.Latitude, Longitude: loc.Longitude}}
		return nil
	}
	kind := headerMediaType(p.template)
	if kind == "" || content.MediaID == "" || p.params.Header != nil {
		return nil
	}
	m, err := mediaOf(ctx, l.e.db, p.c.AccountID, content.MediaID)
	if errors.Is(err, errNoMedia) {
		return fmt.Errorf("%w: the header media file is gone", errContent)
	} else if err != nil {
		return err
	}
	id, err := l.e.media.providerID(ctx, l.e.cfg.Inbox, &l.channel, &l.sender, m)
	if se, ok := channels.AsSendError(err); ok && se.Permanent {
		return fmt.Errorf("%w: the provider refused the header media: %s %s", errContent, se.Code, se.Title)
	} else if errors.Is(err, channels.ErrInvalidMessage) {
		return fmt.Errorf("%w: %v", errContent, err)
	} else if err != nil {
		return err
	}
	h := &templates.HeaderValue{Type: kind, ID: id}
	if kind == "document" {
		h.Filename = m.Filename
	}
	p.params.Header = h
	return nil
}

// inboxMedia is the MMS attachment as a session-mode message keeps it
// (nil without one), so the conversation shows the file that was sent.
func (p *prepared) inboxMedia() *inbox.Media {
	if p.media == nil {
		return nil
	}
	m := p.media
	return &inbox.Media{Key: m.Key, MIME: m.MIME, Size: m.Size, Filename: m.Filename, State: "ready"}
}

// linkMedia (re)opens the MMS attachment's public link for another
// inbox.PublicMediaTTL.
func (l *senderLoop) linkMedia(ctx context.Context, p *prepared) error {
	url, err := l.e.media.publicLink(ctx, l.e.cfg.PublicURL, p.media)
	if err != nil {
		return err
	}
	p.mediaURL, p.mediaLinked = url, time.Now()
	return nil
}

// rendered is one recipient's message.
type rendered struct {
	body     string
	template *channels.Template
	mediaURL string
	// cost is the number of tokens the send takes: SMS segments, else 1.
	cost float64
}

// values are the placeholder values of a recipient: the contact's fields
// and attributes, overridden by the recipient's own variables (CSV columns).
func values(c *contacts.Contact, number string, vars map[string]string) map[string]string {
	pc := placeholders.Contact{}
	if c != nil {
		pc.Name, pc.FirstName, pc.LastName = c.Name, c.FirstName, c.LastName
		if c.SMSNumber != nil {
			pc.SMSNumber = *c.SMSNumber
		}
		if c.WhatsAppNumber != nil {
			pc.WhatsAppNumber = *c.WhatsAppNumber
		}
		pc.Attributes = map[string]string{}
		for k, v := range c.Attributes {
			if s, ok := v.(string); ok {
				pc.Attributes[k] = s
			} else if v != nil {
				pc.Attributes[k] = fmt.Sprint(v)
			}
		}
	}
	v := placeholders.Values(pc)
	if v["phone"] == "" {
		v["phone"] = number
	}
	for k, val := range vars {
		v[k] = val
	}
	return v
}

// render fills the content for one recipient; shorten rewrites a link
// (nil when the campaign does not track links).
func (p *prepared) render(c *contacts.Contact, number string, vars map[string]string, shorten func(string) (string, error)) (rendered, error) {
	vals := values(c, number, vars)
	fill := func(s string) (string, error) {
		out, _ := placeholders.Fill(s, vals)
		if shorten != nil {
			return ReplaceLinks(out, shorten)
		}
		return out, nil
	}
	if p.template == nil {
		body, err := fill(p.text)
		if err != nil {
			return rendered{}, err
		}
		r := rendered{body: body, cost: 1, mediaURL: p.mediaURL}
		if p.kind == inbox.KindSMS {
			if n := smsseg.Count(body).Segments; n > 1 {
				r.cost = float64(n)
			}
		}
		return r, nil
	}
	params, err := fillParameters(p.params, fill, func(s string) string { out, _ := placeholders.Fill(s, vals); return out })
	if err != nil {
		return rendered{}, err
	}
	filled, err := templates.Fill(p.template, params)
	if err != nil {
		return rendered{}, err
	}
	return rendered{body: filled.Preview, template: filled.Template, cost: 1}, nil
}

// fillParameters fills placeholders in every text value of a template's
// parameters (fixed values stay as they are).
func fillParameters(in templates.Parameters, fill func(string) (string, error), plain func(string) string) (templates.Parameters, error) {
	out := in
	var err error
	if in.Header != nil {
		h := *in.Header
		if h.Text, err = fill(h.Text); err != nil {
			return out, err
		}
		out.Header = &h
	}
	if len(in.Buttons) > 0 {
		out.Buttons = make([]string, len(in.Buttons))
		for i, b := range in.Buttons {
			// Button values are URL suffixes and payloads: never shortened.
			out.Buttons[i] = plain(b)
		}
	}
	if len(in.Body) > 0 {
		var list []string
		if json.Unmarshal(in.Body, &list) == nil {
			for i := range list {
				if list[i], err = fill(list[i]); err != nil {
					return out, err
				}
			}
			out.Body, _ = json.Marshal(list)
			return out, nil
		}
		var named map[string]string
		if json.Unmarshal(in.Body, &named) == nil {
			for k := range named {
				if named[k], err = fill(named[k]); err != nil {
					return out, err
				}
			}
			out.Body, _ = json.Marshal(named)
		}
	}
	return out, nil
}
