package whatsapp

import (
	"encoding/json"
	"fmt"

	"switchboard/backend/channels"
)

// webhookObject is the only "object" value WhatsApp webhooks carry.
const webhookObject = "whatsapp_business_account"

// ParseWebhook normalizes a WhatsApp webhook body: every entry and change,
// inbound messages of all types, statuses with their errors, and
// change-level errors. Changes of fields other than "messages" are listed in
// Changes with their raw value and otherwise left alone. Message types this
// package does not know become channels.TypeUnsupported with their raw JSON.
// Malformed JSON or an unexpected "object" returns an error wrapping
// channels.ErrInvalidPayload.
func ParseWebhook(raw []byte) (*channels.WebhookBatch, error) {
	var w wireWebhook
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, invalidPayload("body", err)
	}
	if w.Object != webhookObject {
		return nil, fmt.Errorf("whatsapp: %w: object is %q, want %q", channels.ErrInvalidPayload, w.Object, webhookObject)
	}
	batch := &channels.WebhookBatch{}
	for ei, entry := range w.Entry {
		for ci, change := range entry.Changes {
			where := fmt.Sprintf("entry[%d].changes[%d]", ei, ci)
			if err := parseChange(batch, entry.ID, change, where); err != nil {
				return nil, err
			}
		}
	}
	return batch, nil
}

func parseChange(batch *channels.WebhookBatch, accountID string, change wireChange, where string) error {
	if change.Field != "messages" {
		batch.Changes = append(batch.Changes, channels.ChangeMeta{
			Field:    change.Field,
			Business: channels.Endpoint{AccountID: accountID},
			Value:    change.Value,
		})
		return nil
	}
	var v wireValue
	if len(change.Value) > 0 {
		if err := json.Unmarshal(change.Value, &v); err != nil {
			return invalidPayload(where+".value", err)
		}
	}
	biz := channels.Endpoint{
		AccountID:     accountID,
		PhoneNumberID: v.Metadata.PhoneNumberID,
		DisplayNumber: v.Metadata.DisplayPhoneNumber,
	}
	batch.Changes = append(batch.Changes, channels.ChangeMeta{Field: change.Field, Business: biz})
	for i, rawMsg := range v.Messages {
		msg, err := parseMessage(rawMsg, biz, v.Contacts)
		if err != nil {
			return invalidPayload(fmt.Sprintf("%s.value.messages[%d]", where, i), err)
		}
		batch.Messages = append(batch.Messages, msg)
	}
	for i, rawStatus := range v.Statuses {
		st, err := parseStatus(rawStatus, biz)
		if err != nil {
			return invalidPayload(fmt.Sprintf("%s.value.statuses[%d]", where, i), err)
		}
		batch.Statuses = append(batch.Statuses, st)
	}
	for _, e := range v.Errors {
		batch.Errors = append(batch.Errors, channels.WebhookError{ProviderError: providerError(e), Business: biz})
	}
	return nil
}

func parseStatus(raw json.RawMessage, biz channels.Endpoint) (channels.StatusUpdate, error) {
	var s wireStatus
	if err := json.Unmarshal(raw, &s); err != nil {
		return channels.StatusUpdate{}, err
	}
	st := channels.StatusUpdate{
		ProviderMessageID: s.ID,
		Status:            normalizeStatus(s.Status),
		ProviderStatus:    s.Status,
		Timestamp:         unixTime(s.Timestamp),
		Recipient:         s.RecipientID,
		RecipientUserID:   s.RecipientUserID,
		Business:          biz,
		Raw:               raw,
	}
	for _, e := range s.Errors {
		st.Errors = append(st.Errors, providerError(e))
	}
	return st, nil
}

// normalizeStatus maps WhatsApp status words; anything else is unknown and
// so never overrides a stored status.
func normalizeStatus(s string) channels.Status {
	switch s {
	case "sent":
		return channels.StatusSent
	case "delivered":
		return channels.StatusDelivered
	case "read":
		return channels.StatusRead
	case "played":
		return channels.StatusPlayed
	case "failed":
		return channels.StatusFailed
	}
	return channels.StatusUnknown
}

func providerError(e wireError) channels.ProviderError {
	code := string(e.Code)
	return channels.ProviderError{
		Code:      code,
		Title:     e.Title,
		Message:   e.Message,
		Details:   e.ErrorData.Details,
		Permanent: IsPermanentError(code, 0),
	}
}

func invalidPayload(where string, err error) error {
	return fmt.Errorf("whatsapp: %w: %s: %v", channels.ErrInvalidPayload, where, err)
}
