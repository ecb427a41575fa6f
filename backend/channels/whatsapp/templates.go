package whatsapp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"switchboard/backend/channels"
)

// Template is a message template as defined in the WhatsApp Business
// Account (not to be confused with channels.Template, which fills one in
// for sending).
type Template struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Language is the template's language code, e.g. "en_US".
	Language string `json:"language"`
	// Status is APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ….
	Status string `json:"status"`
	// Category is MARKETING, UTILITY or AUTHENTICATION.
	Category    string `json:"category"`
	SubCategory string `json:"sub_category,omitempty"`
	// ParameterFormat is NAMED ({{first_name}}) or POSITIONAL ({{1}}).
	ParameterFormat string              `json:"parameter_format,omitempty"`
	Components      []TemplateComponent `json:"components"`
}

// TemplateComponent is one part of a template definition.
type TemplateComponent struct {
	// Type is HEADER, BODY, FOOTER or BUTTONS.
	Type string `json:"type"`
	// Format is the header format: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION.
	Format  string           `json:"format,omitempty"`
	Text    string           `json:"text,omitempty"`
	Buttons []TemplateButton `json:"buttons,omitempty"`
	// Example holds the sample values Meta reviewed, as sent.
	Example json.RawMessage `json:"example,omitempty"`
}

// TemplateButton is one button of a BUTTONS component.
type TemplateButton struct {
	// Type is URL, PHONE_NUMBER, QUICK_REPLY, COPY_CODE, ….
	Type        string `json:"type"`
	Text        string `json:"text"`
	URL         string `json:"url,omitempty"`
	PhoneNumber string `json:"phone_number,omitempty"`
}

// templatePageSize is the page size asked of the listing endpoint.
const templatePageSize = 100

// maxTemplatePages stops a listing whose paging never ends.
const maxTemplatePages = 200

type templatePage struct {
	Data   []Template `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

// ListTemplates returns every template of creds.WABAID, following
// paging.next until the last page. A next link to another host than the API
// root is not followed with the token; the listing continues from the root
// with the "after" cursor instead.
func (c *Client) ListTemplates(ctx context.Context, creds channels.Credentials) ([]Template, error) {
	if err := requireToken(creds); err != nil {
		return nil, err
	}
	if creds.WABAID == "" {
		return nil, fmt.Errorf("whatsapp: business account id not configured: %w", channels.ErrMissingCredentials)
	}
	first := baseURL(creds) + "/" + url.PathEscape(creds.WABAID) + "/message_templates"
	next := first + "?limit=" + fmt.Sprint(templatePageSize)
	var all []Template
	seen := map[string]bool{}
	for page := 0; next != ""; page++ {
		if page == maxTemplatePages || seen[next] {
			return nil, fmt.Errorf("whatsapp: template listing does not end (page %d)", page)
		}
		seen[next] = true
		var p templatePage
		if err := c.callJSON(ctx, creds, http.MethodGet, next, nil, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Data...)
		next = nextPageURL(first, p.Paging.Next, p.Paging.Cursors.After)
	}
	return all, nil
}

// nextPageURL returns where the next page is, or "" after the last page.
func nextPageURL(first, next, after string) string {
	if next == "" {
		return ""
	}
	root, err1 := url.Parse(first)
	n, err2 := url.Parse(next)
	if err1 == nil && err2 == nil && n.Scheme == root.Scheme && n.Host == root.Host {
		return next
	}
	if after == "" {
		return ""
	}
	q := url.Values{"limit": {fmt.Sprint(templatePageSize)}, "after": {after}}
	return first + "?" + q.Encode()
}
