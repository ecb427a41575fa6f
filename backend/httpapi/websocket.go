package httpapi

import "net/http"

// websocket hands the signed-in request to the realtime handler, which
// checks the origin and upgrades.
func (a *API) websocket(w http.ResponseWriter, r *http.Request) {
	if a.Realtime == nil {
		writeErrorCode(w, http.StatusServiceUnavailable, "unavailable", "realtime is not running", nil)
		return
	}
	a.Realtime.ServeHTTP(w, r)
}
