package channels

import (
	"errors"
	"fmt"
	"time"
)

// SendError is a provider API call that failed: the provider answered with an
// error, answered something unreadable, or could not be reached (Err set).
type SendError struct {
	// Provider is the adapter kind that produced the error.
	Provider string
	// HTTPStatus is the response status, 0 when no response arrived.
	HTTPStatus int
	// Code is the provider's error code (WhatsApp "131047"); empty when the
	// response carried none.
	Code    string
	Title   string
	Message string
	Details string
	// TraceID is the provider's request trace id, for support tickets.
	TraceID string
	// Permanent means resending the same request will not succeed.
	Permanent bool
	// RetryAfter is how long to wait before retrying, when known.
	RetryAfter time.Duration
	// Err is the underlying transport error, if any.
	Err error
}

// Error describes the failure.
func (e *SendError) Error() string {
	switch {
	case e.Err != nil:
		return fmt.Sprintf("%s: request failed: %v", e.Provider, e.Err)
	case e.Code != "":
		msg := e.Title
		if msg == "" {
			msg = e.Message
		}
		if e.Details != "" {
			msg += ": " + e.Details
		}
		return fmt.Sprintf("%s: error %s (HTTP %d): %s", e.Provider, e.Code, e.HTTPStatus, msg)
	default:
		return fmt.Sprintf("%s: unexpected HTTP %d: %s", e.Provider, e.HTTPStatus, e.Message)
	}
}

// Unwrap exposes the transport error (context.Canceled and the like).
func (e *SendError) Unwrap() error { return e.Err }

// AsSendError returns the *SendError in err's chain, if any.
func AsSendError(err error) (*SendError, bool) {
	var se *SendError
	ok := errors.As(err, &se)
	return se, ok
}

// IsPermanent reports whether retrying the call that returned err is
// pointless: the provider said so, or the message or credentials were
// rejected before sending.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrInvalidMessage) || errors.Is(err, ErrMissingCredentials) {
		return true
	}
	se, ok := AsSendError(err)
	return ok && se.Permanent
}

// IsTransient reports whether err is worth retrying later (rate limits,
// provider outages, network errors, cancellations).
func IsTransient(err error) bool {
	return err != nil && !IsPermanent(err)
}

// RetryAfter returns the provider-suggested delay carried by err, or 0.
func RetryAfter(err error) time.Duration {
	if se, ok := AsSendError(err); ok {
		return se.RetryAfter
	}
	return 0
}
