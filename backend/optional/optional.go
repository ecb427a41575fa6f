// Package optional tells a JSON field that was absent from one set to null.
package optional

import (
	"bytes"
	"encoding/json"
)

// Value is a JSON field that may be absent (Set false), null (Set true,
// Null true) or a value.
type Value[T any] struct {
	Set  bool
	Null bool
	V    T
}

// UnmarshalJSON records that the field was present.
func (o *Value[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// Ptr returns nil for absent or null, else a pointer to the value.
func (o Value[T]) Ptr() *T {
	if !o.Set || o.Null {
		return nil
	}
	v := o.V
	return &v
}
