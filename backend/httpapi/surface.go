package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

type loggerKey struct{}

// withLogger makes the API's logger the one writeError reports to.
func (a *API) withLogger(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.Logger != nil {
			r = r.WithContext(context.WithValue(r.Context(), loggerKey{}, a.Logger))
		}
		next.ServeHTTP(w, r)
	})
}

// requestLogger is the logger of the request's API, else slog's default.
func requestLogger(r *http.Request) *slog.Logger {
	if l, ok := r.Context().Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// hasMachineQuery reports whether the path is one whose query string a
// handler may read: the API, provider webhooks and public media links.
func hasMachineQuery(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/webhooks/") || strings.HasPrefix(p, "/media/")
}

// checkQuery refuses a query string that does not decode (bad %-escapes,
// semicolons), which handlers reading r.URL.Query() would otherwise see as
// silently missing parameters. Webhooks are no exception: a provider's
// signature does not make a malformed URL well-formed.
func checkQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" && hasMachineQuery(r.URL.Path) {
			if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
				writeErrorCode(w, http.StatusBadRequest, "bad_query",
					"the query string is malformed: use name=value pairs joined by & and %-encode other characters", nil)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// statusClientClosedRequest is nginx's status for a request the client
// gave up on; it keeps such requests out of the 5xx counts.
const statusClientClosedRequest = 499

// abandoned answers an error of a request whose context has ended (the
// client disconnected or cancelled, or the server is stopping): the failure
// follows from that, so it is logged at debug, not as a server error.
func abandoned(w http.ResponseWriter, r *http.Request, err error) bool {
	if r.Context().Err() == nil {
		return false
	}
	requestLogger(r).DebugContext(r.Context(), "request abandoned", "method", r.Method, "path", r.URL.Path,
		"reason", context.Cause(r.Context()), "err", err)
	writeErrorCode(w, statusClientClosedRequest, "client_closed_request", "the request was cancelled before it finished", nil)
	return true
}
