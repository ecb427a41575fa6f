package channels

import "encoding/json"

// WebhookBatch is everything one webhook call carried. A provider may batch
// many updates, for several business numbers, into one call.
type WebhookBatch struct {
	// Messages are inbound customer messages, in payload order.
	Messages []InboundMessage
	// Statuses are delivery reports for outbound messages, in payload order.
	Statuses []StatusUpdate
	// Errors are errors reported outside any message or status (WhatsApp
	// value.errors[]).
	Errors []WebhookError
	// Changes describes each change of the payload, in order, including those
	// of fields this package does not interpret.
	Changes []ChangeMeta
}

// ChangeMeta describes one change (WhatsApp entry[].changes[]) of a batch.
type ChangeMeta struct {
	// Field is the subscription field, "messages" for message traffic.
	Field string
	// Business is the account and number the change concerns.
	Business Endpoint
	// Value is the change's raw value, kept only for fields other than
	// "messages" so callers can handle them without re-reading the body.
	Value json.RawMessage
}

// WebhookError is a provider error reported at the change level, with the
// business number it concerns.
type WebhookError struct {
	ProviderError
	Business Endpoint
}
