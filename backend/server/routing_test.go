package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// online marks users of account A present now.
func (f *fixture) online(roles ...string) {
	f.t.Helper()
	for _, r := range roles {
		if err := f.srv.Routing.Seen(context.Background(), f.acctA.ID, f.users[r].ID); err != nil {
			f.t.Fatal(err)
		}
	}
}

// inbound makes a new contact write on channel ch and returns the conversation id.
func (f *fixture) inbound(ch int64, from, body string) int64 {
	f.t.Helper()
	f.postWebhook(ch, textPayload(fmt.Sprintf("wamid.%s.%d", from, time.Now().UnixNano()), from, "Customer "+from, body, time.Now().Unix()), "")
	f.processAll()
	var id int64
	err := f.srv.DB.Bun.NewRaw("SELECT cv.id FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id WHERE ct.whatsapp_number = ? AND cv.channel_id = ? AND cv.status <> 'resolved'", "+"+from, ch).Scan(context.Background(), &id)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) assignee(conv int64) int64 {
	f.t.Helper()
	var a *int64
	if err := f.srv.DB.Bun.NewRaw("SELECT assignee_id FROM conversations WHERE id = ?", conv).Scan(context.Background(), &a); err != nil {
		f.t.Fatal(err)
	}
	if a == nil {
		return 0
	}
	return *a
}

func TestAutoModeRoundRobinWithCapacityAndWaiting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.routeToQueue(ch, "auto", "agent", "supervisor") // capacity 2 each
	f.online("agent", "supervisor")
	agent, super := f.users["agent"].ID, f.users["supervisor"].ID

	var convs []int64
	for i := 0; i < 5; i++ {
		convs = append(convs, f.inbound(ch, fmt.Sprintf("49151000100%02d", i), "hi"))
	}
	got := []int64{}
	for _, c := range convs {
		got = append(got, f.assignee(c))
	}
	want := []int64{agent, super, agent, super, 0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("assignees = %v, want %v (round robin, capacity 2, fifth waits)", got, want)
	}
	// The agent frees up: the waiting conversation goes to them.
	if res := f.do("PATCH", fmt.Sprintf("/api/conversations/%d", convs[0]), f.tokens["admin"], `{"status":"resolved"}`); res.Status != 200 {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	if a := f.assignee(convs[4]); a != agent {
		t.Fatalf("waiting conversation went to %d, want the agent who freed up", a)
	}
	// Busy agents get nothing; offline ones neither.
	if _, err := f.srv.Routing.SetStatus(t.Context(), f.acctA.ID, agent, "busy"); err != nil {
		t.Fatal(err)
	}
	if res := f.do("PATCH", fmt.Sprintf("/api/conversations/%d", convs[1]), f.tokens["admin"], `{"status":"resolved"}`); res.Status != 200 {
		t.Fatal(res.Status)
	}
	next := f.inbound(ch, "4915100010099", "hello")
	if a := f.assignee(next); a != super {
		t.Fatalf("with the agent busy the conversation went to %d", a)
	}
	if _, err := f.srv.DB.Bun.NewRaw("UPDATE agent_presence SET last_seen_at = now() - interval '1 hour' WHERE user_id = ?", super).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	if res := f.do("PATCH", fmt.Sprintf("/api/conversations/%d", next), f.tokens["admin"], `{"status":"resolved"}`); res.Status != 200 {
		t.Fatal(res.Status)
	}
	last := f.inbound(ch, "4915100010098", "anyone?")
	if a := f.assignee(last); a != 0 {
		t.Fatalf("assigned to %d although nobody is available", a)
	}
	// Coming back online (with room: one of the agent's conversations is
	// resolved while they are busy) picks it up.
	if res := f.do("PATCH", fmt.Sprintf("/api/conversations/%d", convs[2]), f.tokens["admin"], `{"status":"resolved"}`); res.Status != 200 {
		t.Fatal(res.Status)
	}
	if a := f.assignee(last); a != 0 {
		t.Fatalf("assigned to %d while the agent is busy", a)
	}
	if _, err := f.srv.Routing.SetStatus(t.Context(), f.acctA.ID, agent, "online"); err != nil {
		t.Fatal(err)
	}
	if a := f.assignee(last); a != agent {
		t.Fatalf("after the agent came online: %d", a)
	}
}

func TestPresenceHasAGracePeriodAndIsAnnounced(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.online("agent")
	status := func() string {
		var list struct {
			Items []struct {
				UserID int64  `json:"user_id"`
				Status string `json:"status"`
			} `json:"items"`
		}
		f.do("GET", "/api/presence", f.tokens["supervisor"], "").json(t, &list)
		for _, p := range list.Items {
			if p.UserID == f.users["agent"].ID {
				return p.Status
			}
		}
		return "missing"
	}
	if s := status(); s != "online" {
		t.Fatalf("after a connection: %q", s)
	}
	// Within the grace period the agent stays online (a reload, a short drop).
	if _, err := f.srv.DB.Bun.NewRaw("UPDATE agent_presence SET last_seen_at = now() - interval '10 seconds'").Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Routing.SweepPresence(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := status(); s != "online" {
		t.Fatalf("within the grace period: %q", s)
	}
	if _, err := f.srv.DB.Bun.NewRaw("UPDATE agent_presence SET last_seen_at = now() - interval '31 seconds'").Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Routing.SweepPresence(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := status(); s != "offline" {
		t.Fatalf("after the grace period: %q", s)
	}
	if n := f.count("agent_presence", "announced = 'offline' AND user_id = ?", f.users["agent"].ID); n != 1 {
		t.Fatalf("offline not announced")
	}
	// Connected agents set their own status.
	f.online("agent")
	b := f.newBrowser()
	b.login("agent@a.test", testPassword)
	if res := b.do("PUT", "/api/presence/me", `{"status":"busy"}`, true); res.Status != 200 || !strings.Contains(string(res.Body), "busy") {
		t.Fatalf("set busy: %d %s", res.Status, res.Body)
	}
	if res := b.do("PUT", "/api/presence/me", `{"status":"asleep"}`, true); res.Status != 422 {
		t.Fatalf("bad status: %d", res.Status)
	}
}

func TestManualModeMembersPickConversationsUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.routeToQueue(ch, "manual", "agent", "supervisor")
	f.online("agent", "supervisor")
	conv := f.inbound(ch, "4915100020001", "hi")
	if a := f.assignee(conv); a != 0 {
		t.Fatalf("manual queue assigned to %d", a)
	}
	agent := f.newBrowser()
	agent.login("agent@a.test", testPassword)
	if res := agent.do("POST", fmt.Sprintf("/api/conversations/%d/claim", conv), "", true); res.Status != 200 {
		t.Fatalf("claim: %d %s", res.Status, res.Body)
	}
	super := f.newBrowser()
	super.login("supervisor@a.test", testPassword)
	if res := super.do("POST", fmt.Sprintf("/api/conversations/%d/claim", conv), "", true); res.Status != http.StatusConflict {
		t.Fatalf("second claim: %d", res.Status)
	}
	if a := f.assignee(conv); a != f.users["agent"].ID {
		t.Fatalf("assignee %d", a)
	}
}

func TestFirstReplyTakesTheConversation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.routeToQueue(ch, "first_reply", "agent", "supervisor")
	conv := f.inbound(ch, "4915100030001", "hi")
	super := f.newBrowser()
	super.login("supervisor@a.test", testPassword)
	path := fmt.Sprintf("/api/conversations/%d/messages", conv)
	// A note is no reply.
	super.do("POST", path, `{"kind":"note","body":"looking into it"}`, true)
	if a := f.assignee(conv); a != 0 {
		t.Fatalf("a note assigned the conversation to %d", a)
	}
	if res := super.do("POST", path, `{"kind":"text","body":"Hello!"}`, true); res.Status != 201 {
		t.Fatalf("reply: %d %s", res.Status, res.Body)
	}
	if a := f.assignee(conv); a != f.users["supervisor"].ID {
		t.Fatalf("after the first reply: %d", a)
	}
}

func TestExtensionRouteGoesStraightToTheAgent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	var c struct {
		Senders []struct {
			ID int64 `json:"id"`
		} `json:"senders"`
	}
	f.do("GET", fmt.Sprintf("/api/channels/%d", ch), f.tokens["admin"], "").json(t, &c)
	path := fmt.Sprintf("/api/senders/%d/route", c.Senders[0].ID)
	if res := f.do("PUT", path, f.tokens["supervisor"], mustJSON(map[string]any{"user_id": f.users["agent"].ID})); res.Status != 200 {
		t.Fatalf("route: %d %s", res.Status, res.Body)
	}
	if res := f.do("PUT", path, f.tokens["supervisor"], mustJSON(map[string]any{"user_id": f.users["campaign_manager"].ID})); res.Status != 422 {
		t.Fatalf("route to a campaign manager: %d", res.Status)
	}
	if res := f.do("PUT", path, f.tokens["supervisor"], mustJSON(map[string]any{"user_id": f.userB.ID})); res.Status != 422 {
		t.Fatalf("route to another account's user: %d", res.Status)
	}
	conv := f.inbound(ch, "4915100040001", "hi")
	if a := f.assignee(conv); a != f.users["agent"].ID {
		t.Fatalf("extension route assigned %d", a)
	}
}

func TestOutOfHoursAutoReply(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	q := f.routeToQueue(ch, "auto", "agent")
	body := `{"business_hours":{"timezone":"Europe/Vienna","days":{}},"out_of_hours_reply":"We are closed; we answer tomorrow from 9:00."}`
	if res := f.do("PATCH", fmt.Sprintf("/api/queues/%d", q), f.tokens["supervisor"], body); res.Status != 200 {
		t.Fatalf("hours: %d %s", res.Status, res.Body)
	}
	if res := f.do("PATCH", fmt.Sprintf("/api/queues/%d", q), f.tokens["supervisor"], `{"business_hours":{"timezone":"Nowhere/Land","days":{}}}`); res.Status != 422 {
		t.Fatalf("bad zone: %d", res.Status)
	}
	conv := f.inbound(ch, "4915100050001", "hello?")
	m := f.message("conversation_id = ? AND direction = 'out'", conv)
	if m.Body != "We are closed; we answer tomorrow from 9:00." || m.Status != "queued" {
		t.Fatalf("auto reply = %+v", m)
	}
}

func TestTransferIsRecordedAndReachesTheNewAgent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	q := f.routeToQueue(ch, "manual", "agent")
	conv := f.inbound(ch, "4915100060001", "hi")
	ws := dialAs(t, f, f.http.URL, "agent@a.test")
	super := f.newBrowser()
	super.login("supervisor@a.test", testPassword)
	res := super.do("POST", fmt.Sprintf("/api/conversations/%d/transfer", conv),
		mustJSON(map[string]any{"user_id": f.users["agent"].ID, "note": "VIP customer, please call back"}), true)
	if res.Status != 200 {
		t.Fatalf("transfer: %d %s", res.Status, res.Body)
	}
	waitFor(t, ws, "conversation.updated", fmt.Sprintf(`"assignee_id":%d`, f.users["agent"].ID))
	var hist struct {
		Items []struct {
			Kind      string  `json:"kind"`
			ActorName *string `json:"actor_name"`
			UserName  *string `json:"user_name"`
			QueueName *string `json:"queue_name"`
			Note      string  `json:"note"`
		} `json:"items"`
	}
	f.do("GET", fmt.Sprintf("/api/conversations/%d/history", conv), f.tokens["admin"], "").json(t, &hist)
	if len(hist.Items) != 2 || hist.Items[0].Kind != "queued" || hist.Items[1].Kind != "transferred" ||
		hist.Items[1].ActorName == nil || *hist.Items[1].ActorName != "A supervisor" || hist.Items[1].Note == "" ||
		hist.Items[1].UserName == nil || *hist.Items[1].UserName != "A agent" {
		t.Fatalf("history = %+v", hist.Items)
	}
	if n := f.count("messages", "conversation_id = ? AND kind = 'note' AND body = 'VIP customer, please call back'", conv); n != 1 {
		t.Fatalf("transfer note missing")
	}
	// Back into the queue: unassigned, waiting there.
	if res := super.do("POST", fmt.Sprintf("/api/conversations/%d/transfer", conv), mustJSON(map[string]any{"queue_id": q}), true); res.Status != 200 {
		t.Fatalf("to queue: %d", res.Status)
	}
	if a := f.assignee(conv); a != 0 {
		t.Fatalf("after transfer to the queue: %d", a)
	}
	if res := super.do("POST", fmt.Sprintf("/api/conversations/%d/transfer", conv), `{}`, true); res.Status != 422 {
		t.Fatalf("transfer to nowhere: %d", res.Status)
	}
}

func TestVisibilityPerRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.routeToQueue(ch, "manual", "agent")
	mineQueue := f.inbound(ch, "4915100070001", "in my queue")
	// A second channel whose queue the agent is not in.
	ch2 := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.routeToQueue(ch2, "manual", "supervisor")
	otherQueue := f.inbound(ch2, "4915100070002", "in another queue")
	// Assigned to the agent although in the other queue; and one assigned to the supervisor.
	assignedToMe := f.inbound(ch2, "4915100070003", "assigned to me")
	f.do("PATCH", fmt.Sprintf("/api/conversations/%d", assignedToMe), f.tokens["admin"], mustJSON(map[string]any{"assignee_id": f.users["agent"].ID}))
	assignedToOther := f.inbound(ch, "4915100070004", "assigned to the supervisor")
	f.do("PATCH", fmt.Sprintf("/api/conversations/%d", assignedToOther), f.tokens["admin"], mustJSON(map[string]any{"assignee_id": f.users["supervisor"].ID}))

	all := []int64{mineQueue, otherQueue, assignedToMe, assignedToOther}
	cases := []struct {
		role string
		sees []int64
	}{
		{"agent", []int64{mineQueue, assignedToMe}},
		{"supervisor", all},
		{"admin", all},
	}
	for _, c := range cases {
		b := f.newBrowser()
		b.login(c.role+"@a.test", testPassword)
		var list struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		b.do("GET", "/api/conversations?limit=50", "", false).json(t, &list)
		seen := map[int64]bool{}
		for _, it := range list.Items {
			seen[it.ID] = true
		}
		for _, id := range all {
			want := false
			for _, s := range c.sees {
				want = want || s == id
			}
			if seen[id] != want {
				t.Errorf("%s: list shows %d = %v, want %v", c.role, id, seen[id], want)
			}
			res := b.do("GET", fmt.Sprintf("/api/conversations/%d", id), "", false)
			if (res.Status == 200) != want {
				t.Errorf("%s: GET conversation %d = %d", c.role, id, res.Status)
			}
			res = b.do("GET", fmt.Sprintf("/api/conversations/%d/messages", id), "", false)
			if (res.Status == 200) != want {
				t.Errorf("%s: GET messages of %d = %d", c.role, id, res.Status)
			}
		}
		// Search obeys the same filter.
		b.do("GET", "/api/conversations?q=another+queue", "", false).json(t, &list)
		if found := len(list.Items) == 1; found != (c.role != "agent") {
			t.Errorf("%s: search for another queue's message found %d", c.role, len(list.Items))
		}
	}
	cm := f.newBrowser()
	cm.login("campaign_manager@a.test", testPassword)
	if res := cm.do("GET", "/api/conversations", "", false); res.Status != 403 {
		t.Errorf("campaign manager lists conversations: %d", res.Status)
	}
	// Realtime obeys it too: the agent hears of their queue, not of the other one.
	ws := dialAs(t, f, f.http.URL, "agent@a.test")
	f.postWebhook(ch2, textPayload("wamid.vis.other", "4915100070002", "x", "secret of the other queue", time.Now().Unix()), "")
	f.postWebhook(ch, textPayload("wamid.vis.mine", "4915100070001", "x", "news in my queue", time.Now().Unix()), "")
	f.processAll()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_ = ws.SetReadDeadline(deadline)
		var ev wsEvent
		if err := ws.ReadJSON(&ev); err != nil {
			t.Fatalf("agent never got their queue's message: %v", err)
		}
		if strings.Contains(string(ev.Data), "secret of the other queue") {
			t.Fatalf("agent got another queue's message: %s", ev.Data)
		}
		if strings.Contains(string(ev.Data), "news in my queue") {
			break
		}
	}
}

func TestQueueMembersHearThatAWaitingConversationWasTaken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.routeToQueue(ch, "manual", "agent", "supervisor")
	conv := f.inbound(ch, "4915100090001", "who takes me?")
	agentWS := dialAs(t, f, f.http.URL, "agent@a.test")
	super := f.newBrowser()
	super.login("supervisor@a.test", testPassword)
	if res := super.do("POST", fmt.Sprintf("/api/conversations/%d/claim", conv), "", true); res.Status != 200 {
		t.Fatalf("claim: %d", res.Status)
	}
	waitFor(t, agentWS, "conversation.updated", fmt.Sprintf(`"assignee_id":%d`, f.users["supervisor"].ID))
}

func TestANewConnectionHearsItsOwnPresenceEvenWhenUnchanged(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Announced online earlier, then silent past the grace period without a
	// sweep: the presence read before the new connection counts says offline.
	f.online("agent")
	if _, err := f.srv.DB.Bun.NewRaw("UPDATE agent_presence SET last_seen_at = now() - interval '1 hour'").Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	ws := dialAs(t, f, f.http.URL, "agent@a.test")
	waitFor(t, ws, "presence", `"status":"online"`)
}
