package realtime

import (
	"encoding/json"
	"fmt"
)

// Event types sent to clients. Durable types are recorded in the events table
// and carry a seq; ephemeral types are only broadcast and carry none.
const (
	TypeConversationCreated = "conversation.created"
	TypeConversationUpdated = "conversation.updated"
	TypeMessageCreated      = "message.created"
	TypeMessageUpdated      = "message.updated"
	TypeContactUpdated      = "contact.updated"
	TypeCampaignUpdated     = "campaign.updated"
	TypeTyping              = "typing"
	TypePresence            = "presence"

	// TypeResync tells a client that this instance may have missed events
	// (its database listener was cut off and could not catch up): the
	// client refetches what it shows. Only the hub sends it (Hub.Resync).
	TypeResync = "resync"
)

// ephemeralTypes are never stored, are dropped first when a client falls
// behind, and are lost when an instance is cut off from the database.
var ephemeralTypes = map[string]bool{
	TypeTyping:   true,
	TypePresence: true,
}

// IsEphemeral reports whether events of type typ are broadcast only (not
// recorded, no seq, dropped first under back-pressure).
func IsEphemeral(typ string) bool { return ephemeralTypes[typ] }

// Event is one realtime event. Its JSON form is the wire envelope sent to
// clients: {"type":"message.created","seq":123,"account_id":1,"data":{…}}.
// Audience never leaves the server.
type Event struct {
	Type      string          `json:"type"`
	Seq       int64           `json:"seq,omitempty"`
	AccountID int64           `json:"account_id"`
	Data      json.RawMessage `json:"data"`
	Audience  Audience        `json:"-"`
}

// Audience says who an event is about, so that the hub's Allow policy can
// decide per subscriber whether to deliver it. It crosses instances with the
// event. The zero Audience means "the whole account"; what each field
// grants is the policy's decision, not the hub's.
type Audience struct {
	ConversationID int64    `json:"conversation_id,omitempty"`
	QueueID        int64    `json:"queue_id,omitempty"`
	AssigneeID     int64    `json:"assignee_id,omitempty"`
	UserIDs        []int64  `json:"user_ids,omitempty"`
	Roles          []string `json:"roles,omitempty"`
}

// HasUser reports whether id is listed in a.UserIDs.
func (a Audience) HasUser(id int64) bool {
	for _, u := range a.UserIDs {
		if u == id {
			return true
		}
	}
	return false
}

// HasRole reports whether role is listed in a.Roles.
func (a Audience) HasRole(role string) bool {
	for _, r := range a.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// NewEvent builds an event of type typ for accountID with data encoded as JSON.
func NewEvent(typ string, accountID int64, aud Audience, data any) (*Event, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("realtime: unable to encode %s event: %w", typ, err)
	}
	return &Event{Type: typ, AccountID: accountID, Data: raw, Audience: aud}, nil
}

// Ephemeral reports whether ev is broadcast only.
func (ev *Event) Ephemeral() bool { return IsEphemeral(ev.Type) }

func (ev *Event) validate() error {
	if ev.Type == "" {
		return fmt.Errorf("realtime: event without type")
	}
	if ev.AccountID <= 0 {
		return fmt.Errorf("realtime: %s event without account", ev.Type)
	}
	if len(ev.Data) == 0 {
		ev.Data = json.RawMessage("{}")
	}
	if !json.Valid(ev.Data) {
		return fmt.Errorf("realtime: %s event data is not valid JSON", ev.Type)
	}
	return nil
}
