package contacts

import (
	"bytes"
	"encoding/json"
)

// Optional is a JSON field that may be absent (Set false), null (Set true,
// Null true) or a value: PATCH bodies change only the fields they name.
type Optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records that the field was present.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// Some returns a set Optional holding v.
func Some[T any](v T) Optional[T] { return Optional[T]{Set: true, Value: v} }

// Input is what a contact is created or changed with. Numbers may be
// national (read in the account's default country); null or "" clears a
// number. Attributes are raw values by key: strings are parsed by the
// attribute's type, numbers and yes/no are taken as they are if the type
// fits, null or "" clears.
type Input struct {
	Name           Optional[string]           `json:"name"`
	FirstName      Optional[string]           `json:"first_name"`
	LastName       Optional[string]           `json:"last_name"`
	SMSNumber      Optional[string]           `json:"sms_number"`
	WhatsAppNumber Optional[string]           `json:"whatsapp_number"`
	Status         Optional[string]           `json:"status"`
	Blocked        Optional[bool]             `json:"blocked"`
	Attributes     map[string]json.RawMessage `json:"attributes"`
}
