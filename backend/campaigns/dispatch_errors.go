package campaigns

import (
	"context"
	"errors"
	"strconv"
	"time"

	"switchboard/backend/channels"
)

// Outcome is what a provider's answer means for one recipient.
type Outcome int

// Outcomes of a send attempt.
const (
	OutcomeSent Outcome = iota
	// OutcomeThrottled: the sender is over the provider's rate; queue the
	// recipient again and slow the sender down.
	OutcomeThrottled
	// OutcomePairLimited: too many messages to this one recipient (131056);
	// queue it again later, the sender's pace is fine.
	OutcomePairLimited
	// OutcomeRetry: the provider refused for now (an outage); queue again.
	OutcomeRetry
	// OutcomeFailed: the recipient fails with the provider's reason.
	OutcomeFailed
	// OutcomeDeferred: the per-user marketing limit (131049); offered for
	// retry after 24 hours.
	OutcomeDeferred
	// OutcomeOptedOut: the provider knows the number opted out.
	OutcomeOptedOut
	// OutcomeStop: a fault of the sender or account stops the campaign.
	OutcomeStop
	// OutcomeUnknown: the request may or may not have reached the provider
	// (a transport error after it was sent); never re-sent automatically.
	OutcomeUnknown
)

// Stop reasons set on a campaign a fault stopped.
const (
	StopBadCredentials = "bad_credentials"
	StopQuota          = "quota"
)

var (
	throttleCodes = map[string]bool{
		"130429": true, "80007": true, "4": true, // WhatsApp throughput, WABA and app rate limits
		"20429": true, "21611": true, "30001": true, // Twilio: too many requests, queue full, queue overflow
	}
	optOutCodes = map[string]bool{"131050": true, "21610": true}
	// stopCodes name the faults that stop a campaign, with the reason kept.
	stopCodes = map[string]string{
		"190":    StopBadCredentials, // WhatsApp access token invalid or expired
		"0":      StopBadCredentials, // WhatsApp AuthException
		"20003":  StopBadCredentials, // Twilio authentication failed
		"131048": "131048",           // WhatsApp spam rate limit (quality block)
		"368":    "368",              // WhatsApp temporarily blocked for policy violations
		"131042": StopQuota,          // WhatsApp business eligibility / payment issue
		"30023":  StopQuota,          // Twilio daily message cap reached
	}
)

// Verdict is a classified send result.
type Verdict struct {
	Outcome Outcome
	// Code and Message are the provider's reason (failed, stop, opt-out).
	Code    string
	Message string
	// StopReason is set with OutcomeStop.
	StopReason string
	// RetryAfter is the provider's requested delay, when it gave one.
	RetryAfter time.Duration
}

// Classify reads a provider answer. Codes decide first, whatever the
// adapter thought of them: a quality block is not a transient error for
// a campaign, it ends the run until someone looks.
func Classify(err error) Verdict {
	if err == nil {
		return Verdict{Outcome: OutcomeSent}
	}
	if errors.Is(err, channels.ErrInvalidMessage) {
		return Verdict{Outcome: OutcomeFailed, Code: "invalid_message", Message: err.Error()}
	}
	if errors.Is(err, channels.ErrMissingCredentials) {
		return Verdict{Outcome: OutcomeStop, StopReason: StopBadCredentials, Code: StopBadCredentials, Message: err.Error()}
	}
	se, ok := channels.AsSendError(err)
	if !ok {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return Verdict{Outcome: OutcomeUnknown, Code: "interrupted", Message: err.Error()}
		}
		return Verdict{Outcome: OutcomeUnknown, Code: "transport", Message: err.Error()}
	}
	msg := se.Title
	if msg == "" {
		msg = se.Message
	}
	if se.Details != "" {
		msg += ": " + se.Details
	}
	v := Verdict{Code: se.Code, Message: msg, RetryAfter: se.RetryAfter}
	switch {
	case se.Code == "131056":
		v.Outcome = OutcomePairLimited
	case throttleCodes[se.Code] || (se.Code == "" && se.HTTPStatus == 429):
		v.Outcome = OutcomeThrottled
	case optOutCodes[se.Code]:
		v.Outcome = OutcomeOptedOut
	case se.Code == "131049":
		v.Outcome = OutcomeDeferred
	case stopCodes[se.Code] != "":
		v.Outcome, v.StopReason = OutcomeStop, stopCodes[se.Code]
	case se.HTTPStatus == 401:
		v.Outcome, v.StopReason = OutcomeStop, StopBadCredentials
	case se.HTTPStatus == 0 && se.Err != nil:
		// No answer: the request may have reached the provider.
		v.Outcome = OutcomeUnknown
		if v.Code == "" {
			v.Code = "transport"
		}
	case se.Permanent:
		v.Outcome = OutcomeFailed
	default:
		v.Outcome = OutcomeRetry
	}
	if v.Code == "" && v.Outcome != OutcomeUnknown {
		v.Code = "http_" + strconv.Itoa(se.HTTPStatus)
	}
	return v
}
