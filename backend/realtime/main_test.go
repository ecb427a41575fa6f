package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"switchboard/backend/database"
	"switchboard/backend/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.DropTemplate()
	os.Exit(code)
}

const waitLimit = 10 * time.Second

var quietLogger = slog.New(slog.DiscardHandler)

// instance is one "server": a hub behind an httptest websocket endpoint,
// optionally with a broker on a shared database.
type instance struct {
	hub          *Hub
	broker       *Broker
	srv          *httptest.Server
	reg          *prometheus.Registry
	connected    chan *Subscriber
	disconnected chan *Subscriber
	clientMsgs   chan ClientMessage
}

// testAuth reads the cookie session=<account>:<user>:<role>.
func testAuth(r *http.Request) (*Subscriber, error) {
	c, err := r.Cookie("session")
	if err != nil {
		return nil, err
	}
	parts := strings.Split(c.Value, ":")
	if len(parts) != 3 {
		return nil, errors.New("bad session")
	}
	acc, _ := strconv.ParseInt(parts[0], 10, 64)
	user, _ := strconv.ParseInt(parts[1], 10, 64)
	return &Subscriber{AccountID: acc, UserID: user, Role: parts[2]}, nil
}

const testOrigin = "https://desk.example.test"

func testOriginAllowed(origin string) bool { return origin == testOrigin }

// newInstance starts a hub and websocket server; with db it also starts a
// broker listening on db. opts may set anything but the callbacks and
// the registry.
func newInstance(t testing.TB, db *database.DB, opts HubOptions, bopts ...func(*Broker)) *instance {
	t.Helper()
	in := &instance{
		reg:          prometheus.NewRegistry(),
		connected:    make(chan *Subscriber, 100),
		disconnected: make(chan *Subscriber, 100),
		clientMsgs:   make(chan ClientMessage, 100),
	}
	opts.Registerer = in.reg
	opts.Logger = quietLogger
	opts.OnConnect = func(s *Subscriber) { in.connected <- s }
	opts.OnDisconnect = func(s *Subscriber) { in.disconnected <- s }
	opts.OnClientMessage = func(_ *Subscriber, m ClientMessage) { in.clientMsgs <- m }
	in.hub = NewHub(opts)
	t.Cleanup(in.hub.Close)
	in.srv = httptest.NewServer(Handler(in.hub, testAuth, testOriginAllowed))
	t.Cleanup(in.srv.Close)
	if db != nil {
		in.broker = NewBroker(db.Pool, in.hub, BrokerOptions{Registerer: in.reg, Logger: quietLogger})
		for _, f := range bopts {
			f(in.broker)
		}
		if err := in.broker.Start(context.Background()); err != nil {
			t.Fatalf("broker start: %v", err)
		}
		t.Cleanup(in.broker.Stop)
	}
	return in
}

// testClient is a websocket client whose frames are collected by a reader
// goroutine (unless it was dialled as a non-reader).
type testClient struct {
	t      testing.TB
	ws     *websocket.Conn
	events chan Event
	closed chan error
}

func (in *instance) dial(t testing.TB, account, user int64, role string) *testClient {
	c := in.dialRaw(t, account, user, role)
	go c.readAll()
	return c
}

// dialRaw connects and waits until the hub registered the connection, but
// reads nothing.
func (in *instance) dialRaw(t testing.TB, account, user int64, role string) *testClient {
	t.Helper()
	h := http.Header{}
	h.Set("Origin", testOrigin)
	h.Set("Cookie", "session="+strconv.FormatInt(account, 10)+":"+strconv.FormatInt(user, 10)+":"+role)
	ws, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(in.srv.URL, "http"), h)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	t.Cleanup(func() { _ = ws.Close() })
	select {
	case s := <-in.connected:
		if s.AccountID != account || s.UserID != user {
			t.Fatalf("connected %+v, want account %d user %d", s, account, user)
		}
	case <-time.After(waitLimit):
		t.Fatal("connection was not registered")
	}
	return &testClient{t: t, ws: ws, events: make(chan Event, 4096), closed: make(chan error, 1)}
}

func (c *testClient) readAll() {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			c.closed <- err
			return
		}
		var ev Event
		if err := json.Unmarshal(data, &ev); err != nil {
			c.closed <- err
			return
		}
		c.events <- ev
	}
}

// next returns the next event or fails the test after waitLimit.
func (c *testClient) next() Event {
	c.t.Helper()
	select {
	case ev := <-c.events:
		return ev
	case err := <-c.closed:
		c.t.Fatalf("connection closed while waiting for an event: %v", err)
	case <-time.After(waitLimit):
		c.t.Fatal("no event within the wait limit")
	}
	return Event{}
}

// expect asserts that the next event has type typ and returns it.
func (c *testClient) expect(typ string) Event {
	c.t.Helper()
	ev := c.next()
	if ev.Type != typ {
		c.t.Fatalf("got %s event %s, want %s", ev.Type, ev.Data, typ)
	}
	return ev
}

// waitClosed waits until the server closed the connection.
func (c *testClient) waitClosed() error {
	c.t.Helper()
	for {
		select {
		case <-c.events:
		case err := <-c.closed:
			return err
		case <-time.After(waitLimit):
			c.t.Fatal("connection still open after the wait limit")
			return nil
		}
	}
}

// newAccounts creates n accounts and returns their ids.
func newAccounts(t testing.TB, db *database.DB, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		if err := db.Pool.QueryRow(context.Background(),
			`INSERT INTO accounts (name) VALUES ($1) RETURNING id`, "acc"+strconv.Itoa(i)).Scan(&ids[i]); err != nil {
			t.Fatalf("create account: %v", err)
		}
	}
	return ids
}

func mustEvent(t testing.TB, typ string, account int64, aud Audience, data any) *Event {
	t.Helper()
	ev, err := NewEvent(typ, account, aud, data)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func mustPublish(t testing.TB, b *Broker, typ string, account int64, aud Audience, data any) *Event {
	t.Helper()
	ev := mustEvent(t, typ, account, aud, data)
	if err := b.Publish(context.Background(), ev); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return ev
}

func waitSubscriber(t testing.TB, ch chan *Subscriber, user int64) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case s := <-ch:
			if s.UserID == user {
				return
			}
		case <-deadline:
			t.Fatalf("no callback for user %d", user)
		}
	}
}

func openDB(t testing.TB, url string) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), url, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

func newRegistry() *prometheus.Registry { return prometheus.NewRegistry() }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// onlyListedUsers lets a subscriber see an event whose audience lists no
// users, or lists them.
func onlyListedUsers(sub *Subscriber, ev *Event) bool {
	return len(ev.Audience.UserIDs) == 0 || ev.Audience.HasUser(sub.UserID)
}

// metricValue returns the value of the counter or gauge name in reg, for the
// series whose only label has value label ("" for a series without labels).
func metricValue(t testing.TB, reg *prometheus.Registry, name, label string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if len(m.GetLabel()) > 0 && m.GetLabel()[0].GetValue() != label {
				continue
			}
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	return 0
}
