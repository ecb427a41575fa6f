// Package whatsapp is the WhatsApp Cloud API (Meta Graph API) adapter:
// webhook verification and parsing, message sends, media transfer and
// template listing. It keeps no state beyond its HTTP client.
package whatsapp

import (
	"net/http"
	"strings"
	"time"

	"switchboard/backend/channels"
)

// Kind is the adapter kind, as stored on channels.
const Kind = "whatsapp"

// DefaultBaseURL is the Graph API root used when Credentials.BaseURL is empty.
// It includes the API version; every path is appended to it.
const DefaultBaseURL = "https://graph.facebook.com/v21.0"

// Config tunes a Client. The zero value is usable.
type Config struct {
	// HTTPClient performs requests; default is a plain client (deadlines come
	// from Timeout and DownloadTimeout, not from the client).
	HTTPClient *http.Client
	// Timeout bounds each API call; default 30s.
	Timeout time.Duration
	// DownloadTimeout bounds a media upload or download including the
	// caller's reading of the body; default 5m.
	DownloadTimeout time.Duration
}

// WithDefaults returns c with zero fields set to their defaults.
func (c Config) WithDefaults() Config {
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Transport: channels.Transport}
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.DownloadTimeout <= 0 {
		c.DownloadTimeout = 5 * time.Minute
	}
	return c
}

// Client implements channels.Adapter and channels.WebhookReceiver for the
// WhatsApp Cloud API. It is safe for concurrent use.
type Client struct {
	cfg Config
}

var (
	_ channels.Adapter         = (*Client)(nil)
	_ channels.WebhookReceiver = (*Client)(nil)
)

// NewClient returns a Client configured by cfg (defaults filled in).
func NewClient(cfg Config) *Client {
	return &Client{cfg: cfg.WithDefaults()}
}

// Kind returns "whatsapp".
func (c *Client) Kind() string { return Kind }

// baseURL returns the API root for creds without a trailing slash.
func baseURL(creds channels.Credentials) string {
	if creds.BaseURL == "" {
		return DefaultBaseURL
	}
	return strings.TrimRight(creds.BaseURL, "/")
}
