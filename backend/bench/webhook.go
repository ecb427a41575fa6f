package bench

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// webhooks makes and posts signed WhatsApp text webhooks: every message has
// a unique wamid and comes from one of a pool of senders.
type webhooks struct {
	url     string
	secret  []byte
	run     string // makes wamids unique across runs
	senders int
	seq     atomic.Int64
	client  *http.Client

	errOnce  sync.Once
	firstErr error
}

func newWebhooks(in *instance, senders int) *webhooks {
	return &webhooks{
		url:     fmt.Sprintf("%s/webhooks/whatsapp/%d", in.url, in.channelID),
		secret:  []byte(in.appSecret),
		run:     randomHex(4),
		senders: senders,
		client: &http.Client{Timeout: time.Minute, Transport: &http.Transport{
			MaxIdleConns: 2048, MaxIdleConnsPerHost: 2048, IdleConnTimeout: time.Minute, DisableCompression: true,
		}},
	}
}

// next returns the wamid and body of a new message from one of the
// senders; text is the message body (a default one when empty).
func (w *webhooks) next(text string) (string, []byte) {
	n := w.seq.Add(1)
	wamid := "wamid.bench-" + w.run + "-" + strconv.FormatInt(n, 10)
	from := strconv.FormatInt(447700000000+n%int64(w.senders), 10)
	if text == "" {
		text = "Hello, I have a question about order " + strconv.FormatInt(n, 10)
	}
	return wamid, w.payload(wamid, from, "Bench "+from[len(from)-5:], text)
}

func (w *webhooks) payload(wamid, from, name, text string) []byte {
	return fmt.Appendf(nil, `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"%s","phone_number_id":"%s"},"contacts":[{"profile":{"name":%q},"wa_id":"%s"}],"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":%q}}]}}]}]}`,
		benchDisplay[1:], benchPhoneID, name, from, from, wamid, time.Now().Unix(), text)
}

func sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// post sends one signed webhook and reports whether it was acknowledged.
func (w *webhooks) post(ctx context.Context, body []byte) bool {
	err := w.try(ctx, body)
	if err != nil {
		w.errOnce.Do(func() { w.firstErr = err })
	}
	return err == nil
}

func (w *webhooks) try(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, "POST", w.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hub-Signature-256", sign(w.secret, body))
	res, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("webhook answered %d: %s", res.StatusCode, bytes.TrimSpace(b))
	}
	return nil
}

// loadgen labels the goroutine (and those it starts) as the load
// generator's, so that a CPU profile can tell it from the server
// (go tool pprof -tagignore side=loadgen).
func loadgen(ctx context.Context) context.Context {
	ctx = pprof.WithLabels(ctx, pprof.Labels("side", "loadgen"))
	pprof.SetGoroutineLabels(ctx)
	return ctx
}

// loadResult counts what a load phase sent.
type loadResult struct {
	acked, failed atomic.Int64
	start, end    time.Time
}

func (r *loadResult) seconds() float64 { return r.end.Sub(r.start).Seconds() }

// closedLoop posts webhooks from clients concurrent connections, each
// sending the next as soon as the previous is acknowledged, for d.
func (w *webhooks) closedLoop(ctx context.Context, clients int, d time.Duration) *loadResult {
	ctx = loadgen(ctx)
	r := &loadResult{start: time.Now()}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				_, body := w.next("")
				if w.post(context.WithoutCancel(ctx), body) {
					r.acked.Add(1)
				} else {
					r.failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	r.end = time.Now()
	return r
}

// maxInFlight bounds the open-loop requests waiting for an answer; past it
// the pacer waits, and the delay shows in the latencies it records.
const maxInFlight = 2048

// openLoop posts webhooks at rate per second for d, whatever the server's
// answer times, and records each acknowledgement's latency from when the
// send was due into lat (when not nil).
func (w *webhooks) openLoop(ctx context.Context, rate float64, d time.Duration, lat *recorder) *loadResult {
	ctx = loadgen(ctx)
	r := &loadResult{start: time.Now()}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	sem := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	p := NewPacer(r.start, rate)
	for {
		due, ok := p.Wait(ctx)
		if !ok {
			break
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			_, body := w.next("")
			if !w.post(context.WithoutCancel(ctx), body) {
				r.failed.Add(1)
				return
			}
			r.acked.Add(1)
			if lat != nil {
				lat.add(time.Since(due))
			}
		})
	}
	r.end = time.Now()
	wg.Wait()
	return r
}

// nextProbe is next for a latency probe: its wamid is recognizable.
func (w *webhooks) nextProbe() (string, []byte) {
	n := w.seq.Add(1)
	wamid := "wamid.probe-" + w.run + "-" + strconv.FormatInt(n, 10)
	from := strconv.FormatInt(447700000000+n%int64(w.senders), 10)
	return wamid, w.payload(wamid, from, "Bench "+from[len(from)-5:], "latency probe "+strconv.FormatInt(n, 10))
}
