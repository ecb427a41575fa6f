package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func hubPublish(t testing.TB, h *Hub, typ string, account int64, aud Audience, data any) {
	t.Helper()
	if err := h.Publish(context.Background(), mustEvent(t, typ, account, aud, data)); err != nil {
		t.Fatalf("publish: %v", err)
	}
}

func TestPolicyHidesEventsFromDisallowedSubscribers(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{Allow: onlyListedUsers})
	allowed := in.dial(t, 1, 1, "agent")
	other := in.dial(t, 1, 2, "agent")

	hubPublish(t, in.hub, TypeConversationUpdated, 1, Audience{UserIDs: []int64{1}}, msgData{ID: 1})
	hubPublish(t, in.hub, TypeConversationUpdated, 1, Audience{}, msgData{ID: 2})
	if d := dataOf(t, allowed.expect(TypeConversationUpdated)); d.ID != 1 {
		t.Fatalf("allowed subscriber got %d first", d.ID)
	}
	if d := dataOf(t, other.expect(TypeConversationUpdated)); d.ID != 2 {
		t.Fatalf("disallowed subscriber got event %d, want only 2", d.ID)
	}
}

func TestPolicyCanUseSubscriberAttributes(t *testing.T) {
	t.Parallel()
	inQueue := func(sub *Subscriber, ev *Event) bool {
		queues, _ := sub.Attrs().(map[int64]bool)
		return ev.Audience.QueueID == 0 || queues[ev.Audience.QueueID]
	}
	var subs = make(chan *Subscriber, 2)
	in := newInstance(t, nil, HubOptions{Allow: inQueue})
	// Attributes are set by whoever authenticates, and may change later.
	in.srv.Config.Handler = Handler(in.hub, func(r *http.Request) (*Subscriber, error) {
		s, err := testAuth(r)
		if err == nil {
			subs <- s
		}
		return s, err
	}, testOriginAllowed)
	c := in.dial(t, 1, 1, "agent")
	sub := <-subs
	hubPublish(t, in.hub, TypeConversationCreated, 1, Audience{QueueID: 4}, msgData{ID: 1})
	if _, err := in.hub.Connections(context.Background()); err != nil { // the event was fanned out
		t.Fatal(err)
	}
	sub.SetAttrs(map[int64]bool{4: true})
	hubPublish(t, in.hub, TypeConversationCreated, 1, Audience{QueueID: 4}, msgData{ID: 2})
	if d := dataOf(t, c.expect(TypeConversationCreated)); d.ID != 2 {
		t.Fatalf("got conversation %d, want 2 (queue joined after the first)", d.ID)
	}
}

func TestSlowClientIsDisconnectedWithoutBlockingOthers(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{SendQueue: 8, WriteWait: 2 * time.Second})
	slow := in.dialRaw(t, 1, 1, "agent") // never reads
	fast := in.dial(t, 1, 2, "agent")

	// Each event is large, so the slow client's socket buffers fill up
	// quickly; the fast client reads each before the next is published.
	big := strings.Repeat("x", 64<<10)
	for i := 1; ; i++ {
		hubPublish(t, in.hub, TypeMessageCreated, 1, Audience{}, msgData{ID: int64(i), Text: big})
		if d := dataOf(t, fast.expect(TypeMessageCreated)); d.ID != int64(i) {
			t.Fatalf("fast client got %d, want %d", d.ID, i)
		}
		select {
		case s := <-in.disconnected:
			if s.UserID != 1 {
				t.Fatalf("user %d was disconnected, want the slow one", s.UserID)
			}
			if v := metricValue(t, in.reg, "switchboard_realtime_events_dropped_total", "slow_client"); v != 1 {
				t.Fatalf("slow_client drops = %v, want 1", v)
			}
			hubPublish(t, in.hub, TypeMessageCreated, 1, Audience{}, msgData{ID: -1})
			if d := dataOf(t, fast.expect(TypeMessageCreated)); d.ID != -1 {
				t.Fatalf("fast client got %d after the slow one left", d.ID)
			}
			_ = slow
			return
		default:
		}
		if i > 5000 {
			t.Fatal("slow client still connected after 320 MB")
		}
	}
}

func TestUpgradeWithoutAuthenticationIs401(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{})
	h := http.Header{}
	h.Set("Origin", testOrigin)
	_, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(in.srv.URL, "http"), h)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("dial without session: %v %v", err, resp)
	}
	assertErrorEnvelope(t, resp, "unauthenticated")
}

func TestUpgradeFromForeignOriginIs403(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{})
	h := http.Header{}
	h.Set("Origin", "https://evil.example")
	h.Set("Cookie", "session=1:1:agent")
	_, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(in.srv.URL, "http"), h)
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("dial from foreign origin: %v %v", err, resp)
	}
	assertErrorEnvelope(t, resp, "forbidden_origin")
}

func assertErrorEnvelope(t *testing.T, resp *http.Response, code string) {
	t.Helper()
	defer resp.Body.Close()
	var body struct {
		Error struct{ Code, Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Error.Code != code || body.Error.Message == "" {
		t.Fatalf("body %+v %v, want error code %s", body, err, code)
	}
}

func TestClientMessagesReachTheCallbackAndPingIsAnswered(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{})
	c := in.dial(t, 1, 1, "agent")
	for _, m := range []string{
		`{"type":"typing","conversation_id":12}`,
		`not json`,
		`{"type":"typing"}`,
		`{"type":"shout","conversation_id":12}`,
		`{"type":"viewing","conversation_id":13}`,
		`{"type":"ping"}`,
	} {
		if err := c.ws.WriteMessage(websocket.TextMessage, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []ClientMessage{{ClientTyping, 12}, {ClientViewing, 13}, {Type: ClientPing}} {
		select {
		case got := <-in.clientMsgs:
			if got != want {
				t.Fatalf("callback got %+v, want %+v", got, want)
			}
		case <-time.After(waitLimit):
			t.Fatalf("callback never got %+v", want)
		}
	}
	c.expect("pong")
}

func TestOversizedClientMessageClosesTheConnection(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{ReadLimit: 4096})
	c := in.dial(t, 1, 1, "agent")
	big := `{"type":"typing","conversation_id":1,"pad":"` + strings.Repeat("x", 5000) + `"}`
	if err := c.ws.WriteMessage(websocket.TextMessage, []byte(big)); err != nil {
		t.Fatal(err)
	}
	err := c.waitClosed()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseMessageTooBig {
		t.Fatalf("closed with %v, want 1009", err)
	}
	waitSubscriber(t, in.disconnected, 1)
}

func TestSilentClientIsClosedAfterPongWait(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{PongWait: 300 * time.Millisecond})
	// The client reads nothing, so it does not answer pings either.
	in.dialRaw(t, 1, 1, "agent")
	waitSubscriber(t, in.disconnected, 1)
}

func TestPingsKeepAnIdleClientConnected(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{PongWait: 300 * time.Millisecond, PingPeriod: 50 * time.Millisecond})
	c := in.dial(t, 1, 1, "agent") // gorilla's client answers pings while reading
	pings := 0
	for pings < 10 { // 500 ms of idle time, longer than PongWait
		select {
		case s := <-in.disconnected:
			t.Fatalf("user %d disconnected although it answered pings", s.UserID)
		case <-time.After(50 * time.Millisecond):
			pings++
		}
	}
	hubPublish(t, in.hub, TypePresence, 1, Audience{}, map[string]string{"status": "online"})
	c.expect(TypePresence)
}

func TestClosingCallsOnDisconnectAndCloseUserClosesOnlyThatUser(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{})
	a := in.dial(t, 1, 1, "agent")
	b := in.dial(t, 1, 2, "agent")
	if err := in.hub.CloseUser(context.Background(), 1, 1); err != nil {
		t.Fatal(err)
	}
	var ce *websocket.CloseError
	if err := a.waitClosed(); !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
		t.Fatalf("closed with %v, want 1008", err)
	}
	waitSubscriber(t, in.disconnected, 1)
	_ = b.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	waitSubscriber(t, in.disconnected, 2)
	if n, err := in.hub.Connections(context.Background()); err != nil || n != 0 {
		t.Fatalf("connections = %d %v, want 0", n, err)
	}
	if v := metricValue(t, in.reg, "switchboard_realtime_connections", ""); v != 0 {
		t.Fatalf("gauge = %v, want 0", v)
	}
}

func TestHubCloseSendsGoingAway(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{})
	c := in.dial(t, 1, 1, "agent")
	in.hub.Close()
	var ce *websocket.CloseError
	if err := c.waitClosed(); !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
		t.Fatalf("closed with %v, want 1001", err)
	}
	if err := in.hub.Publish(context.Background(), mustEvent(t, TypeTyping, 1, Audience{}, nil)); !errors.Is(err, ErrHubClosed) {
		t.Fatalf("publish after close: %v", err)
	}
}

func TestPlainRequestGetsABadRequestEnvelope(t *testing.T) {
	t.Parallel()
	in := newInstance(t, nil, HubOptions{})
	req, _ := http.NewRequest("GET", in.srv.URL, nil)
	req.Header.Set("Cookie", "session=1:1:agent")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("plain GET: %v %v", err, resp)
	}
	assertErrorEnvelope(t, resp, "bad_request")
}
