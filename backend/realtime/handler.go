package realtime

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// writeBufferPool is shared by every connection: an idle connection holds
// no write buffer (events are written as prepared frames straight to the
// socket; the pool serves the rare buffered write).
var writeBufferPool = &sync.Pool{}

// Handler serves the websocket endpoint (/api/ws). Before upgrading it
// checks the Origin header (403 when originAllowed rejects it; requests
// without Origin do not come from a browser page and pass) and
// authenticates the request (401 when authenticate fails or returns nil).
// originAllowed nil means "same host as the request".
func Handler(hub *Hub, authenticate func(*http.Request) (*Subscriber, error), originAllowed func(origin string) bool) http.Handler {
	up := &websocket.Upgrader{
		HandshakeTimeout: hub.opts.WriteWait,
		// Small read buffer: an idle connection keeps it for its lifetime,
		// and clients only send small messages.
		ReadBufferSize:  512,
		WriteBufferSize: 1024,
		WriteBufferPool: writeBufferPool,
		// Origin is checked before authentication, below.
		CheckOrigin: func(*http.Request) bool { return true },
		Error: func(w http.ResponseWriter, _ *http.Request, status int, reason error) {
			if status >= 500 {
				writeError(w, status, "internal", "unable to open the websocket")
				return
			}
			writeError(w, status, "bad_request", reason.Error())
		},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" {
			ok := sameHost(origin, r.Host)
			if originAllowed != nil {
				ok = originAllowed(origin)
			}
			if !ok {
				writeError(w, http.StatusForbidden, "forbidden_origin", "origin not allowed")
				return
			}
		}
		sub, err := authenticate(r)
		if err != nil || sub == nil {
			writeError(w, http.StatusUnauthorized, "unauthenticated", "authentication required")
			return
		}
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return // the upgrader has answered
		}
		c := newClient(hub, sub, ws)
		select {
		case hub.register <- c:
		case <-hub.done:
			_ = ws.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(hub.opts.WriteWait))
			_ = ws.Close()
			return
		}
		if hub.opts.OnConnect != nil {
			hub.opts.OnConnect(sub)
		}
		// Fresh goroutines with small stacks instead of keeping the HTTP
		// server's goroutine (and what it references) alive per connection.
		go c.writeLoop()
		go c.readLoop()
	})
}

func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Host, host)
}

// writeError writes the JSON error envelope {"error":{"code","message"}}.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"error": map[string]string{"code": code, "message": message},
	})
}
