package realtime

import (
	"sync"
	"testing"

	"github.com/gorilla/websocket"
)

// frameTypes remembers the event type of each frame fanoutSync built.
var frameTypes sync.Map

// fanoutSync hands ev to the hub's fan-out directly (no hub goroutine), so
// queue states are exact.
func fanoutSync(t testing.TB, h *Hub, ev *Event) {
	t.Helper()
	if err := ev.validate(); err != nil {
		t.Fatal(err)
	}
	frame, err := encodeFrame(ev)
	if err != nil {
		t.Fatal(err)
	}
	frameTypes.Store(frame, ev.Type)
	h.fanout(outbound{ev: ev, frame: frame})
}

func TestEphemeralEventsAreDroppedBeforeDurableOnes(t *testing.T) {
	reg := newRegistry()
	h := newHub(HubOptions{SendQueue: 4, Registerer: reg, Logger: quietLogger})
	lagging := newClient(h, &Subscriber{AccountID: 1, UserID: 1}, nil)
	h.add(lagging)
	typing := mustEvent(t, TypeTyping, 1, Audience{}, nil)
	msg := func(id int64) *Event { return mustEvent(t, TypeMessageCreated, 1, Audience{}, msgData{ID: id}) }

	fanoutSync(t, h, typing) // queue empty: delivered
	fanoutSync(t, h, msg(1)) // half full now
	fanoutSync(t, h, typing) // dropped: ephemeral only use half the queue
	fanoutSync(t, h, msg(2))
	fanoutSync(t, h, msg(3)) // full
	fanoutSync(t, h, typing) // dropped
	if !lagging.registered || len(lagging.send) != 4 {
		t.Fatalf("registered %v with %d queued, want 4 queued", lagging.registered, len(lagging.send))
	}
	if v := metricValue(t, reg, "switchboard_realtime_events_dropped_total", "ephemeral"); v != 2 {
		t.Fatalf("ephemeral drops = %v, want 2", v)
	}
	if v := metricValue(t, reg, "switchboard_realtime_events_delivered_total", ""); v != 4 {
		t.Fatalf("delivered = %v, want 4", v)
	}
	fanoutSync(t, h, msg(4)) // durable event does not fit: the client is closed
	if lagging.registered || len(h.accounts[1]) != 0 || lagging.closeCode != websocket.ClosePolicyViolation {
		t.Fatalf("lagging client still registered (%v) or wrong close code %d", lagging.registered, lagging.closeCode)
	}
	var types []string
	for frame := range lagging.send { // closed by the hub
		typ, _ := frameTypes.Load(frame)
		types = append(types, typ.(string))
	}
	want := []string{TypeTyping, TypeMessageCreated, TypeMessageCreated, TypeMessageCreated}
	if len(types) != len(want) {
		t.Fatalf("queued %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("queued %v, want %v", types, want)
		}
	}
	if v := metricValue(t, reg, "switchboard_realtime_events_dropped_total", "slow_client"); v != 1 {
		t.Fatalf("slow_client drops = %v, want 1", v)
	}
}

func TestFanoutSkipsOtherAccountsAndSurvivesRemovalsMidway(t *testing.T) {
	h := newHub(HubOptions{SendQueue: 1, Registerer: newRegistry(), Logger: quietLogger})
	var clients []*client
	for i := range 5 {
		c := newClient(h, &Subscriber{AccountID: 1, UserID: int64(i)}, nil)
		h.add(c)
		clients = append(clients, c)
	}
	other := newClient(h, &Subscriber{AccountID: 2, UserID: 9}, nil)
	h.add(other)
	clients[1].send <- nil // clients 1 and 3 are full
	clients[3].send <- nil
	fanoutSync(t, h, mustEvent(t, TypeMessageCreated, 1, Audience{}, nil))
	for i, c := range clients {
		full := i == 1 || i == 3
		if c.registered == full || len(c.send) != 1 {
			t.Fatalf("client %d: registered %v queued %d", i, c.registered, len(c.send))
		}
	}
	if len(h.accounts[1]) != 3 || len(other.send) != 0 {
		t.Fatalf("account 1 has %d clients, other account got %d events", len(h.accounts[1]), len(other.send))
	}
	for i, c := range h.accounts[1] {
		if c.pos != i {
			t.Fatalf("index %d holds client with pos %d", i, c.pos)
		}
	}
}
