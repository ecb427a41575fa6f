package realtime

import (
	"encoding/json"
	"fmt"
)

// NotifyChannel is the PostgreSQL channel that carries events between
// instances.
const NotifyChannel = "switchboard_events"

// maxNotifyPayload stays under PostgreSQL's NOTIFY payload limit (8000
// bytes by default). Larger events are announced by seq only and read back
// from the events table.
const maxNotifyPayload = 7900

// storedData is the content of events.data: the event's data and its
// audience, which the table has no column for (see the package doc).
type storedData struct {
	Audience *Audience       `json:"audience,omitempty"`
	Data     json.RawMessage `json:"data"`
}

func (a Audience) isZero() bool {
	return a.ConversationID == 0 && a.QueueID == 0 && a.AssigneeID == 0 &&
		len(a.UserIDs) == 0 && len(a.Roles) == 0
}

func encodeStored(ev *Event) ([]byte, error) {
	sd := storedData{Data: ev.Data}
	if !ev.Audience.isZero() {
		sd.Audience = &ev.Audience
	}
	b, err := json.Marshal(sd)
	if err != nil {
		return nil, fmt.Errorf("realtime: unable to encode %s event: %w", ev.Type, err)
	}
	return b, nil
}

// decodeStored builds an event from a row of the events table.
func decodeStored(id, accountID int64, typ string, data []byte) (Event, error) {
	var sd storedData
	if err := json.Unmarshal(data, &sd); err != nil {
		return Event{}, fmt.Errorf("realtime: event %d has malformed data: %w", id, err)
	}
	ev := Event{Type: typ, Seq: id, AccountID: accountID, Data: sd.Data}
	if sd.Audience != nil {
		ev.Audience = *sd.Audience
	}
	if len(ev.Data) == 0 {
		ev.Data = json.RawMessage("{}")
	}
	return ev, nil
}

// notifyPayload is what travels through NOTIFY: the whole event, or only
// its seq (Ref) when the event is too large.
type notifyPayload struct {
	Seq       int64           `json:"seq,omitempty"`
	Ref       bool            `json:"ref,omitempty"`
	Type      string          `json:"type,omitempty"`
	AccountID int64           `json:"account_id,omitempty"`
	Audience  *Audience       `json:"audience,omitempty"`
	Data      json.RawMessage `json:"data,omitempty"`
}

func (p notifyPayload) event() *Event {
	ev := &Event{Type: p.Type, Seq: p.Seq, AccountID: p.AccountID, Data: p.Data}
	if p.Audience != nil {
		ev.Audience = *p.Audience
	}
	return ev
}

func encodeNotify(ev *Event) ([]byte, error) {
	p := notifyPayload{Type: ev.Type, AccountID: ev.AccountID, Data: ev.Data}
	if !ev.Audience.isZero() {
		p.Audience = &ev.Audience
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("realtime: unable to encode %s event: %w", ev.Type, err)
	}
	return b, nil
}

// seqPrefix and the suffix returned by notifyParts frame a payload around
// the seq, which only the INSERT knows: prefix || id || suffix.
const seqPrefix = `{"seq":`

// notifyParts returns the payload suffix for a durable event: the whole
// event when it fits into NOTIFY, else only a reference.
func notifyParts(ev *Event) (string, error) {
	full, err := encodeNotify(ev)
	if err != nil {
		return "", err
	}
	// full is {"type":…}; turn it into ,"type":…} to follow {"seq":<id>
	if len(seqPrefix)+20+len(full) <= maxNotifyPayload {
		return "," + string(full[1:]), nil
	}
	return `,"ref":true}`, nil
}
