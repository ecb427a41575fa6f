package whatsapp

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"switchboard/backend/channels"
)

// Error codes whose meaning does not depend on the HTTP status, which Meta
// varies (130429 and 131056 come back as 400 as well as 429).
var (
	// transientCodes: rate limits and temporary provider trouble; retry later.
	transientCodes = map[string]bool{
		"1":      true, // API unknown (temporary)
		"2":      true, // API service (temporary downtime)
		"4":      true, // app call rate limit
		"80007":  true, // WABA rate limit
		"130429": true, // throughput reached
		"131000": true, // generic "something went wrong"
		"131016": true, // service unavailable
		"131048": true, // spam rate limit: retry much later
		"131056": true, // pair rate limit: same recipient too often
		"133004": true, // server temporarily unavailable
	}
	// permanentCodes: the same request will keep failing.
	permanentCodes = map[string]bool{
		"100":    true, // invalid parameter
		"190":    true, // access token expired or invalid
		"131009": true, // parameter value invalid
		"131026": true, // undeliverable (not on WhatsApp, old client, ToS)
		"131047": true, // outside the 24h window: send a template
		"131049": true, // per-user marketing limit
		"131050": true, // the user stopped marketing messages: an opt-out
		"131051": true, // unsupported message type
		"132000": true, // template parameter count mismatch
		"132001": true, // template missing or not approved in that language
	}
)

// pairRateLimitDelay is Meta's guidance for 131056: about one message per
// six seconds to the same recipient.
const pairRateLimitDelay = 6 * time.Second

// IsPermanentError classifies a WhatsApp error code. Known codes decide on
// their own, whatever the HTTP status. An unknown code is transient only
// with an HTTP status that says so (5xx, 429, 408). Pass httpStatus 0 for
// errors reported in webhooks: there an unknown code counts as permanent, so
// an unexplained failure is not resent blindly.
func IsPermanentError(code string, httpStatus int) bool {
	switch {
	case transientCodes[code]:
		return false
	case permanentCodes[code]:
		return true
	case httpStatus == 0:
		return code != ""
	}
	return !transientHTTP(httpStatus)
}

func transientHTTP(status int) bool {
	return status >= 500 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout
}

type wireErrorEnvelope struct {
	Error *struct {
		Message        string     `json:"message"`
		Type           string     `json:"type"`
		Code           flexString `json:"code"`
		ErrorUserTitle string     `json:"error_user_title"`
		ErrorUserMsg   string     `json:"error_user_msg"`
		ErrorData      struct {
			Details string `json:"details"`
		} `json:"error_data"`
		FBTraceID string `json:"fbtrace_id"`
	} `json:"error"`
}

// codePrefix matches the "(#131047) " Graph puts before error messages.
var codePrefix = regexp.MustCompile(`^\(#\d+\)\s*`)

// apiError builds the SendError for a non-2xx Graph response. The body is
// the response body, already read (possibly truncated).
func apiError(status int, header http.Header, body []byte) *channels.SendError {
	se := &channels.SendError{Provider: Kind, HTTPStatus: status, RetryAfter: retryAfterHeader(header)}
	var env wireErrorEnvelope
	if err := json.Unmarshal(body, &env); err != nil || env.Error == nil {
		// No envelope: a proxy or an outage page; only the status tells.
		se.Message = strings.TrimSpace(string(truncate(body, 200)))
		if se.Message == "" {
			se.Message = http.StatusText(status)
		}
		se.Permanent = !transientHTTP(status)
		return se
	}
	e := env.Error
	se.Code = string(e.Code)
	se.Message = e.Message
	se.Title = e.ErrorUserTitle
	if se.Title == "" {
		se.Title = codePrefix.ReplaceAllString(e.Message, "")
	}
	se.Details = e.ErrorData.Details
	if se.Details == "" {
		se.Details = e.ErrorUserMsg
	}
	se.TraceID = e.FBTraceID
	se.Permanent = IsPermanentError(se.Code, status)
	if se.RetryAfter == 0 && se.Code == "131056" {
		se.RetryAfter = pairRateLimitDelay
	}
	return se
}

// retryAfterHeader reads a Retry-After given in seconds.
func retryAfterHeader(h http.Header) time.Duration {
	secs, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || secs <= 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
