package campaigns

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
	_ "time/tzdata" // scheduled campaigns name IANA time zones on any host

	"switchboard/backend/contacts"
	"switchboard/backend/templates"
)

// Input creates a campaign; PATCH sends any of its keys.
type Input struct {
	Name       string         `json:"name"`
	ChannelID  int64          `json:"channel_id"`
	SenderID   int64          `json:"sender_id"`
	Recipients RecipientsSpec `json:"recipients"`
	Content    Content        `json:"content"`
	// SendAt is an RFC 3339 time, or a local time (2026-12-24T09:00) read in
	// TimeZone; null and not Draft means now.
	SendAt     *string `json:"send_at"`
	TimeZone   string  `json:"time_zone"`
	Draft      bool    `json:"draft"`
	Mode       string  `json:"mode"`
	Route      Route   `json:"route"`
	TrackLinks bool    `json:"track_links"`
}

// RecipientsSpec says who receives a campaign; the sources are combined and
// de-duplicated by number.
type RecipientsSpec struct {
	Numbers  []string         `json:"numbers,omitempty"`
	GroupIDs []int64          `json:"group_ids,omitempty"`
	Contacts *contacts.Filter `json:"contacts,omitempty"`
	// NumberType is the contact number groups and the phone book use: sms
	// or whatsapp; it defaults to the channel's kind.
	NumberType  string `json:"number_type,omitempty"`
	CSVUploadID int64  `json:"csv_upload_id,omitempty"`
}

// Content is what a campaign sends: on SMS a body, an SMS template or an
// MMS media id; on WhatsApp an approved template with its parameters.
type Content struct {
	Body          string                `json:"body,omitempty"`
	SMSTemplateID int64                 `json:"sms_template_id,omitempty"`
	TemplateID    int64                 `json:"template_id,omitempty"`
	Parameters    *templates.Parameters `json:"parameters,omitempty"`
	MediaID       string                `json:"media_id,omitempty"`
	// Location fills a template's location header.
	Location *Location `json:"location,omitempty"`
}

// Location is a template's location header (the page fills it from a
// pasted Google Maps URL).
type Location struct {
	Name      string  `json:"name"`
	Address   string  `json:"address"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// Route is where session mode routes a new conversation.
type Route struct {
	QueueID int64 `json:"queue_id,omitempty"`
	UserID  int64 `json:"user_id,omitempty"`
}

// DefaultTimeZone is the time zone of a campaign that names none.
const DefaultTimeZone = "Europe/Vienna"

// MaxSMSLength bounds an SMS campaign's text (10 segments of GSM-7 and more).
const MaxSMSLength = 1600

// MaxNumbers bounds the numbers typed into one campaign.
const MaxNumbers = 10000

// localLayouts are the send_at forms without an offset, read in the time zone.
var localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"}

// sendTime reads send_at: an absolute RFC 3339 time, or a local time in tz.
func sendTime(s string, tz string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.Time{}, err
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("campaigns: unreadable time %q", s)
}

// inputOf rebuilds the input a stored campaign was made from, so a PATCH
// changes only the keys it sends.
func inputOf(c *Campaign) (Input, error) {
	in := Input{Name: c.Name, ChannelID: c.ChannelID, SenderID: c.SenderID, TimeZone: c.TimeZone,
		Draft: c.Status == StatusDraft, Mode: c.Mode, TrackLinks: c.TrackLinks}
	if c.SendAt != nil {
		s := c.SendAt.Format(time.RFC3339)
		in.SendAt = &s
	}
	for _, part := range []struct {
		raw json.RawMessage
		v   any
	}{{c.RecipientsSpec, &in.Recipients}, {c.Content, &in.Content}, {c.Route, &in.Route}} {
		if len(part.raw) == 0 {
			continue
		}
		if err := json.Unmarshal(part.raw, part.v); err != nil {
			return Input{}, fmt.Errorf("campaigns: stored campaign %d: %w", c.ID, err)
		}
	}
	return in, nil
}

// merge applies a PATCH body to in: each key sent replaces that value
// wholesale (recipients, content and route are not merged key by key).
func merge(in Input, patch json.RawMessage) (Input, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(patch, &keys); err != nil {
		return in, err
	}
	for k := range keys {
		switch k {
		case "recipients":
			in.Recipients = RecipientsSpec{}
		case "content":
			in.Content = Content{}
		case "route":
			in.Route = Route{}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(patch))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return in, err
	}
	return in, nil
}

// jsonValue binds v as a JSON query argument.
type jsonValue struct{ v any }

// Value encodes the argument for the driver.
func (j jsonValue) Value() (driver.Value, error) {
	b, err := json.Marshal(j.v)
	return string(b), err
}
