package httpapi

import (
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"switchboard/frontend"
)

// Handler returns the whole HTTP handler: API routes, webhooks and the
// embedded web app. It is built once. Metrics are not on it: see
// MetricsHandler.
func (a *API) Handler() http.Handler {
	a.handlerOnce.Do(func() { a.handler = a.buildHandler() })
	return a.handler
}

func (a *API) buildHandler() http.Handler {
	r := chi.NewRouter()
	r.Use(a.bodyDeadline, securityHeaders, a.withLogger, a.recoverer, a.requestLog, a.metrics, checkQuery, a.authenticate)

	routes := a.allRoutes()
	for _, rt := range routes {
		if rt.Perm == "" {
			panic(fmt.Sprintf("httpapi: route %s %s declares no permission", rt.Method, rt.Pattern))
		}
		h := http.Handler(rt.Handler)
		if rt.Perm != Public {
			h = a.require(rt.Perm, h)
		}
		r.Method(rt.Method, rt.Pattern, h)
	}

	apiNotFound := func(w http.ResponseWriter, r *http.Request) {
		writeErrorCode(w, http.StatusNotFound, "not_found", "no such endpoint", nil)
	}
	r.NotFound(func(w http.ResponseWriter, req *http.Request) {
		// /metrics is served on its own listener (SWITCHBOARD_METRICS_ADDR),
		// never here, not even as the app's fallback page.
		if strings.HasPrefix(req.URL.Path, "/api/") || strings.HasPrefix(req.URL.Path, "/webhooks/") || req.URL.Path == "/metrics" {
			apiNotFound(w, req)
			return
		}
		a.serveApp(w, req)
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, req *http.Request) {
		writeErrorCode(w, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed on this endpoint", nil)
	})
	return r
}

// serveApp serves the embedded single-page app: files as they are, every
// other path gets index.html so client-side routes load.
func (a *API) serveApp(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeErrorCode(w, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed", nil)
		return
	}
	w.Header().Set("Content-Security-Policy", a.appCSP())
	dist, _ := fs.Sub(frontend.Dist, "dist")
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name != "" && name != "index.html" {
		if f, err := dist.Open(name); err == nil {
			st, _ := f.Stat()
			f.Close()
			if st != nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				http.ServeFileFS(w, r, dist, name)
				return
			}
		}
	}
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		http.Error(w, "The web app is not built into this binary. Run `make build` (or `npm run build`) and rebuild.", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(index)
}

// MetricsHandler serves the Prometheus registry; the server mounts it on
// the metrics listener, away from the public app listener.
func (a *API) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.Registry, promhttp.HandlerOpts{}))
	return securityHeaders(mux)
}
