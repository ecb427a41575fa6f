package campaigns

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"switchboard/backend/apperror"
	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/inbox"
	"switchboard/backend/placeholders"
	"switchboard/backend/templates"
)

// plan is a checked input: what the campaign's row and recipients are made of.
type plan struct {
	in          Input
	channelKind string // the channel's kind (whatsapp_cloud, sandbox, sms_twilio)
	kind        string // consent kind: sms or whatsapp
	numberType  string
	numbers     []string // typed numbers in E.164, in order
	country     string
	sendAt      *time.Time
	columns     []string // the recipients file's variable columns
	bookIDs     []int64  // the phone book filter's matches
}

// pastGrace is how far in the past a send time may be and still mean "now"
// (the form was filled a moment ago).
const pastGrace = 5 * time.Minute

// contactFields are the placeholders every contact has.
var contactFields = map[string]bool{"name": true, "first_name": true, "last_name": true,
	"phone": true, "sms_number": true, "whatsapp_number": true}

// check validates in for accountID and reports every problem at once, each
// naming its field.
func (s *Service) check(ctx context.Context, accountID int64, in Input) (*plan, error) {
	v := &apperror.Validation{}
	p := &plan{in: in}
	in.Name = strings.TrimSpace(in.Name)
	p.in.Name = in.Name
	v.Check(in.Name != "", "name", "is required")
	v.Check(utf8.RuneCountInString(in.Name) <= 200, "name", "must be at most 200 characters")
	v.Check(in.Mode == ModeSession || in.Mode == ModeDirect, "mode", "must be session or direct")
	if p.in.TimeZone == "" {
		p.in.TimeZone = DefaultTimeZone
	}
	_, tzErr := time.LoadLocation(p.in.TimeZone)
	v.Check(tzErr == nil && p.in.TimeZone != "Local", "time_zone", "must be an IANA time zone such as Europe/Vienna")

	if err := s.checkChannel(ctx, accountID, p, v); err != nil {
		return nil, err
	}
	if err := s.checkRoute(ctx, accountID, p, v); err != nil {
		return nil, err
	}
	if in.SendAt != nil && tzErr == nil {
		t, err := sendTime(*in.SendAt, p.in.TimeZone)
		switch {
		case err != nil:
			v.Check(false, "send_at", "must be an RFC 3339 time or a local time such as 2026-12-24T09:00")
		case !in.Draft && t.Before(s.now().Add(-pastGrace)):
			v.Check(false, "send_at", "is in the past")
		default:
			p.sendAt = &t
		}
	}
	if err := s.checkRecipients(ctx, accountID, p, v); err != nil {
		return nil, err
	}
	if p.kind != "" {
		if err := s.checkContent(ctx, accountID, p, v); err != nil {
			return nil, err
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) checkChannel(ctx context.Context, accountID int64, p *plan, v *apperror.Validation) error {
	if p.in.ChannelID == 0 {
		v.Check(false, "channel_id", "is required")
		return nil
	}
	err := s.db.NewSelect().Table("channels").Column("kind").
		Where("id = ? AND account_id = ?", p.in.ChannelID, accountID).Scan(ctx, &p.channelKind)
	if errors.Is(err, sql.ErrNoRows) {
		v.Check(false, "channel_id", "is not a channel of this account")
		return nil
	}
	if err != nil {
		return fmt.Errorf("campaigns: channel: %w", err)
	}
	p.kind = consent.KindOf(p.channelKind)
	if p.in.SenderID == 0 {
		v.Check(false, "sender_id", "is required")
		return nil
	}
	ok, err := s.db.NewSelect().Table("channel_senders").
		Where("id = ? AND channel_id = ? AND account_id = ?", p.in.SenderID, p.in.ChannelID, accountID).Exists(ctx)
	if err != nil {
		return fmt.Errorf("campaigns: sender: %w", err)
	}
	v.Check(ok, "sender_id", "is not a sender number of this channel")
	return nil
}

func (s *Service) checkRoute(ctx context.Context, accountID int64, p *plan, v *apperror.Validation) error {
	r := p.in.Route
	switch {
	case r.QueueID != 0 && r.UserID != 0:
		v.Check(false, "route", "give either queue_id or user_id")
	case p.in.Mode == ModeDirect:
		p.in.Route = Route{} // direct sends open no conversation to route
	case r.QueueID != 0:
		ok, err := s.db.NewSelect().Table("queues").Where("id = ? AND account_id = ?", r.QueueID, accountID).Exists(ctx)
		if err != nil {
			return fmt.Errorf("campaigns: queue: %w", err)
		}
		v.Check(ok, "route.queue_id", "is not a queue of this account")
	case r.UserID != 0:
		ok, err := s.db.NewSelect().Table("memberships").Where("user_id = ? AND account_id = ?", r.UserID, accountID).Exists(ctx)
		if err != nil {
			return fmt.Errorf("campaigns: route user: %w", err)
		}
		v.Check(ok, "route.user_id", "is not a user of this account")
	}
	return nil
}

func (s *Service) checkRecipients(ctx context.Context, accountID int64, p *plan, v *apperror.Validation) error {
	r := p.in.Recipients
	if len(r.Numbers) == 0 && len(r.GroupIDs) == 0 && r.Contacts == nil && r.CSVUploadID == 0 {
		v.Check(false, "recipients", "give numbers, a recipients file, groups or the phone book")
		return nil
	}
	v.Check(len(r.Numbers) <= MaxNumbers, "recipients.numbers", fmt.Sprintf("at most %d numbers can be typed; upload a file instead", MaxNumbers))
	p.numberType = r.NumberType
	if p.numberType == "" {
		p.numberType = p.kind
	}
	v.Check(p.numberType == "" || p.numberType == NumberSMS || p.numberType == NumberWhatsApp,
		"recipients.number_type", "must be sms or whatsapp")
	p.in.Recipients.NumberType = p.numberType
	country, err := s.contacts.DefaultCountry(ctx, s.db, accountID)
	if err != nil {
		return err
	}
	p.country = country
	for i, raw := range r.Numbers {
		n, err := contacts.NormalizeNumber(raw, country)
		if err != nil {
			v.Check(false, "recipients.numbers."+strconv.Itoa(i), fmt.Sprintf("%q is not a phone number", raw))
			continue
		}
		p.numbers = append(p.numbers, n)
	}
	for i, id := range r.GroupIDs {
		ok, err := s.db.NewSelect().Table("contact_groups").Where("id = ? AND account_id = ?", id, accountID).Exists(ctx)
		if err != nil {
			return fmt.Errorf("campaigns: group: %w", err)
		}
		v.Check(ok, "recipients.group_ids."+strconv.Itoa(i), "is not a group of this account")
	}
	if r.CSVUploadID != 0 {
		var cols string
		err := s.db.NewSelect().Table("campaign_files").Column("columns").
			Where("id = ? AND account_id = ?", r.CSVUploadID, accountID).Scan(ctx, &cols)
		if errors.Is(err, sql.ErrNoRows) {
			v.Check(false, "recipients.csv_upload_id", "is not a recipients file of this account")
		} else if err != nil {
			return fmt.Errorf("campaigns: recipients file: %w", err)
		} else if err := json.Unmarshal([]byte(cols), &p.columns); err != nil {
			return fmt.Errorf("campaigns: recipients file columns: %w", err)
		}
	}
	return nil
}

// placeholderKnown reports whether name can be filled for every recipient:
// a contact field, an attribute or a column of the recipients file.
func (p *plan) placeholderKnown(name string, attrs map[string]bool) bool {
	if contactFields[name] || attrs[name] {
		return true
	}
	for _, c := range p.columns {
		if c == name {
			return true
		}
	}
	for _, prefix := range []string{"attr.", "attributes."} {
		if k, ok := strings.CutPrefix(name, prefix); ok && k != "" {
			return true
		}
	}
	return false
}

func (s *Service) attributeKeys(ctx context.Context, accountID int64) (map[string]bool, error) {
	var keys []string
	if err := s.db.NewSelect().Table("contact_attributes").Column("key").
		Where("account_id = ?", accountID).Scan(ctx, &keys); err != nil {
		return nil, fmt.Errorf("campaigns: attribute keys: %w", err)
	}
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out, nil
}

func (s *Service) checkPlaceholders(p *plan, attrs map[string]bool, v *apperror.Validation, field, text string) {
	for _, name := range placeholders.Names(text) {
		v.Check(p.placeholderKnown(name, attrs), field,
			fmt.Sprintf("{{%s}} is neither a contact field, an attribute nor a column of the recipients file", name))
	}
}

func (s *Service) checkContent(ctx context.Context, accountID int64, p *plan, v *apperror.Validation) error {
	c := p.in.Content
	attrs, err := s.attributeKeys(ctx, accountID)
	if err != nil {
		return err
	}
	if p.kind == consent.KindSMS {
		v.Check(c.TemplateID == 0, "content.template_id", "SMS campaigns take a text, an SMS template or a media file")
		v.Check(c.Parameters == nil && c.Location == nil, "content.parameters", "SMS campaigns take no template parameters")
		v.Check(c.Body == "" || c.SMSTemplateID == 0, "content.body", "give either a text or an SMS template")
		if c.Body == "" && c.SMSTemplateID == 0 && c.MediaID == "" {
			v.Check(false, "content.body", "is required (or an SMS template or a media file)")
		}
		body := c.Body
		if c.SMSTemplateID != 0 {
			var t templates.SMSTemplate
			err := s.db.NewSelect().Model(&t).Where("id = ? AND account_id = ?", c.SMSTemplateID, accountID).Scan(ctx)
			if errors.Is(err, sql.ErrNoRows) {
				v.Check(false, "content.sms_template_id", "is not an SMS template of this account")
			} else if err != nil {
				return fmt.Errorf("campaigns: sms template: %w", err)
			}
			body = t.Body
		}
		v.Check(utf8.RuneCountInString(body) <= MaxSMSLength, "content.body", fmt.Sprintf("must be at most %d characters", MaxSMSLength))
		s.checkPlaceholders(p, attrs, v, "content.body", body)
		if c.MediaID != "" {
			if _, err := s.checkMedia(ctx, accountID, p.channelKind, c.MediaID, v); err != nil {
				return err
			}
		}
		return nil
	}
	v.Check(c.Body == "", "content.body", "WhatsApp campaigns send an approved template")
	v.Check(c.SMSTemplateID == 0, "content.sms_template_id", "WhatsApp campaigns send an approved template")
	if c.TemplateID == 0 {
		v.Check(false, "content.template_id", "is required")
		return nil
	}
	t, err := s.templates.Get(ctx, accountID, c.TemplateID)
	switch {
	case errors.Is(err, apperror.ErrNotFound):
		v.Check(false, "content.template_id", "is not a template of this account")
		return nil
	case err != nil:
		return err
	case t.ChannelID != p.in.ChannelID:
		v.Check(false, "content.template_id", "belongs to another channel")
		return nil
	case t.Status != templates.StatusApproved:
		v.Check(false, "content.template_id", "is not approved; only approved templates can be sent")
		return nil
	}
	params := templates.Parameters{}
	if c.Parameters != nil {
		params = *c.Parameters
	}
	location := templateHasLocation(t.WhatsAppTemplate)
	if location {
		l := c.Location
		switch {
		case l == nil:
			v.Check(false, "content.location", "is required: the template's header is a location")
		case strings.TrimSpace(l.Name) == "" || strings.TrimSpace(l.Address) == "":
			v.Check(false, "content.location", "needs a name and an address")
		case math.IsNaN(l.Latitude) || l.Latitude < -90 || l.Latitude > 90 || math.IsNaN(l.Longitude) || l.Longitude < -180 || l.Longitude > 180:
			v.Check(false, "content.location", "needs a latitude from -90 to 90 and a longitude from -180 to 180")
		}
	} else {
		v.Check(c.Location == nil, "content.location", "this template's header is not a location")
	}
	if c.MediaID != "" {
		header := headerMediaType(t.WhatsAppTemplate)
		kind, err := s.checkMedia(ctx, accountID, p.channelKind, c.MediaID, v)
		switch {
		case err != nil:
			return err
		case header == "":
			v.Check(false, "content.media_id", "this template's header takes no media")
		case kind != "" && kind != header:
			v.Check(false, "content.media_id", fmt.Sprintf("must be a %s file: the template's header is one", header))
		}
		if header != "" && params.Header == nil {
			// Stands in for the provider's media id, uploaded at send time.
			params.Header = &templates.HeaderValue{Type: header, ID: c.MediaID}
		}
	}
	if location && c.Location != nil {
		l := c.Location
		params.Header = &templates.HeaderValue{Type: "location", Location: &templates.HeaderLocation{
			Name: l.Name, Address: l.Address, Latitude: l.Latitude, Longitude: l.Longitude}}
	}
	_, err = templates.Fill(t.WhatsAppTemplate, params)
	var ae *apperror.Error
	if errors.As(err, &ae) {
		for k, msg := range ae.Fields {
			if location && k == "header" {
				continue // a location header is filled from content.location
			}
			v.Check(false, "content.parameters."+k, msg)
		}
	} else if err != nil {
		return err
	}
	for _, text := range parameterTexts(params) {
		s.checkPlaceholders(p, attrs, v, "content.parameters", text)
	}
	return nil
}

// checkMedia checks that id names a media file of the account that the
// channel can send, and reports its kind (image, video, document…; empty
// when it is not usable).
func (s *Service) checkMedia(ctx context.Context, accountID int64, channelKind, id string, v *apperror.Validation) (string, error) {
	m, err := mediaOf(ctx, s.db, accountID, id)
	if errors.Is(err, errNoMedia) {
		v.Check(false, "content.media_id", "is not a media file of this account")
		return "", nil
	}
	if err != nil {
		return "", err
	}
	kind, err := inbox.CheckMedia(channelKind, m.MIME, m.Size)
	var ae *apperror.Error
	if errors.As(err, &ae) {
		v.Check(false, "content.media_id", ae.Message)
		return "", nil
	}
	return kind, err
}

func templateHasLocation(t *templates.WhatsAppTemplate) bool {
	for _, c := range t.Components {
		if strings.EqualFold(c.Type, "HEADER") && strings.EqualFold(c.Format, "LOCATION") {
			return true
		}
	}
	return false
}

func headerMediaType(t *templates.WhatsAppTemplate) string {
	for _, c := range t.Components {
		if strings.EqualFold(c.Type, "HEADER") {
			switch f := strings.ToUpper(c.Format); f {
			case "IMAGE", "VIDEO", "DOCUMENT":
				return strings.ToLower(f)
			}
		}
	}
	return ""
}

// parameterTexts lists the text values of a template's parameters, which
// may hold placeholders such as {{first_name}}.
func parameterTexts(p templates.Parameters) []string {
	var out []string
	if p.Header != nil && p.Header.Type == "text" {
		out = append(out, p.Header.Text)
	}
	var list []string
	var named map[string]string
	if len(p.Body) > 0 {
		if err := json.Unmarshal(p.Body, &list); err != nil {
			_ = json.Unmarshal(p.Body, &named)
		}
	}
	out = append(out, list...)
	for _, v := range named {
		out = append(out, v)
	}
	return append(out, p.Buttons...)
}
