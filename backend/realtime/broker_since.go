package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// MaxSinceLimit caps one page of Since.
const MaxSinceLimit = 1000

// Since returns the durable events of accountID with a seq greater than
// seq, in seq order, at most limit (1..MaxSinceLimit, default 100). Audience
// is set, so callers can filter with Hub.Allowed.
func (b *Broker) Since(ctx context.Context, accountID, seq int64, limit int) ([]Event, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, MaxSinceLimit)
	return b.scanEvents(ctx, `SELECT id, account_id, type, data FROM events
	WHERE account_id = $1 AND id > $2 ORDER BY id LIMIT $3`, accountID, seq, limit)
}

// ReplayCursor returns where a client that last received seq should resume
// so that it misses nothing: seq order is not commit order, so an event
// with a lower seq than one the client has may have committed after it.
// The cursor is the account's last event drawn CatchUpWindow before seq;
// the client skips the events of the overlap it already has.
func (b *Broker) ReplayCursor(ctx context.Context, accountID, seq int64) (int64, error) {
	var from int64
	err := b.pool.QueryRow(ctx, `SELECT coalesce((
	SELECT id FROM events
	WHERE account_id = $1 AND id <= $2
	  AND created_at < coalesce(
	        (SELECT created_at FROM events WHERE id = $2 AND account_id = $1), now())
	      - make_interval(secs => $3)
	ORDER BY id DESC LIMIT 1), 0)`,
		accountID, seq, b.opts.CatchUpWindow.Seconds()).Scan(&from)
	if err != nil {
		return 0, fmt.Errorf("realtime: unable to find replay cursor: %w", err)
	}
	return from, nil
}

// sincePage is the body of SinceHandler's answer.
type sincePage struct {
	Events []Event `json:"events"`
	// Next is the cursor for the next page (?after=Next).
	Next int64 `json:"next"`
	// More is true when the page is full: ask again with ?after=Next, or,
	// after a long absence, refetch instead.
	More bool `json:"more"`
}

// SinceHandler serves the replay of durable events for the caller's
// account, filtered by the hub's policy:
//
//	GET ?since=<seq>  after a reconnect: from the replay cursor of seq
//	                  (overlapping; skip events already received)
//	GET ?after=<seq>  the next page: exactly the events after seq
//	&limit=<n>        page size (default 100, at most 1000)
//
// The answer is {"events":[…],"next":<seq>,"more":<bool>}.
func SinceHandler(b *Broker, hub *Hub, authenticate func(*http.Request) (*Subscriber, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sub, err := authenticate(r)
		if err != nil || sub == nil {
			writeError(w, http.StatusUnauthorized, "unauthenticated", "authentication required")
			return
		}
		q := r.URL.Query()
		limit := 100
		if v := q.Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > MaxSinceLimit {
				writeError(w, http.StatusBadRequest, "invalid_limit", "limit must be between 1 and 1000")
				return
			}
			limit = n
		}
		var cursor int64
		switch {
		case q.Has("since"):
			seq, err := strconv.ParseInt(q.Get("since"), 10, 64)
			if err != nil || seq < 0 {
				writeError(w, http.StatusBadRequest, "invalid_since", "since must be a seq")
				return
			}
			if cursor, err = b.ReplayCursor(r.Context(), sub.AccountID, seq); err != nil {
				writeError(w, http.StatusInternalServerError, "internal", "unable to replay events")
				return
			}
		case q.Has("after"):
			if cursor, err = strconv.ParseInt(q.Get("after"), 10, 64); err != nil || cursor < 0 {
				writeError(w, http.StatusBadRequest, "invalid_after", "after must be a seq")
				return
			}
		default:
			writeError(w, http.StatusBadRequest, "missing_since", "since or after is required")
			return
		}
		events, err := b.Since(r.Context(), sub.AccountID, cursor, limit)
		if err != nil {
			writeError(w, http.StatusInternalServerError, "internal", "unable to replay events")
			return
		}
		page := sincePage{Events: make([]Event, 0, len(events)), Next: cursor, More: len(events) == limit}
		for _, ev := range events {
			page.Next = ev.Seq
			if hub.Allowed(sub, &ev) {
				page.Events = append(page.Events, ev)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(page)
	})
}
