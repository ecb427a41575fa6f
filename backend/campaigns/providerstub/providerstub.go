// Package providerstub is a local stand-in for the WhatsApp Cloud API and
// Twilio's Messages API, for the campaign engine's tests and benchmark: it
// logs every recipient it is sent to and answers after a set delay, or
// with an error a test scripts.
package providerstub

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Answer is a scripted reply: an HTTP status and body.
type Answer struct {
	Status int
	Body   string
}

// WhatsAppError is the Graph API's error body for code.
func WhatsAppError(status, code int) Answer {
	return Answer{status, fmt.Sprintf(`{"error":{"message":"stand-in error %d","type":"OAuthException","code":%d}}`, code, code)}
}

// TwilioError is Twilio's error body for code.
func TwilioError(status, code int) Answer {
	return Answer{status, fmt.Sprintf(`{"code":%d,"message":"stand-in error %d","status":%d}`, code, code, status)}
}

// Stub is the stand-in provider.
type Stub struct {
	srv *httptest.Server
	// Delay is how long each send takes to answer.
	Delay time.Duration
	// Script, when set, may answer a send instead of accepting it.
	Script func(to string) *Answer
	// Record keeps the body of every accepted send (see Requests); off for
	// the benchmark's volumes.
	Record bool

	mu      sync.Mutex
	log     []string
	counts  map[string]int
	times   map[string][]time.Time // by sender
	seq     atomic.Int64
	bodies  []Request
	uploads atomic.Int64
}

// Request is an accepted send as the provider received it: the Graph
// API's JSON body, or Twilio's form encoded.
type Request struct {
	Path string
	Body []byte
}

// New starts a stand-in; Close stops it.
func New() *Stub {
	s := &Stub{counts: map[string]int{}, times: map[string][]time.Time{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the API root to use as the channel's base URL.
func (s *Stub) URL() string { return s.srv.URL }

// Close stops the server.
func (s *Stub) Close() { s.srv.Close() }

func (s *Stub) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.WriteHeader(404)
		return
	}
	if strings.HasSuffix(r.URL.Path, "/media") {
		// WhatsApp media upload: /{phone-number-id}/media.
		_, _ = io.Copy(io.Discard, r.Body)
		n := s.uploads.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"stubmedia%d"}`, n)
		return
	}
	var raw []byte
	if s.Record {
		raw, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
	}
	var to, from string
	twilio := strings.HasSuffix(r.URL.Path, "/Messages.json")
	if twilio {
		_ = r.ParseForm()
		to, from = r.PostForm.Get("To"), r.PostForm.Get("From")
	} else {
		// /{phone-number-id}/messages with a JSON body; the number is all we need.
		var body struct {
			To string `json:"to"`
		}
		_ = decodeJSON(r, &body)
		to, from = body.To, strings.Split(strings.Trim(r.URL.Path, "/"), "/")[0]
		if !strings.HasPrefix(to, "+") {
			to = "+" + to
		}
	}
	if s.Script != nil {
		if a := s.Script(to); a != nil {
			if s.Delay > 0 {
				time.Sleep(s.Delay)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(a.Status)
			fmt.Fprint(w, a.Body)
			return
		}
	}
	// Logged on arrival: from here the provider has the message, whether
	// or not the sender lives to read the answer.
	n := s.seq.Add(1)
	s.mu.Lock()
	s.log = append(s.log, to)
	s.counts[to]++
	s.times[from] = append(s.times[from], time.Now())
	if s.Record {
		s.bodies = append(s.bodies, Request{Path: r.URL.Path, Body: raw})
	}
	s.mu.Unlock()
	if s.Delay > 0 {
		time.Sleep(s.Delay)
	}
	w.Header().Set("Content-Type", "application/json")
	if twilio {
		w.WriteHeader(201)
		fmt.Fprintf(w, `{"sid":"SM%032d","status":"queued","to":%q,"from":%q}`, n, to, from)
		return
	}
	fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":%q,"wa_id":%q}],"messages":[{"id":"wamid.stub%d"}]}`,
		to, strings.TrimPrefix(to, "+"), n)
}

// Sent is every accepted recipient, in order (repeats included).
func (s *Stub) Sent() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// Requests is every accepted send's request, in order (with Record set).
func (s *Stub) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.bodies...)
}

// Uploads is how many WhatsApp media uploads arrived.
func (s *Stub) Uploads() int { return int(s.uploads.Load()) }

// Counts is how often each recipient was accepted.
func (s *Stub) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// Times is when each accepted send of a sender (phone number id or From
// number) arrived.
func (s *Stub) Times(sender string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.times[sender]...)
}

// MaxInWindow is the most sends of a sender inside any window of length d.
func MaxInWindow(times []time.Time, d time.Duration) int {
	best, j := 0, 0
	for i := range times {
		for times[i].Sub(times[j]) >= d {
			j++
		}
		if n := i - j + 1; n > best {
			best = n
		}
	}
	return best
}
