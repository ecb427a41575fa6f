package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// runList seeds conversations and times GET /api/conversations as the
// signed-in admin: the default page, filtered, the next page and searches.
func runList(ctx context.Context, in *instance, o Options, rep *Report) error {
	const sc = "list"
	seeded, err := seedConversations(ctx, in, o.Conversations, o.SeedMessages)
	if err != nil {
		return err
	}
	var total int64
	if err := in.srv.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM conversations").Scan(&total); err != nil {
		return err
	}
	first, err := listPage(ctx, in, "")
	if err != nil {
		return err
	}
	if first.Next == nil {
		return fmt.Errorf("the first page has no next cursor: too few conversations")
	}
	variants := []struct{ name, query string }{
		{"default page (50)", ""},
		{"status=open", "status=open"},
		{"tab=mine", "tab=mine"},
		{"page 2 (cursor)", "cursor=" + url.QueryEscape(*first.Next)},
		{"search a name (q=" + seeded.name + ")", "q=" + url.QueryEscape(seeded.name)},
		{"search a number (q=" + seeded.number + ")", "q=" + url.QueryEscape(seeded.number)},
	}
	rep.add(sc, "conversations in the account", thousands(total))
	for _, v := range variants {
		progress("list: %s", v.name)
		var lat []time.Duration
		var items int
		// Two requests warm up; then until the count or 30 s, but at
		// least five, however slow.
		deadline := time.Now().Add(30 * time.Second)
		for i := -2; i < o.ListRequests && (i < 5 || time.Now().Before(deadline)); i++ {
			start := time.Now()
			page, err := listPage(ctx, in, v.query)
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			if i >= 0 {
				lat = append(lat, time.Since(start))
			}
			items = len(page.Items)
		}
		s := Summarize(lat)
		rep.check(sc, fmt.Sprintf("%s, %d items: p50 / p99", v.name, items),
			ms(s.P50)+" / "+ms(s.P99), "p99 ≤ 20 ms", s.N > 0 && s.P99 <= 20*time.Millisecond)
		if s.N < o.ListRequests {
			rep.note("list %s: %d requests measured (the variant stops after 30 s)", v.name, s.N)
		}
	}
	rep.note("list: one client, requests one after another on an otherwise idle server, signed in with the session cookie; latency is the whole HTTP request over loopback.")
	return nil
}

type listResponse struct {
	Items []json.RawMessage `json:"items"`
	Next  *string           `json:"next"`
}

func listPage(ctx context.Context, in *instance, query string) (*listResponse, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", in.url+"/api/conversations?"+query, nil)
	if err != nil {
		return nil, err
	}
	res, err := in.api.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/conversations?%s: %d %s", query, res.StatusCode, b)
	}
	var page listResponse
	return &page, json.Unmarshal(b, &page)
}
