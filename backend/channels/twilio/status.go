package twilio

import (
	"net/url"
	"strings"
)

// State is a message status as Twilio reports it (MessageStatus), lower-case.
type State string

// Message states. Outbound messages move accepted/scheduled → queued →
// sending → sent → delivered → read, or end in undelivered, failed or
// canceled; inbound ones are receiving → received.
const (
	StateAccepted           State = "accepted"
	StateScheduled          State = "scheduled"
	StateQueued             State = "queued"
	StateSending            State = "sending"
	StateSent               State = "sent"
	StateDelivered          State = "delivered"
	StateRead               State = "read"
	StatePartiallyDelivered State = "partially_delivered"
	StateUndelivered        State = "undelivered"
	StateFailed             State = "failed"
	StateCanceled           State = "canceled"
	StateReceiving          State = "receiving"
	StateReceived           State = "received"
)

// Ranks of the delivery progress, for never letting a status go backwards.
const (
	RankUnknown  = 0 // a state this package does not know; never applied
	RankAccepted = 1 // accepted, scheduled, queued
	RankSending  = 2
	RankSent     = 3
	RankFinal    = 4 // delivered and the terminal outcomes
	RankRead     = 5
)

// Rank orders s by delivery progress. Callbacks arrive out of order and more
// than once, so a stored status should only be replaced by one of a higher
// rank (see Supersedes). Delivered, undelivered, failed, canceled and
// partially delivered share a rank: each is a final outcome and the first one
// recorded stands; only read goes beyond it.
func (s State) Rank() int {
	switch s {
	case StateAccepted, StateScheduled, StateQueued:
		return RankAccepted
	case StateSending:
		return RankSending
	case StateSent:
		return RankSent
	case StateDelivered, StatePartiallyDelivered, StateUndelivered, StateFailed, StateCanceled:
		return RankFinal
	case StateRead:
		return RankRead
	default:
		return RankUnknown
	}
}

// Supersedes reports whether s should replace the stored status prev.
func (s State) Supersedes(prev State) bool {
	return s.Rank() > prev.Rank()
}

// Failed reports whether s means the message did not reach the recipient.
func (s State) Failed() bool {
	return s == StateUndelivered || s == StateFailed
}

// Final reports whether no further delivery progress is expected, apart from
// a later read receipt on WhatsApp.
func (s State) Final() bool {
	return s.Rank() >= RankFinal
}

// Status is a status callback for an outbound message.
type Status struct {
	MessageSID          string
	AccountSID          string
	MessagingServiceSID string
	From                string
	To                  string
	State               State
	// ErrorCode is set for failed and undelivered messages; see DescribeError.
	ErrorCode int
	// RawDlrDoneDate is the carrier's delivery-report time (YYMMDDhhmm, UTC),
	// when given.
	RawDlrDoneDate string
}

// ParseStatus reads a status-callback form. A state this package does not
// know is returned as is with rank RankUnknown rather than rejected, since
// Twilio adds states. Errors wrap ErrInvalidWebhook.
func ParseStatus(form url.Values) (Status, error) {
	var st Status
	var err error
	if st.MessageSID, err = messageSID(form); err != nil {
		return Status{}, err
	}
	raw := form.Get("MessageStatus")
	if raw == "" {
		raw = form.Get("SmsStatus")
	}
	if raw == "" {
		return Status{}, invalidWebhook("missing MessageStatus")
	}
	st.State = State(strings.ToLower(strings.TrimSpace(raw)))
	if st.ErrorCode, err = optionalInt(form, "ErrorCode"); err != nil {
		return Status{}, err
	}
	st.AccountSID = form.Get("AccountSid")
	st.MessagingServiceSID = form.Get("MessagingServiceSid")
	st.From = form.Get("From")
	st.To = form.Get("To")
	st.RawDlrDoneDate = form.Get("RawDlrDoneDate")
	return st, nil
}
