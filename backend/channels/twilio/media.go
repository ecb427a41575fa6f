package twilio

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// MediaError is returned by FetchMedia when the media host answers with an
// error status.
type MediaError struct {
	URL        string
	StatusCode int
}

func (e *MediaError) Error() string {
	return fmt.Sprintf("twilio: fetching media %s: HTTP %d", e.URL, e.StatusCode)
}

// Temporary reports whether a later attempt may succeed (429 or 5xx).
func (e *MediaError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// FetchMedia downloads an inbound attachment (Inbound.Media[i].URL). Twilio
// answers with a redirect to short-lived storage, which is followed. The
// account credentials are sent only to the API host (same scheme) and to
// https *.twilio.com hosts, never to a URL elsewhere; net/http also drops them on redirects to
// another domain. The caller must close the returned body.
func (c *Client) FetchMedia(ctx context.Context, creds Credentials, mediaURL string) (io.ReadCloser, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, mediaURL, nil)
	if err != nil {
		return nil, "", fmt.Errorf("twilio: media URL %q: %w", mediaURL, err)
	}
	if c.trustedMediaHost(req.URL) {
		req.SetBasicAuth(creds.AccountSID, creds.AuthToken)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("twilio: fetching media: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		return nil, "", &MediaError{URL: mediaURL, StatusCode: resp.StatusCode}
	}
	return resp.Body, resp.Header.Get("Content-Type"), nil
}

func (c *Client) trustedMediaHost(u *url.URL) bool {
	if api, err := url.Parse(c.baseURL()); err == nil && api.Scheme == u.Scheme && strings.EqualFold(api.Host, u.Host) {
		return true
	}
	host := strings.ToLower(u.Hostname())
	return u.Scheme == "https" && (host == "twilio.com" || strings.HasSuffix(host, ".twilio.com"))
}
