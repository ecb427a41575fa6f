package httpapi

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"switchboard/backend/apperror"
	"switchboard/backend/auth"
)

const sessionCookie = "sb_session"
const csrfCookie = "csrf_token"

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Hijack hands the connection to the websocket upgrader.
func (s *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := s.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("httpapi: connection cannot be hijacked")
	}
	if s.status == 0 {
		s.status = http.StatusSwitchingProtocols
	}
	return h.Hijack()
}

func (a *API) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(r.Context(), "panic", "value", v, "stack", string(debug.Stack()))
				writeErrorCode(w, http.StatusInternalServerError, "internal", "something went wrong on our side; please try again", nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (a *API) requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			return
		}
		slog.DebugContext(r.Context(), "http", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"duration_ms", time.Since(start).Milliseconds())
	})
}

type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "switchboard_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

func (a *API) metrics(next http.Handler) http.Handler {
	m := newHTTPMetrics(a.Registry)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := chi.RouteContext(r.Context()).RoutePattern()
		if route == "" {
			route = "other"
		}
		m.requests.WithLabelValues(r.Method, route, strconv.Itoa(sw.status)).Inc()
		m.latency.WithLabelValues(r.Method, route).Observe(time.Since(start).Seconds())
	})
}

// authenticate attaches the principal when the request carries valid
// credentials: an API token (Authorization: Bearer) or the session cookie.
// Whether a route needs one is decided by require.
func (a *API) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p *auth.Principal
		var err error
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				writeErrorCode(w, http.StatusUnauthorized, "unauthenticated", "Authorization must be 'Bearer <token>'", nil)
				return
			}
			p, err = a.Auth.TokenPrincipal(r.Context(), strings.TrimSpace(token))
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
			p, err = a.Auth.SessionPrincipal(r.Context(), c.Value)
		}
		if err != nil && !errors.Is(err, apperror.ErrUnauthenticated) {
			// The lookup failed (the database unreachable): routes that need
			// a principal answer with this error in require; public ones
			// (health, webhooks, sign-in) go on without the session.
			r = r.WithContext(context.WithValue(r.Context(), authErrKey{}, err))
		}
		if p != nil {
			r = r.WithContext(auth.WithPrincipal(r.Context(), p))
		}
		next.ServeHTTP(w, r)
	})
}

// authErrKey holds the error of a credential lookup that failed for a
// reason other than bad credentials.
type authErrKey struct{}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// require checks sign-in, the origin and CSRF token of cookie sessions on
// state-changing requests, and the route's permission.
func (a *API) require(perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := auth.FromContext(r.Context())
		if err, ok := r.Context().Value(authErrKey{}).(error); ok && p == nil {
			writeError(w, r, err)
			return
		}
		if p == nil {
			writeErrorCode(w, http.StatusUnauthorized, "unauthenticated", "sign in first", nil)
			return
		}
		if p.ViaSession() && unsafeMethod(r.Method) {
			if !a.sameOrigin(r) {
				writeErrorCode(w, http.StatusForbidden, "bad_origin", "requests from this origin are not allowed", nil)
				return
			}
			if !p.CSRFValid(r.Header.Get("X-CSRF-Token")) {
				writeErrorCode(w, http.StatusForbidden, "csrf_failed", "missing or wrong X-CSRF-Token header", nil)
				return
			}
		}
		if !a.Authz.Allowed(p.Role, p.AccountID, perm) {
			writeErrorCode(w, http.StatusForbidden, "forbidden", "your role may not do this", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// OriginAllowed reports whether a browser Origin header belongs to us.
func (a *API) OriginAllowed(origin string) bool {
	for _, o := range a.Config.Origins() {
		if strings.EqualFold(o, origin) {
			return true
		}
	}
	return false
}

// sameOrigin reports whether a browser request may come from another site:
// an Origin header must be one of ours; without one, Sec-Fetch-Site must be
// same-origin or none (typed by the user). Requests with neither header
// (clients that are no browser) pass; the CSRF token still guards them.
func (a *API) sameOrigin(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		return a.OriginAllowed(o)
	}
	switch site := r.Header.Get("Sec-Fetch-Site"); site {
	case "", "same-origin", "none":
		return true
	default:
		return false
	}
}
