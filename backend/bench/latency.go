package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// runLatency measures the time from posting a webhook to an agent's
// websocket receiving its message.created event, first on an idle server,
// then under the fixed-rate background load.
func runLatency(ctx context.Context, in *instance, o Options, rep *Report) error {
	const sc = "latency"
	w := newWebhooks(in, o.Senders)
	p := &probes{w: w, agents: o.WSClients, sent: map[string]time.Time{}}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait() // for the agents, which cancel stops
	defer cancel()
	for range o.WSClients {
		a, err := newAgent(ctx, in)
		if err != nil {
			return err
		}
		wg.Go(func() { a.watch(ctx, p) })
	}

	progress("latency: %d agents on the websocket, %s probes/s, no other load", o.WSClients, trimFloat(o.ProbeRate, 0))
	p.send(ctx, o.ProbeRate, 5*time.Second)
	p.wait(5 * time.Second)
	idle, _, idleLost := p.take()

	progress("latency: %s probes/s under %s webhooks/s for %s", trimFloat(o.ProbeRate, 0), trimFloat(o.Rate, 0), o.LatencyDuration)
	obs, err := observe(ctx, in)
	if err != nil {
		return err
	}
	bg := make(chan *loadResult, 1)
	go func() { bg <- w.openLoop(ctx, o.Rate, o.LatencyDuration, nil) }()
	p.send(ctx, o.ProbeRate, o.LatencyDuration)
	load := <-bg
	seen := obs.stop()
	p.wait(o.Drain)
	loaded, sent, loadedLost := p.take()
	if err := in.drain(ctx, o.Drain); err != nil {
		return err
	}

	rep.add(sc, "webhook → websocket p50 / p99, idle server", ms(idle.P50)+" / "+ms(idle.P99)+lostText(idleLost))
	offered := trimFloat(o.Rate, 0) + "/s"
	rep.add(sc, "webhook → websocket p50 under "+offered, ms(loaded.P50))
	judge(rep, o, sc, "webhook → websocket p99 under "+offered, ms(loaded.P99)+lostText(loadedLost), "≤ 100 ms at 4,000/s",
		loaded.N > 0 && loadedLost == 0 && loaded.P99 <= 100*time.Millisecond)
	rep.note("latency under load: %d probes × %d agents, %d deliveries timed (max %s); the background load was acknowledged at %s of %s offered; websockets closed by the server and reopened: %d. %s. PostgreSQL sessions (average): %s.",
		sent, o.WSClients, loaded.N, ms(loaded.Max), perSecond(float64(load.acked.Load())/load.seconds()), offered,
		p.reconnects.Load(), seen.cpu, seen.waits)
	return nil
}

func lostText(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d deliveries missing)", n)
}

// probes are webhooks whose arrival on the agents' websockets is timed.
type probes struct {
	w          *webhooks
	agents     int
	reconnects atomic.Int64

	mu   sync.Mutex
	sent map[string]time.Time // wamid → when its post began
	lat  []time.Duration      // one per probe and agent
}

// send posts probes at rate per second for d (open loop).
func (p *probes) send(ctx context.Context, rate float64, d time.Duration) {
	ctx = loadgen(ctx)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	pacer := NewPacer(time.Now(), rate)
	for {
		if _, ok := pacer.Wait(ctx); !ok {
			break
		}
		wg.Go(func() {
			wamid, body := p.w.nextProbe()
			p.mu.Lock()
			p.sent[wamid] = time.Now()
			p.mu.Unlock()
			p.w.post(context.WithoutCancel(ctx), body)
		})
	}
	wg.Wait()
}

func (p *probes) received(wamid string, at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.sent[wamid]; ok {
		p.lat = append(p.lat, at.Sub(t))
	}
}

// wait returns once every agent has received every probe, or after limit.
func (p *probes) wait(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		p.mu.Lock()
		done := len(p.lat) >= len(p.sent)*p.agents
		p.mu.Unlock()
		if done {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// take summarizes the latencies so far, with the number of probes sent
// and of deliveries missing, and starts afresh.
func (p *probes) take() (Summary, int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := Summarize(p.lat)
	sent := len(p.sent)
	p.sent, p.lat = map[string]time.Time{}, nil
	return s, sent, sent*p.agents - s.N
}

// agent is a browser tab of the signed-in admin, holding the websocket.
type agent struct {
	in     *instance
	header http.Header
}

// newAgent signs in as the admin through the API, as the web app does.
func newAgent(ctx context.Context, in *instance) (*agent, error) {
	c, _, err := in.login(ctx)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Cookie", in.sessionCookie(c))
	h.Set("Origin", in.url)
	return &agent{in: in, header: h}, nil
}

func (a *agent) dial(ctx context.Context) (*websocket.Conn, error) {
	u := "ws" + strings.TrimPrefix(a.in.url, "http") + "/api/ws"
	ws, res, err := websocket.DefaultDialer.DialContext(ctx, u, a.header)
	if err != nil {
		if res != nil {
			err = fmt.Errorf("%w (status %d)", err, res.StatusCode)
		}
		return nil, fmt.Errorf("websocket: %w", err)
	}
	return ws, nil
}

var probeMark = []byte("wamid.probe-")

// watch reads events until ctx ends, timing probe messages; a connection
// the server closes is reopened, as the web app does.
func (a *agent) watch(ctx context.Context, p *probes) {
	ctx = loadgen(ctx)
	for ctx.Err() == nil {
		ws, err := a.dial(ctx)
		if err != nil {
			if ctx.Err() == nil {
				progress("latency: %v", err)
				time.Sleep(time.Second)
			}
			continue
		}
		stop := context.AfterFunc(ctx, func() { ws.Close() })
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				break
			}
			at := time.Now()
			if !bytes.Contains(data, probeMark) {
				continue
			}
			var ev struct {
				Type string `json:"type"`
				Data struct {
					ProviderMessageID string `json:"provider_message_id"`
				} `json:"data"`
			}
			if json.Unmarshal(data, &ev) == nil && ev.Type == "message.created" {
				p.received(ev.Data.ProviderMessageID, at)
			}
		}
		stop()
		ws.Close()
		if ctx.Err() == nil {
			p.reconnects.Add(1)
		}
	}
}
