package channels

import (
	"encoding/json"
	"time"
)

// Status is the normalized delivery state of an outbound message. Providers
// report states out of order, so callers apply an update only when it
// Supersedes the stored one.
type Status int

// Delivery states, declared in Rank order.
const (
	// StatusUnknown is a provider state this package does not know; it never
	// supersedes anything.
	StatusUnknown Status = iota
	// StatusPending: created locally, not yet accepted by the provider.
	StatusPending
	// StatusAccepted: the provider took the request (HTTP 200/201, Twilio
	// queued/accepted/scheduled).
	StatusAccepted
	// StatusSent: handed to the network.
	StatusSent
	// StatusFailed: will not be delivered. It outranks sent (a late "sent"
	// must not revive a failed message) but not delivered: a delivery or
	// read receipt is proof the message arrived, whatever failed before.
	StatusFailed
	// StatusDelivered: on the recipient's device.
	StatusDelivered
	// StatusRead: opened. WhatsApp may skip "delivered" and send this.
	StatusRead
	// StatusPlayed: a voice message was played; implies read.
	StatusPlayed
)

var statusNames = [...]string{
	StatusUnknown:   "unknown",
	StatusPending:   "pending",
	StatusAccepted:  "accepted",
	StatusSent:      "sent",
	StatusFailed:    "failed",
	StatusDelivered: "delivered",
	StatusRead:      "read",
	StatusPlayed:    "played",
}

// Rank orders statuses: a higher rank is further along.
func (s Status) Rank() int {
	if s < StatusUnknown || s > StatusPlayed {
		return 0
	}
	return int(s)
}

// Supersedes reports whether s should replace current, i.e. moves the message
// strictly forward.
func (s Status) Supersedes(current Status) bool {
	return s.Rank() > current.Rank()
}

// String returns the status's stable lower-case name (suitable for storage).
func (s Status) String() string {
	if s.Rank() == 0 {
		return statusNames[StatusUnknown]
	}
	return statusNames[s]
}

// ParseStatus is the inverse of String; unknown names give StatusUnknown.
func ParseStatus(name string) Status {
	for s, n := range statusNames {
		if n == name {
			return Status(s)
		}
	}
	return StatusUnknown
}

// StatusUpdate is one delivery report for an outbound message.
type StatusUpdate struct {
	// ProviderMessageID is the id Send returned for the message.
	ProviderMessageID string
	// Status is normalized; ProviderStatus keeps the provider's word.
	Status         Status
	ProviderStatus string
	// Timestamp is when the provider recorded the state.
	Timestamp time.Time
	// Recipient is the customer's number; RecipientUserID the provider's
	// user id when the number is absent.
	Recipient       string
	RecipientUserID string
	// Business is the number the message was sent from.
	Business Endpoint
	// Errors explain a failed status.
	Errors []ProviderError
	// Raw is this single status's JSON exactly as received.
	Raw json.RawMessage
}

// ProviderError is an error a provider reported in a webhook.
type ProviderError struct {
	// Code is the provider's error code as a string (e.g. "131047").
	Code    string
	Title   string
	Message string
	Details string
	// Permanent is the adapter's judgement that resending will not help.
	Permanent bool
}
