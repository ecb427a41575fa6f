package httpapi

import (
	"errors"
	"net/http"

	"switchboard/backend/campaigns"
)

// followLink redirects a shortened campaign link to its URL and records
// the click (bots and link previews apart). It is public and fast: one
// indexed lookup and one insert; each client address is rate-limited.
func (a *API) followLink(w http.ResponseWriter, r *http.Request) {
	if !a.linkLimits.allow(a.clientIP(r)) {
		w.Header().Set("Retry-After", "10")
		writeErrorCode(w, http.StatusTooManyRequests, "rate_limited", "too many requests; try again in a few seconds", nil)
		return
	}
	url, err := a.CampaignLinks.Click(r.Context(), r.PathValue("code"), r.Method, r.UserAgent())
	if errors.Is(err, campaigns.ErrUnknownLink) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Every click must reach us: no caching, and the target learns nothing
	// of the code.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, url, http.StatusFound)
}
