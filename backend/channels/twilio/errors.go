package twilio

import (
	"errors"
	"fmt"
	"time"
)

// Twilio error codes Switchboard treats specially.
const (
	CodeInvalidTo          = 21211 // invalid 'To' number
	CodeUnsubscribed       = 21610 // recipient replied STOP
	CodeTooManyRequests    = 20429
	CodeUnreachable        = 30003
	CodeBlocked            = 30004
	CodeUnknownDestination = 30005
	CodeLandline           = 30006
	CodeFiltered           = 30007
)

// ErrInvalidMessage is wrapped by the SendError returned when a message fails
// validation before anything is sent.
var ErrInvalidMessage = errors.New("twilio: invalid message")

// SendError describes why a send did not succeed.
type SendError struct {
	// Code is Twilio's error code; 0 for validation, transport and
	// unparseable errors.
	Code int
	// HTTPStatus is the response status; 0 if there was no response.
	HTTPStatus int
	// Message is Twilio's message, or this package's for its own errors.
	Message string
	// MoreInfo is Twilio's documentation link for Code, if given.
	MoreInfo string
	// Permanent means a retry of the same message cannot succeed.
	Permanent bool
	// OptedOut means the recipient has opted out (21610); record the
	// consent change and do not retry.
	OptedOut bool
	// MaybeSent means the request may have reached the provider although no
	// successful answer was read (a timeout or dropped connection, a 5xx or an
	// unreadable 2xx). Resending could deliver the message twice.
	MaybeSent bool
	// RetryAfter is the provider's requested back-off on 429, if given.
	RetryAfter time.Duration
	// Err is the underlying cause (a transport error or ErrInvalidMessage).
	Err error
}

func (e *SendError) Error() string {
	switch {
	case e.Code != 0:
		return fmt.Sprintf("twilio: error %d (HTTP %d): %s", e.Code, e.HTTPStatus, e.Message)
	case e.HTTPStatus != 0:
		return fmt.Sprintf("twilio: HTTP %d: %s", e.HTTPStatus, e.Message)
	default:
		return "twilio: " + e.Message
	}
}

func (e *SendError) Unwrap() error { return e.Err }

// classify sets Permanent and OptedOut from the HTTP status and error code.
// Rate limits and server errors are transient; other client errors would fail
// the same way again.
func (e *SendError) classify() {
	e.OptedOut = e.Code == CodeUnsubscribed
	switch {
	case e.Code == CodeTooManyRequests || e.HTTPStatus == 429:
		e.Permanent = false
	case isPermanentCode(e.Code):
		e.Permanent = true
	case e.HTTPStatus >= 500:
		e.Permanent = false
	default:
		e.Permanent = e.HTTPStatus >= 400
	}
}

func isPermanentCode(code int) bool {
	switch code {
	case CodeInvalidTo, CodeUnsubscribed,
		CodeUnreachable, CodeBlocked, CodeUnknownDestination, CodeLandline, CodeFiltered:
		return true
	}
	return false
}

// DescribeError returns an English explanation of a Twilio error code for
// agents and campaign reports, with a generic text for codes it does not know.
func DescribeError(code int) string {
	switch code {
	case CodeInvalidTo:
		return "The recipient's phone number is not valid."
	case CodeUnsubscribed:
		return "The recipient has opted out by replying STOP; they must reply START before they can be messaged again."
	case CodeTooManyRequests:
		return "Too many requests to the provider; the message will be retried."
	case CodeUnreachable:
		return "The recipient's phone is unreachable: it may be switched off, out of coverage, or unable to receive SMS."
	case CodeBlocked:
		return "The message was blocked by the recipient or their carrier."
	case CodeUnknownDestination:
		return "The recipient's phone is unknown to the carrier; the number may no longer exist."
	case CodeLandline:
		return "The number is a landline or its carrier cannot receive SMS."
	case CodeFiltered:
		return "The carrier filtered the message as spam or for breaking its content policy."
	case 0:
		return "The message could not be delivered."
	default:
		return fmt.Sprintf("The message could not be delivered (provider error %d).", code)
	}
}
