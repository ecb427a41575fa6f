package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"switchboard/backend/accounts"
	"switchboard/backend/inbox"
	"switchboard/backend/server"
)

// Two instances, a burst of 1,000 new conversations and agents freeing up
// at the same moments: no conversation is assigned twice, none is lost, no
// agent goes over capacity.
func TestAssignmentIsConcurrencySafeAcrossInstances(t *testing.T) {
	t.Parallel()
	const conversations, agents, capacity = 1000, 5, 3
	f := newFixture(t)
	b, err := server.New(context.Background(), newConfig(t, f.srv.Config.DatabaseURL), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	instances := []*server.Server{f.srv, b}

	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	var members []map[string]any
	var agentIDs []int64
	for i := 0; i < agents; i++ {
		u, err := f.srv.Accounts.CreateMember(t.Context(), f.acctA.ID, accounts.CreateMemberInput{
			Email: fmt.Sprintf("burst%d@a.test", i), Name: fmt.Sprintf("Burst %d", i), Role: "agent", Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		agentIDs = append(agentIDs, u.ID)
		members = append(members, map[string]any{"user_id": u.ID, "capacity": capacity})
	}
	q := f.routeToQueue(ch, "auto")
	if res := f.do("PUT", fmt.Sprintf("/api/queues/%d/members", q), f.tokens["admin"], mustJSON(map[string]any{"members": members})); res.Status != 200 {
		t.Fatalf("members: %d %s", res.Status, res.Body)
	}
	if err := f.srv.Routing.Seen(t.Context(), f.acctA.ID, agentIDs...); err != nil {
		t.Fatal(err)
	}

	// The burst arrives.
	start := time.Now()
	var wg sync.WaitGroup
	next := int64(-1)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := atomic.AddInt64(&next, 1)
				if i >= conversations {
					return
				}
				from := fmt.Sprintf("43660%07d", i)
				if res := f.postWebhook(ch, textPayload("wamid.burst."+from, from, "C", "hi", time.Now().Unix()), ""); res.Status != 200 {
					t.Errorf("webhook %d: %d", i, res.Status)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("burst stored in %v", time.Since(start))
	start = time.Now()

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var overCapacity atomic.Value
	// Watch capacity the whole time.
	go func() {
		for ctx.Err() == nil {
			var worst struct {
				Assignee int64 `bun:"assignee_id"`
				N        int   `bun:"n"`
			}
			err := f.srv.DB.Bun.NewRaw(`SELECT assignee_id, count(*) AS n FROM conversations WHERE assignee_id IS NOT NULL
				AND status IN ('open', 'pending') GROUP BY assignee_id ORDER BY n DESC LIMIT 1`).Scan(ctx, &worst)
			if err == nil && worst.N > capacity {
				overCapacity.Store(fmt.Sprintf("agent %d had %d open conversations", worst.Assignee, worst.N))
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	// Both instances process; both free agents up by resolving at random.
	var processing sync.WaitGroup
	var resolved atomic.Int64
	for _, inst := range instances {
		for w := 0; w < 2; w++ {
			processing.Add(1)
			go func() {
				defer processing.Done()
				for {
					worked, err := inst.Inbox.ProcessNext(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if !worked {
						return
					}
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewSource(time.Now().UnixNano()))
			for ctx.Err() == nil && resolved.Load() < 100 {
				var id int64
				err := inst.DB.Bun.NewRaw(`SELECT id FROM conversations WHERE assignee_id IS NOT NULL AND status = 'open'
					ORDER BY random() LIMIT 1`).Scan(ctx, &id)
				if err != nil {
					time.Sleep(time.Millisecond)
					continue
				}
				status := "resolved"
				if _, err := inst.Inbox.UpdateConversation(ctx, inbox.Viewer{AccountID: f.acctA.ID}, id, inbox.ConversationUpdate{Status: &status}); err == nil {
					resolved.Add(1)
				}
				time.Sleep(time.Duration(r.Intn(3)) * time.Millisecond)
			}
		}()
	}
	processing.Wait()
	t.Logf("processed in %v", time.Since(start))
	wg.Wait()
	t.Logf("resolvers done after %v", time.Since(start))
	for _, inst := range instances {
		if _, err := inst.Routing.Drain(t.Context(), f.acctA.ID); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	if v := overCapacity.Load(); v != nil {
		t.Fatalf("capacity broken: %v", v)
	}

	if n := f.count("conversations", "TRUE"); n != conversations {
		t.Fatalf("conversations = %d, want %d", n, conversations)
	}
	if n := f.count("messages", "direction = 'in'"); n != conversations {
		t.Fatalf("messages = %d, want %d", n, conversations)
	}
	var twice int
	if err := f.srv.DB.Bun.NewRaw(`SELECT count(*) FROM (SELECT conversation_id FROM conversation_history
		WHERE kind = 'auto_assigned' GROUP BY conversation_id HAVING count(*) > 1) x`).Scan(t.Context(), &twice); err != nil {
		t.Fatal(err)
	}
	if twice != 0 {
		t.Fatalf("%d conversations were assigned twice", twice)
	}
	assignedOpen := f.count("conversations", "assignee_id IS NOT NULL AND status = 'open'")
	waiting := f.count("conversations", "assignee_id IS NULL AND status <> 'resolved'")
	done := f.count("conversations", "status = 'resolved'")
	// (Two instances may resolve the same conversation at once, so the
	// database, not the counter, says how many are resolved.)
	if assignedOpen+waiting+done != conversations || done == 0 {
		t.Fatalf("open %d + waiting %d + resolved %d ≠ %d", assignedOpen, waiting, done, conversations)
	}
	if assignedOpen != agents*capacity || waiting != conversations-done-agents*capacity {
		t.Fatalf("after draining: %d assigned open (want every agent full: %d), %d waiting", assignedOpen, agents*capacity, waiting)
	}
	if n := f.count("conversation_history", "kind = 'auto_assigned'"); n != assignedOpen+done {
		t.Fatalf("assignments recorded %d, want %d", n, assignedOpen+done)
	}
}
