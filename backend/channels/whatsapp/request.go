package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"switchboard/backend/channels"
)

// maxResponseBytes caps JSON responses read into memory.
const maxResponseBytes = 8 << 20

// do sends req with the bearer token. A 2xx response is returned with its
// body open; anything else is consumed and returned as a *channels.SendError
// (transport failures included, with Err set).
func (c *Client) do(req *http.Request, token string) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, &channels.SendError{Provider: Kind, Err: err}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	return nil, apiError(resp.StatusCode, resp.Header, body)
}

// callJSON performs one API call bounded by the configured timeout. body,
// when not nil, is sent as JSON; the 2xx response is decoded into out.
func (c *Client) callJSON(ctx context.Context, creds channels.Credentials, method, url string, body, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("whatsapp: encode request: %w", err)
		}
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, reader)
	if err != nil {
		return fmt.Errorf("whatsapp: build request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.doJSON(req, creds.AccessToken, out)
}

// doJSON sends req and decodes a 2xx JSON response into out.
func (c *Client) doJSON(req *http.Request, token string, out any) error {
	resp, err := c.do(req, token)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return &channels.SendError{Provider: Kind, HTTPStatus: resp.StatusCode, Err: err}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		// Accepted but unreadable: the request may have taken effect, so a
		// resend could duplicate it. Report it as permanent.
		return &channels.SendError{
			Provider:   Kind,
			HTTPStatus: resp.StatusCode,
			Message:    "unreadable response: " + err.Error(),
			Permanent:  true,
		}
	}
	return nil
}

// requireToken rejects calls without an access token before any I/O.
func requireToken(creds channels.Credentials) error {
	if creds.AccessToken == "" {
		return fmt.Errorf("whatsapp: access token not configured: %w", channels.ErrMissingCredentials)
	}
	return nil
}
