package realtime

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/testdb"
)

type msgData struct {
	ID   int64  `json:"id"`
	Text string `json:"text,omitempty"`
}

func dataOf(t testing.TB, ev Event) msgData {
	t.Helper()
	var d msgData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		t.Fatalf("event data %s: %v", ev.Data, err)
	}
	return d
}

func TestEventReachesEveryClientOfItsAccountAndNoOther(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 2)
	in := newInstance(t, db, HubOptions{})
	a1 := in.dial(t, acc[0], 1, "agent")
	a2 := in.dial(t, acc[0], 2, "agent")
	b1 := in.dial(t, acc[1], 3, "agent")

	ev := mustPublish(t, in.broker, TypeMessageCreated, acc[0], Audience{}, msgData{ID: 7})
	if ev.Seq == 0 {
		t.Fatal("durable event got no seq")
	}
	for _, c := range []*testClient{a1, a2} {
		got := c.expect(TypeMessageCreated)
		if got.Seq != ev.Seq || got.AccountID != acc[0] || dataOf(t, got).ID != 7 {
			t.Fatalf("got %+v, want seq %d of account %d", got, ev.Seq, acc[0])
		}
	}
	// Events are delivered in commit order: if account 2's client first
	// sees its own marker, it never got account 1's event.
	marker := mustPublish(t, in.broker, TypeContactUpdated, acc[1], Audience{}, msgData{ID: 8})
	if got := b1.expect(TypeContactUpdated); got.Seq != marker.Seq {
		t.Fatalf("account 2 got %+v, want its marker %d", got, marker.Seq)
	}
}

func TestEventPublishedOnOneInstanceReachesClientsOfAnother(t *testing.T) {
	t.Parallel()
	url := testdb.NewURL(t)
	db1, db2 := openDB(t, url), openDB(t, url)
	one, two := newInstance(t, db1, HubOptions{}), newInstance(t, db2, HubOptions{})
	acc := newAccounts(t, db1, 1)[0]
	onOne := one.dial(t, acc, 1, "agent")
	onTwo := two.dial(t, acc, 2, "agent")

	ev := mustPublish(t, one.broker, TypeConversationUpdated, acc, Audience{ConversationID: 5}, msgData{ID: 5})
	for _, c := range []*testClient{onOne, onTwo} {
		if got := c.expect(TypeConversationUpdated); got.Seq != ev.Seq {
			t.Fatalf("got seq %d, want %d", got.Seq, ev.Seq)
		}
	}
	typing := mustPublish(t, two.broker, TypeTyping, acc, Audience{ConversationID: 5}, map[string]int64{"user_id": 2})
	if typing.Seq != 0 {
		t.Fatalf("ephemeral event got seq %d", typing.Seq)
	}
	for _, c := range []*testClient{onOne, onTwo} {
		if got := c.expect(TypeTyping); got.Seq != 0 {
			t.Fatalf("typing arrived with seq %d", got.Seq)
		}
	}
}

func TestEventOfRolledBackTransactionIsNeverDelivered(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 1)[0]
	in := newInstance(t, db, HubOptions{})
	c := in.dial(t, acc, 1, "agent")
	ctx := context.Background()

	tx, err := db.Bun.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.broker.PublishTx(ctx, tx, mustEvent(t, TypeMessageCreated, acc, Audience{}, msgData{ID: 1})); err != nil {
		t.Fatalf("publish in tx: %v", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	committed, err := db.Bun.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	ev := mustEvent(t, TypeMessageCreated, acc, Audience{}, msgData{ID: 2})
	if err := in.broker.PublishTx(ctx, committed, ev); err != nil {
		t.Fatalf("publish in tx: %v", err)
	}
	if err := committed.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := c.expect(TypeMessageCreated); dataOf(t, got).ID != 2 || got.Seq != ev.Seq {
		t.Fatalf("first delivered event is %s (seq %d), want the committed one", got.Data, got.Seq)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("events stored: %d %v, want 1", n, err)
	}
}

func TestEventsInPgxTransactionAreDeliveredOnCommitInCommitOrder(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 1)[0]
	in := newInstance(t, db, HubOptions{})
	c := in.dial(t, acc, 1, "agent")
	ctx := context.Background()

	early, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer early.Rollback(ctx) //nolint:errcheck
	first := mustEvent(t, TypeMessageCreated, acc, Audience{}, msgData{ID: 1})
	if err := in.broker.PublishPgx(ctx, early, first); err != nil {
		t.Fatal(err)
	}
	second := mustPublish(t, in.broker, TypeMessageCreated, acc, Audience{}, msgData{ID: 2})
	if err := early.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if first.Seq >= second.Seq {
		t.Fatalf("seqs %d, %d: want the first drawn first", first.Seq, second.Seq)
	}
	// Commit order, not seq order.
	if got := c.next(); got.Seq != second.Seq {
		t.Fatalf("got seq %d, want %d (committed first)", got.Seq, second.Seq)
	}
	if got := c.next(); got.Seq != first.Seq {
		t.Fatalf("got seq %d, want %d", got.Seq, first.Seq)
	}
}

func TestLargeEventIsAnnouncedBySeqAndLoadedFromTheTable(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 1)[0]
	in := newInstance(t, db, HubOptions{})
	c := in.dial(t, acc, 1, "agent")

	text := strings.Repeat("ü", 10000) // 20,000 bytes
	aud := Audience{ConversationID: 9, UserIDs: []int64{1}}
	ev := mustEvent(t, TypeMessageCreated, acc, aud, msgData{ID: 3, Text: text})
	if suffix, _ := notifyParts(ev); suffix != `,"ref":true}` {
		t.Fatalf("large event is notified in full: %d bytes", len(suffix))
	}
	if err := in.broker.Publish(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	got := c.expect(TypeMessageCreated)
	if d := dataOf(t, got); got.Seq != ev.Seq || d.Text != text {
		t.Fatalf("large event arrived as seq %d with %d bytes of text", got.Seq, len(d.Text))
	}
	loaded, err := in.broker.Since(context.Background(), acc, ev.Seq-1, 1)
	if err != nil || len(loaded) != 1 || loaded[0].Audience.ConversationID != 9 || !loaded[0].Audience.HasUser(1) {
		t.Fatalf("stored event: %+v %v", loaded, err)
	}
}

func TestEphemeralEventsAreNotStoredAndMustFitIntoANotification(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 1)[0]
	b := NewBroker(db.Pool, nil, BrokerOptions{Registerer: newRegistry()})
	ctx := context.Background()
	mustPublish(t, b, TypePresence, acc, Audience{}, map[string]string{"status": "online"})
	big := mustEvent(t, TypeTyping, acc, Audience{}, strings.Repeat("x", 9000))
	if err := b.Publish(ctx, big); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("oversized typing event: %v", err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("events stored: %d %v, want 0", n, err)
	}
	if err := b.Publish(ctx, &Event{Type: TypeResync, AccountID: acc}); err == nil {
		t.Fatal("publishing resync succeeded")
	}
}

func TestSinceReturnsTheAccountsEventsAfterASeqOnly(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 2)
	b := NewBroker(db.Pool, nil, BrokerOptions{Registerer: newRegistry()})
	var mine []int64
	for i := range 6 {
		ev := mustPublish(t, b, TypeMessageCreated, acc[i%2], Audience{}, msgData{ID: int64(i)})
		if i%2 == 0 {
			mine = append(mine, ev.Seq)
		}
	}
	got, err := b.Since(context.Background(), acc[0], mine[0], 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Seq != mine[1] || got[1].Seq != mine[2] {
		t.Fatalf("since %d: %+v, want seqs %v", mine[0], got, mine[1:])
	}
	for _, ev := range got {
		if ev.AccountID != acc[0] {
			t.Fatalf("event of account %d leaked", ev.AccountID)
		}
	}
	if got, _ := b.Since(context.Background(), acc[0], mine[0], 1); len(got) != 1 {
		t.Fatalf("limit 1 returned %d", len(got))
	}
}

func TestSinceHandlerReplaysOverlappingLateCommitsAndAppliesThePolicy(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 1)[0]
	hub := NewHub(HubOptions{Registerer: newRegistry(), Allow: onlyListedUsers})
	t.Cleanup(hub.Close)
	b := NewBroker(db.Pool, nil, BrokerOptions{Registerer: newRegistry()})
	ctx := context.Background()

	old := mustPublish(t, b, TypeMessageCreated, acc, Audience{}, msgData{ID: 1})
	// Pretend the first event was drawn long ago.
	if _, err := db.Pool.Exec(ctx, `UPDATE events SET created_at = now() - interval '1 hour' WHERE id = $1`, old.Seq); err != nil {
		t.Fatal(err)
	}
	// late draws its seq first but commits after seen.
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	late := mustEvent(t, TypeMessageCreated, acc, Audience{}, msgData{ID: 2})
	if err := b.PublishPgx(ctx, tx, late); err != nil {
		t.Fatal(err)
	}
	seen := mustPublish(t, b, TypeMessageCreated, acc, Audience{}, msgData{ID: 3})
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	hidden := mustPublish(t, b, TypeMessageCreated, acc, Audience{UserIDs: []int64{99}}, msgData{ID: 4})

	srv := httptest.NewServer(SinceHandler(b, hub, testAuth))
	t.Cleanup(srv.Close)
	get := func(query string) (int, sincePage) {
		req, _ := http.NewRequest("GET", srv.URL+"?"+query, nil)
		req.Header.Set("Cookie", "session="+itoa(acc)+":1:agent")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var p sincePage
		_ = json.NewDecoder(resp.Body).Decode(&p)
		return resp.StatusCode, p
	}
	// The client last received "seen"; "late" has a lower seq but
	// committed afterwards, so the replay must include it.
	status, page := get("since=" + itoa(seen.Seq))
	var seqs []int64
	for _, ev := range page.Events {
		seqs = append(seqs, ev.Seq)
	}
	if status != 200 || len(seqs) != 2 || seqs[0] != late.Seq || seqs[1] != seen.Seq {
		t.Fatalf("replay since %d: %d %v, want [%d %d] (old %d, hidden %d filtered)",
			seen.Seq, status, seqs, late.Seq, seen.Seq, old.Seq, hidden.Seq)
	}
	if page.Next != hidden.Seq || page.More {
		t.Fatalf("next %d more %v, want next %d (past the hidden event)", page.Next, page.More, hidden.Seq)
	}
	if status, page := get("after=" + itoa(late.Seq) + "&limit=1"); status != 200 || len(page.Events) != 1 ||
		page.Events[0].Seq != seen.Seq || !page.More {
		t.Fatalf("after %d: %d %+v", late.Seq, status, page)
	}
	if status, _ := get("limit=5"); status != http.StatusBadRequest {
		t.Fatalf("without cursor: %d, want 400", status)
	}
}

// terminateListener kills the listener's server process, as a database
// restart or network failure would.
func terminateListener(t testing.TB, in *instance) {
	t.Helper()
	var n int
	err := in.broker.pool.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
	WHERE datname = current_database() AND application_name = 'switchboard-realtime-listener'`).Scan(&n)
	if err != nil || n != 1 {
		t.Fatalf("terminate listener: %d %v", n, err)
	}
}

func TestListenerReconnectsAndCatchesUpIncludingLateCommits(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 1)[0]
	lost, resume := make(chan struct{}), make(chan struct{})
	in := newInstance(t, db, HubOptions{}, func(b *Broker) {
		b.opts.ReconnectMin = 10 * time.Millisecond
		b.onDisconnect = func() {
			lost <- struct{}{}
			<-resume
		}
	})
	c := in.dial(t, acc, 1, "agent")
	ctx := context.Background()

	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	late := mustEvent(t, TypeMessageCreated, acc, Audience{}, msgData{ID: 1})
	if err := in.broker.PublishPgx(ctx, tx, late); err != nil {
		t.Fatal(err)
	}
	live := mustPublish(t, in.broker, TypeMessageCreated, acc, Audience{}, msgData{ID: 2})
	if got := c.next(); got.Seq != live.Seq {
		t.Fatalf("got %d, want live %d", got.Seq, live.Seq)
	}

	terminateListener(t, in)
	select {
	case <-lost:
	case <-time.After(waitLimit):
		t.Fatal("listener did not notice the lost connection")
	}
	// While the listener is away: the open transaction commits (its seq is
	// below what was delivered) and a new event is published.
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	missed := mustPublish(t, in.broker, TypeMessageCreated, acc, Audience{}, msgData{ID: 3})
	close(resume)

	for _, want := range []int64{late.Seq, missed.Seq} {
		if got := c.next(); got.Seq != want {
			t.Fatalf("after reconnect got seq %d, want %d", got.Seq, want)
		}
	}
	after := mustPublish(t, in.broker, TypeMessageCreated, acc, Audience{}, msgData{ID: 4})
	if got := c.next(); got.Seq != after.Seq {
		t.Fatalf("got seq %d, want %d (the live event must not be repeated)", got.Seq, after.Seq)
	}
	if v := metricValue(t, in.reg, "switchboard_realtime_listener_reconnects_total", ""); v != 1 {
		t.Fatalf("reconnects = %v, want 1", v)
	}
}

func TestListenerAsksClientsToResyncWhenTheGapIsTooLarge(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 1)[0]
	lost, resume := make(chan struct{}), make(chan struct{})
	in := newInstance(t, db, HubOptions{}, func(b *Broker) {
		b.opts.ReconnectMin = 10 * time.Millisecond
		b.opts.CatchUpLimit = 2
		b.onDisconnect = func() {
			lost <- struct{}{}
			<-resume
		}
	})
	c := in.dial(t, acc, 1, "agent")
	terminateListener(t, in)
	select {
	case <-lost:
	case <-time.After(waitLimit):
		t.Fatal("listener did not notice the lost connection")
	}
	for i := range 3 {
		mustPublish(t, in.broker, TypeMessageCreated, acc, Audience{}, msgData{ID: int64(i)})
	}
	close(resume)
	if got := c.expect(TypeResync); got.AccountID != acc {
		t.Fatalf("resync for account %d", got.AccountID)
	}
	next := mustPublish(t, in.broker, TypeMessageCreated, acc, Audience{}, msgData{ID: 9})
	if got := c.next(); got.Seq != next.Seq {
		t.Fatalf("after resync got %d, want live %d", got.Seq, next.Seq)
	}
}

func TestPublishTxKeepsDataIntactThroughBunSmallAndLarge(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	acc := newAccounts(t, db, 1)[0]
	in := newInstance(t, db, HubOptions{})
	c := in.dial(t, acc, 1, "agent")
	ctx := context.Background()
	tricky := `it's a \ "quoted" ? ?name $1 ü ` + "\u2028 \x01"
	for _, text := range []string{tricky, strings.Repeat(tricky, 400)} {
		err := db.Bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			return in.broker.PublishTx(ctx, tx, mustEvent(t, TypeMessageCreated, acc,
				Audience{Roles: []string{"o'brien?"}}, msgData{ID: 1, Text: text}))
		})
		if err != nil {
			t.Fatal(err)
		}
		got := c.expect(TypeMessageCreated)
		if d := dataOf(t, got); d.Text != text {
			t.Fatalf("text of %d bytes arrived as %q…", len(text), d.Text[:min(len(d.Text), 60)])
		}
		stored, err := in.broker.Since(ctx, acc, got.Seq-1, 1)
		if err != nil || len(stored) != 1 || !stored[0].Audience.HasRole("o'brien?") {
			t.Fatalf("stored: %+v %v", stored, err)
		}
	}
}
