package twilio

import (
	"net/http"
	"strings"
	"time"

	"switchboard/backend/channels"
)

// DefaultBaseURL is the Twilio REST API. A Twilio-compatible provider or a
// test server is used by setting Client.BaseURL.
const DefaultBaseURL = "https://api.twilio.com"

// defaultHTTPClient bounds a request that the caller's context does not.
var defaultHTTPClient = &http.Client{Timeout: 60 * time.Second, Transport: channels.Transport}

// Client calls the Messaging REST API. The zero value is ready to use.
type Client struct {
	// BaseURL is the API root without a trailing path; DefaultBaseURL if empty.
	BaseURL string
	// HTTPClient sends the requests; a client with a 60 s timeout if nil.
	HTTPClient *http.Client
}

// Credentials authenticate one account. MessagingServiceSID, when set, is the
// sender for messages that name no From number.
type Credentials struct {
	AccountSID          string
	AuthToken           string
	MessagingServiceSID string
}

func (c *Client) baseURL() string {
	if c.BaseURL == "" {
		return DefaultBaseURL
	}
	return strings.TrimRight(c.BaseURL, "/")
}

func (c *Client) httpClient() *http.Client {
	if c.HTTPClient == nil {
		return defaultHTTPClient
	}
	return c.HTTPClient
}
