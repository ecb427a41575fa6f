package server_test

import (
	"fmt"
	"net/http"
)

// routeToQueue creates a queue with the given mode whose members are the
// account's users of the given roles, and routes the channel's first sender
// number to it. It returns the queue id.
func (f *fixture) routeToQueue(ch int64, mode string, roles ...string) int64 {
	f.t.Helper()
	admin := f.tokens["admin"]
	res := f.do("POST", "/api/queues", admin, mustJSON(map[string]any{"name": fmt.Sprintf("Queue %d %s", ch, mode), "mode": mode}))
	if res.Status != http.StatusCreated {
		f.t.Fatalf("create queue: %d %s", res.Status, res.Body)
	}
	var q struct {
		ID int64 `json:"id"`
	}
	res.json(f.t, &q)
	var members []map[string]any
	for _, role := range roles {
		members = append(members, map[string]any{"user_id": f.users[role].ID, "capacity": 2})
	}
	if res := f.do("PUT", fmt.Sprintf("/api/queues/%d/members", q.ID), admin, mustJSON(map[string]any{"members": members})); res.Status != http.StatusOK {
		f.t.Fatalf("members: %d %s", res.Status, res.Body)
	}
	var c struct {
		Senders []struct {
			ID int64 `json:"id"`
		} `json:"senders"`
	}
	f.do("GET", fmt.Sprintf("/api/channels/%d", ch), admin, "").json(f.t, &c)
	if res := f.do("PUT", fmt.Sprintf("/api/senders/%d/route", c.Senders[0].ID), admin, mustJSON(map[string]any{"queue_id": q.ID})); res.Status != http.StatusOK {
		f.t.Fatalf("route: %d %s", res.Status, res.Body)
	}
	return q.ID
}
