package twilio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits the API enforces on an outbound message.
const (
	MaxBodyChars = 1600
	MaxMediaURLs = 10
)

// maxResponseBytes bounds how much of an API response is read.
const maxResponseBytes = 1 << 20

// Message is an outbound SMS or MMS.
type Message struct {
	To string // E.164, or "whatsapp:+…"
	// From is the sender number. If empty, the Credentials' Messaging
	// Service sends the message; if both are set, From is used.
	From           string
	Body           string
	MediaURLs      []string // public URLs the provider fetches; at most 10
	StatusCallback string   // URL for status callbacks; optional
}

// SendResult is the provider's acceptance of a message.
type SendResult struct {
	SID   string
	State State // queued, or accepted/scheduled with a Messaging Service
	// NumSegments is the provider's count; 0 while a Messaging Service has
	// not yet chosen the sender (use package smsseg for an estimate).
	NumSegments int
}

// Send submits msg for delivery. Every failure is a *SendError: check
// Permanent before retrying and MaybeSent before resending.
func (c *Client) Send(ctx context.Context, creds Credentials, msg Message) (SendResult, error) {
	form, err := sendForm(creds, msg)
	if err != nil {
		return SendResult{}, &SendError{Message: err.Error(), Permanent: true, Err: err}
	}
	if err := ctx.Err(); err != nil {
		return SendResult{}, &SendError{Message: "not sent: " + err.Error(), Err: err}
	}
	endpoint := c.baseURL() + "/2010-04-01/Accounts/" + url.PathEscape(creds.AccountSID) + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return SendResult{}, &SendError{Message: "cannot build request: " + err.Error(), Permanent: true, Err: err}
	}
	req.SetBasicAuth(creds.AccountSID, creds.AuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")

	resp, err := c.httpClient().Do(req)
	if err != nil {
		return SendResult{}, &SendError{Message: "request failed: " + err.Error(), MaybeSent: !isDialError(err), Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		ok := resp.StatusCode >= 200 && resp.StatusCode < 300
		return SendResult{}, &SendError{HTTPStatus: resp.StatusCode, Message: "reading response: " + err.Error(),
			MaybeSent: ok || resp.StatusCode >= 500, Err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return SendResult{}, apiError(resp, body)
	}
	return parseSendResponse(resp.StatusCode, body)
}

func sendForm(creds Credentials, msg Message) (url.Values, error) {
	switch {
	case creds.AccountSID == "" || creds.AuthToken == "":
		return nil, fmt.Errorf("%w: missing account credentials", ErrInvalidMessage)
	case msg.To == "":
		return nil, fmt.Errorf("%w: missing recipient", ErrInvalidMessage)
	case msg.From == "" && creds.MessagingServiceSID == "":
		return nil, fmt.Errorf("%w: neither a From number nor a Messaging Service", ErrInvalidMessage)
	case msg.Body == "" && len(msg.MediaURLs) == 0:
		return nil, fmt.Errorf("%w: neither a body nor media", ErrInvalidMessage)
	case utf8.RuneCountInString(msg.Body) > MaxBodyChars:
		return nil, fmt.Errorf("%w: body is longer than %d characters", ErrInvalidMessage, MaxBodyChars)
	case len(msg.MediaURLs) > MaxMediaURLs:
		return nil, fmt.Errorf("%w: more than %d media URLs", ErrInvalidMessage, MaxMediaURLs)
	}
	form := url.Values{}
	form.Set("To", msg.To)
	if msg.From != "" {
		form.Set("From", msg.From)
	} else {
		form.Set("MessagingServiceSid", creds.MessagingServiceSID)
	}
	if msg.Body != "" {
		form.Set("Body", msg.Body)
	}
	for _, u := range msg.MediaURLs {
		if u == "" {
			return nil, fmt.Errorf("%w: empty media URL", ErrInvalidMessage)
		}
		form.Add("MediaUrl", u)
	}
	if msg.StatusCallback != "" {
		form.Set("StatusCallback", msg.StatusCallback)
	}
	return form, nil
}

type sendResponse struct {
	SID         string    `json:"sid"`
	Status      string    `json:"status"`
	NumSegments stringInt `json:"num_segments"`
}

func parseSendResponse(status int, body []byte) (SendResult, error) {
	var r sendResponse
	if err := json.Unmarshal(body, &r); err != nil || r.SID == "" {
		if err == nil {
			err = errors.New("no sid in response")
		}
		// The provider accepted the message; only its answer is unusable.
		return SendResult{}, &SendError{HTTPStatus: status, Message: "unreadable response: " + err.Error(), MaybeSent: true, Err: err}
	}
	return SendResult{SID: r.SID, State: State(strings.ToLower(r.Status)), NumSegments: int(r.NumSegments)}, nil
}

type apiErrorBody struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
}

func apiError(resp *http.Response, body []byte) *SendError {
	e := &SendError{HTTPStatus: resp.StatusCode, MaybeSent: resp.StatusCode >= 500}
	var b apiErrorBody
	if json.Unmarshal(body, &b) == nil && (b.Code != 0 || b.Message != "") {
		e.Code, e.Message, e.MoreInfo = b.Code, b.Message, b.MoreInfo
	} else {
		e.Message = http.StatusText(resp.StatusCode)
	}
	if resp.StatusCode == http.StatusTooManyRequests || e.Code == CodeTooManyRequests {
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"))
	}
	e.classify()
	return e
}

// retryAfter parses a Retry-After header given in seconds.
func retryAfter(v string) time.Duration {
	secs, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || secs < 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
}

// isDialError reports whether err happened before the request could be
// written, so the provider cannot have received it.
func isDialError(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// stringInt decodes a count that the API sends as a string ("1"), and also
// accepts a bare number or null.
type stringInt int

func (n *stringInt) UnmarshalJSON(data []byte) error {
	s := strings.Trim(string(data), `"`)
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("count %s: %w", data, err)
	}
	*n = stringInt(v)
	return nil
}
