package campaigns

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"switchboard/backend/channels"
)

func TestClassifyProviderAnswers(t *testing.T) {
	wa := func(code string, status int, permanent bool) error {
		return &channels.SendError{Provider: "whatsapp", Code: code, HTTPStatus: status, Permanent: permanent, Title: "t"}
	}
	cases := []struct {
		name string
		err  error
		want Outcome
		stop string
	}{
		{"accepted", nil, OutcomeSent, ""},
		{"WhatsApp throughput", wa("130429", 400, false), OutcomeThrottled, ""},
		{"WABA rate limit", wa("80007", 400, false), OutcomeThrottled, ""},
		{"app rate limit", wa("4", 400, false), OutcomeThrottled, ""},
		{"pair rate limit", wa("131056", 400, false), OutcomePairLimited, ""},
		{"Twilio too many requests", wa("20429", 429, false), OutcomeThrottled, ""},
		{"Twilio queue full", wa("21611", 400, true), OutcomeThrottled, ""},
		{"Twilio queue overflow", wa("30001", 400, true), OutcomeThrottled, ""},
		{"HTTP 429 without code", wa("", 429, false), OutcomeThrottled, ""},
		{"marketing limit", wa("131049", 400, true), OutcomeDeferred, ""},
		{"WhatsApp opt-out", wa("131050", 400, true), OutcomeOptedOut, ""},
		{"SMS opt-out", wa("21610", 400, true), OutcomeOptedOut, ""},
		{"bad token", wa("190", 401, true), OutcomeStop, StopBadCredentials},
		{"Twilio bad credentials", wa("20003", 401, true), OutcomeStop, StopBadCredentials},
		{"401 without code", wa("", 401, true), OutcomeStop, StopBadCredentials},
		{"quality block", wa("131048", 400, false), OutcomeStop, "131048"},
		{"policy block", wa("368", 400, true), OutcomeStop, "368"},
		{"daily cap", wa("30023", 400, true), OutcomeStop, StopQuota},
		{"not on WhatsApp", wa("131026", 400, true), OutcomeFailed, ""},
		{"provider outage", wa("131000", 500, false), OutcomeRetry, ""},
		{"no answer", &channels.SendError{Provider: "sms", Err: io.ErrUnexpectedEOF}, OutcomeUnknown, ""},
		{"invalid message", fmt.Errorf("x: %w", channels.ErrInvalidMessage), OutcomeFailed, ""},
		{"missing credentials", channels.ErrMissingCredentials, OutcomeStop, StopBadCredentials},
		{"plain error", errors.New("boom"), OutcomeUnknown, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := Classify(c.err)
			if v.Outcome != c.want || v.StopReason != c.stop {
				t.Fatalf("Classify = %+v, want outcome %d stop %q", v, c.want, c.stop)
			}
		})
	}
}
