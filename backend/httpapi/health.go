package httpapi

import (
	"context"
	"net/http"
	"time"
)

func (a *API) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only when the database and the object store answer.
func (a *API) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	checks := map[string]string{"database": "ok", "object_store": "ok"}
	status := http.StatusOK
	if err := a.DB.Pool.Ping(ctx); err != nil {
		checks["database"] = "unreachable"
		status = http.StatusServiceUnavailable
	}
	if a.Media != nil {
		if err := a.Media.Ping(ctx); err != nil {
			checks["object_store"] = "unreachable"
			status = http.StatusServiceUnavailable
		}
	}
	writeJSON(w, status, map[string]any{"status": map[bool]string{true: "ready", false: "not ready"}[status == http.StatusOK], "checks": checks})
}
