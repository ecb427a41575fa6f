package channels_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"switchboard/backend/channels"
)

func TestSendErrorClassification(t *testing.T) {
	t.Parallel()
	rateLimited := &channels.SendError{Provider: "whatsapp", HTTPStatus: 429, Code: "130429", Title: "Rate limit hit", RetryAfter: time.Second}
	outsideWindow := &channels.SendError{Provider: "whatsapp", HTTPStatus: 400, Code: "131047", Title: "Re-engagement message", Permanent: true}
	canceled := &channels.SendError{Provider: "whatsapp", Err: context.Canceled}
	tests := []struct {
		name          string
		err           error
		wantPermanent bool
		wantTransient bool
		wantRetry     time.Duration
	}{
		{"nil", nil, false, false, 0},
		{"rate limit", rateLimited, false, true, time.Second},
		{"wrapped rate limit", fmt.Errorf("send job: %w", rateLimited), false, true, time.Second},
		{"outside window", outsideWindow, true, false, 0},
		{"wrapped outside window", fmt.Errorf("send job: %w", outsideWindow), true, false, 0},
		{"invalid message", fmt.Errorf("x: %w", channels.ErrInvalidMessage), true, false, 0},
		{"missing credentials", fmt.Errorf("x: %w", channels.ErrMissingCredentials), true, false, 0},
		{"transport canceled", canceled, false, true, 0},
		{"unknown error", errors.New("disk full"), false, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := channels.IsPermanent(tt.err); got != tt.wantPermanent {
				t.Errorf("IsPermanent = %v", got)
			}
			if got := channels.IsTransient(tt.err); got != tt.wantTransient {
				t.Errorf("IsTransient = %v", got)
			}
			if got := channels.RetryAfter(tt.err); got != tt.wantRetry {
				t.Errorf("RetryAfter = %v", got)
			}
		})
	}
	if !errors.Is(canceled, context.Canceled) {
		t.Error("SendError does not unwrap to its transport error")
	}
}

func TestSendErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *channels.SendError
		want string
	}{
		{&channels.SendError{Provider: "whatsapp", HTTPStatus: 400, Code: "132000", Title: "Number of parameters does not match", Details: "body: 0 != 1"},
			"whatsapp: error 132000 (HTTP 400): Number of parameters does not match: body: 0 != 1"},
		{&channels.SendError{Provider: "whatsapp", HTTPStatus: 502, Message: "Bad Gateway"},
			"whatsapp: unexpected HTTP 502: Bad Gateway"},
		{&channels.SendError{Provider: "whatsapp", Err: context.DeadlineExceeded},
			"whatsapp: request failed: context deadline exceeded"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
