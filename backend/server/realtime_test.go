package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"switchboard/backend/server"
)

// dialAs signs in on base and opens the websocket with the session cookie.
func dialAs(t *testing.T, f *fixture, base, email string) *websocket.Conn {
	t.Helper()
	b := f.newBrowser()
	b.f = &fixture{t: t, http: &httptest.Server{URL: base}}
	if res := b.login(email, testPassword); res.Status != 200 {
		t.Fatalf("login on %s: %d %s", base, res.Status, res.Body)
	}
	req, _ := http.NewRequest("GET", base, nil)
	hdr := http.Header{"Origin": {base}}
	for _, c := range b.client.Jar.Cookies(req.URL) {
		hdr.Add("Cookie", c.Name+"="+c.Value)
	}
	conn, res, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/ws", hdr)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("dial: %v (%d)", err, status)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

type wsEvent struct {
	Type      string          `json:"type"`
	Seq       int64           `json:"seq"`
	AccountID int64           `json:"account_id"`
	Data      json.RawMessage `json:"data"`
}

// waitFor reads events until one of type typ whose data contains needle.
func waitFor(t *testing.T, conn *websocket.Conn, typ, needle string) wsEvent {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_ = conn.SetReadDeadline(deadline)
		var ev wsEvent
		if err := conn.ReadJSON(&ev); err != nil {
			t.Fatalf("waiting for %s %q: %v", typ, needle, err)
		}
		if ev.Type == typ && strings.Contains(string(ev.Data), needle) {
			return ev
		}
	}
}

// expectSilence fails if an event containing needle arrives within d.
func expectSilence(t *testing.T, conn *websocket.Conn, needle string, d time.Duration) {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(d))
	for {
		var ev wsEvent
		if err := conn.ReadJSON(&ev); err != nil {
			return
		}
		if strings.Contains(string(ev.Data), needle) {
			t.Fatalf("unexpected event %s: %s", ev.Type, ev.Data)
		}
	}
}

func TestInboundMessageReachesAgentsOnAnotherInstanceAndNoOtherAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t) // instance A
	// Instance B shares A's database.
	cfgB := newConfig(t, f.srv.Config.DatabaseURL)
	b, err := server.New(context.Background(), cfgB, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	hsB := httptest.NewServer(b.API.Handler())
	t.Cleanup(hsB.Close)
	cfgB.AllowedOrigins = append(cfgB.AllowedOrigins, hsB.URL)

	agentOnB := dialAs(t, f, hsB.URL, "agent@a.test")
	supervisorOnA := dialAs(t, f, f.http.URL, "supervisor@a.test")
	otherAccount := dialAs(t, f, f.http.URL, "admin@b.test")

	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	// The agent sees the conversation because the number routes it to their queue.
	f.routeToQueue(ch, "manual", "agent")
	f.postWebhook(ch, textPayload("wamid.cross.1", "4915100000777", "Erika", "across instances", time.Now().Unix()), "")
	f.processAll() // processed on instance A

	waitFor(t, agentOnB, "conversation.created", "Erika")
	ev := waitFor(t, agentOnB, "message.created", "across instances")
	if ev.Seq == 0 || ev.AccountID != f.acctA.ID {
		t.Fatalf("event %+v", ev)
	}
	waitFor(t, supervisorOnA, "message.created", "across instances")
	expectSilence(t, otherAccount, "across instances", 500*time.Millisecond)

	// Typing crosses instances too, and the typist's name is carried.
	var conv int64
	if err := f.srv.DB.Bun.NewRaw("SELECT id FROM conversations").Scan(t.Context(), &conv); err != nil {
		t.Fatal(err)
	}
	if err := supervisorOnA.WriteJSON(map[string]any{"type": "typing", "conversation_id": conv}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, agentOnB, "typing", "A supervisor")
}
