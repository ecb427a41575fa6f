package realtime

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkFanout measures the hub alone: encoding an event once and
// queueing it to every connection of its account. Instead of one writer
// goroutine per connection, the hub goroutine itself empties the queues
// every half queue of events.
func BenchmarkFanout(b *testing.B) {
	const queue = 64
	for _, conns := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("conns=%d", conns), func(b *testing.B) {
			h := NewHub(HubOptions{SendQueue: queue, Registerer: newRegistry(), Logger: quietLogger})
			defer h.Close()
			clients := make([]*client, conns)
			for i := range clients {
				clients[i] = newClient(h, &Subscriber{AccountID: 1, UserID: int64(i)}, nil)
				h.register <- clients[i]
			}
			drain := func() {
				for _, c := range clients {
					for len(c.send) > 0 {
						<-c.send
					}
				}
			}
			ev := mustEvent(b, TypeMessageCreated, 1, Audience{ConversationID: 1},
				msgData{ID: 1, Text: strings.Repeat("x", 200)})
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if err := h.Publish(ctx, ev); err != nil {
					b.Fatal(err)
				}
				if i++; i%(queue/2) == 0 {
					_ = h.do(ctx, drain)
				}
			}
			n, err := h.Connections(ctx) // waits for the fan-out to finish
			b.StopTimer()
			if err != nil || n != conns {
				b.Fatalf("%d of %d connections left (%v): the benchmark overran the queues", n, conns, err)
			}
			b.ReportMetric(float64(conns)*float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
		})
	}
}

// BenchmarkFanoutWebsocket measures publish → every client's socket: each
// iteration publishes one event and waits until all clients received it.
func BenchmarkFanoutWebsocket(b *testing.B) {
	const conns = 200
	in := newInstance(b, nil, HubOptions{SendQueue: 256})
	got := make(chan struct{}, conns)
	for i := range conns {
		c := in.dialRaw(b, 1, int64(i), "agent")
		go func() {
			for {
				if _, _, err := c.ws.NextReader(); err != nil {
					return
				}
				got <- struct{}{}
			}
		}()
	}
	ev := mustEvent(b, TypeMessageCreated, 1, Audience{}, msgData{ID: 1, Text: strings.Repeat("x", 200)})
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if err := in.hub.Publish(ctx, ev); err != nil {
			b.Fatal(err)
		}
		for range conns {
			<-got
		}
	}
	b.ReportMetric(float64(conns)*float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
}
