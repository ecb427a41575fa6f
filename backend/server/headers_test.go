package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"switchboard/backend/server"
	"switchboard/frontend"
)

const (
	apiCSP   = "default-src 'none'; frame-ancestors 'none'"
	mediaCSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
)

// assertSecurityHeaders checks the headers every response must carry and
// returns the Content-Security-Policy.
func assertSecurityHeaders(t *testing.T, what string, h http.Header) string {
	t.Helper()
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %s = %q, want %q", what, name, got, want)
		}
	}
	csp := h.Get("Content-Security-Policy")
	if csp == "" {
		t.Errorf("%s: no Content-Security-Policy", what)
	}
	return csp
}

// assertAppCSP checks the web app's policy: no inline or foreign script,
// no framing, websockets only to our origins.
func assertAppCSP(t *testing.T, what, csp, wsOrigin string) {
	t.Helper()
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	for name, want := range map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"style-src":       "'self'",
		"img-src":         "'self' data: blob:",
		"media-src":       "'self' blob:",
		"object-src":      "'none'",
		"base-uri":        "'none'",
		"form-action":     "'self'",
		"frame-ancestors": "'none'",
	} {
		if got := directives[name]; got != want {
			t.Errorf("%s: CSP %s = %q, want %q (policy %q)", what, name, got, want, csp)
		}
	}
	connect := " " + directives["connect-src"] + " "
	for _, src := range []string{"'self'", "ws://127.0.0.1", wsOrigin} {
		if !strings.Contains(connect, " "+src+" ") {
			t.Errorf("%s: connect-src %q lacks %s", what, directives["connect-src"], src)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("%s: CSP allows inline code: %q", what, csp)
	}
}

// anAsset is one file of the built app under assets/, or "" when the
// frontend is not built into this test binary.
func anAsset(t *testing.T) string {
	entries, err := fs.ReadDir(frontend.Dist, "dist/assets")
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if !e.IsDir() {
			return "/assets/" + e.Name()
		}
	}
	return ""
}

func TestEveryResponseCarriesSecurityHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	payload := textPayload("wamid.headers.1", "4915100000777", "Hedda", "hi", time.Now().Unix())
	wsOrigin := "ws://" + strings.TrimPrefix(f.http.URL, "http://")
	admin := f.tokens["admin"]

	type check struct {
		name, method, path, token, body string
		hdr                             map[string]string
		status                          int
		csp                             string // "app" for the web app's policy
	}
	checks := []check{
		{name: "app HTML", method: "GET", path: "/", csp: "app"},
		{name: "SPA fallback", method: "GET", path: "/inbox", csp: "app"},
		{name: "SPA fallback with a malformed query", method: "GET", path: "/inbox?x=%zz", csp: "app"},
		{name: "API JSON", method: "GET", path: "/api/me", token: admin, status: 200, csp: apiCSP},
		{name: "API 401", method: "GET", path: "/api/me", status: 401, csp: apiCSP},
		{name: "API 404", method: "GET", path: "/api/no-such-thing", token: admin, status: 404, csp: apiCSP},
		{name: "API 405", method: "DELETE", path: "/api/me", token: admin, status: 405, csp: apiCSP},
		{name: "bad query", method: "GET", path: "/api/conversations?cursor=%%%zz", token: admin, status: 400, csp: apiCSP},
		{name: "healthz", method: "GET", path: "/healthz", status: 200, csp: apiCSP},
		{name: "metrics is not on the app listener", method: "GET", path: "/metrics", status: 404, csp: apiCSP},
		{name: "webhook", method: "POST", path: fmt.Sprintf("/webhooks/whatsapp/%d", ch), body: string(payload),
			hdr: map[string]string{"X-Hub-Signature-256": sign(waAppSecret, payload)}, status: 200, csp: apiCSP},
		{name: "webhook refused", method: "POST", path: fmt.Sprintf("/webhooks/whatsapp/%d", ch), body: string(payload),
			hdr: map[string]string{"X-Hub-Signature-256": "sha256=00"}, csp: apiCSP},
		{name: "webhook handshake", method: "GET", path: fmt.Sprintf("/webhooks/whatsapp/%d?hub.mode=subscribe&hub.verify_token=%s&hub.challenge=42", ch, waVerifyToken),
			status: 200, csp: apiCSP},
		{name: "websocket refused", method: "GET", path: "/api/ws", token: admin, csp: apiCSP},
		{name: "public media link unknown", method: "GET", path: "/media/nope", status: 404, csp: apiCSP},
	}
	if asset := anAsset(t); asset != "" {
		checks = append(checks, check{name: "asset", method: "GET", path: asset, status: 200, csp: "app"})
	} else {
		t.Log("the frontend is not built into this binary: no asset to check")
	}
	for _, c := range checks {
		res := f.doWith(http.DefaultClient, c.method, c.path, c.token, c.body, c.hdr)
		what := c.method + " " + c.path + " (" + c.name + ")"
		if c.status != 0 && res.Status != c.status {
			t.Errorf("%s: status %d, want %d: %s", what, res.Status, c.status, res.Body)
		}
		csp := assertSecurityHeaders(t, what, res.Header)
		if c.csp == "app" {
			assertAppCSP(t, what, csp, wsOrigin)
		} else if csp != c.csp {
			t.Errorf("%s: CSP %q, want %q", what, csp, c.csp)
		}
	}
}

func TestMalformedQueryStringsAreRefusedWithTheEnvelope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	for _, path := range []string{
		"/api/conversations?cursor=%%%zz",
		"/api/users?limit=1;after=2",
		"/api/me?x=%",
		fmt.Sprintf("/webhooks/whatsapp/%d?hub.mode=subscribe&hub.challenge=%%zz", ch),
		"/api/no-such-route?x=%zz",
	} {
		res := f.do("GET", path, f.tokens["admin"], "")
		if res.Status != http.StatusBadRequest || res.errorCode(t) != "bad_query" {
			t.Errorf("GET %s: %d %s, want 400 bad_query", path, res.Status, res.Body)
			continue
		}
		if !strings.Contains(string(res.Body), "query string is malformed") {
			t.Errorf("GET %s: message does not say the query string is malformed: %s", path, res.Body)
		}
	}
	// A well-formed query still reaches the handler.
	if res := f.do("GET", "/api/users?limit=5", f.tokens["admin"], ""); res.Status != http.StatusOK {
		t.Errorf("well-formed query: %d %s", res.Status, res.Body)
	}
}

func TestDecoderErrorsAreWordedByTheAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	super := f.tokens["supervisor"]
	type envelope struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	cases := []struct {
		name, body  string
		status      int
		message     string
		field, says string
	}{
		{"unknown field", `{"name":"VIP","color":"#ff0000","x":1}`, 400, "does not know", "x", "is not a known field"},
		{"syntax error", `{"name" "VIP"}`, 400, "request body is not valid JSON (at byte 9)", "", ""},
		{"cut short", `{"name":`, 400, "request body is not valid JSON (it ends", "", ""},
		{"wrong type", `{"name":5,"color":"#ff0000"}`, 400, "wrong type", "name", "must be a string"},
		{"not an object", `[1,2]`, 400, "request body must be an object", "", ""},
		{"trailing data", `{"name":"VIP","color":"#ff0000"} {}`, 400, "single JSON value", "", ""},
		{"empty", ``, 400, "request body is empty", "", ""},
	}
	for _, c := range cases {
		res := f.doWith(http.DefaultClient, "POST", "/api/labels", super, c.body, map[string]string{"Content-Type": "application/json"})
		var env envelope
		res.json(t, &env)
		if res.Status != c.status || env.Error.Code != "malformed_json" {
			t.Errorf("%s: %d %s, want %d malformed_json", c.name, res.Status, res.Body, c.status)
			continue
		}
		if !strings.Contains(env.Error.Message, c.message) {
			t.Errorf("%s: message %q, want it to contain %q", c.name, env.Error.Message, c.message)
		}
		if c.field != "" && env.Error.Fields[c.field] != c.says {
			t.Errorf("%s: fields %v, want %s: %q", c.name, env.Error.Fields, c.field, c.says)
		}
		for _, leak := range []string{"json:", "invalid character", "Go ", "httpapi.", "unmarshal"} {
			if strings.Contains(string(res.Body), leak) {
				t.Errorf("%s: the Go decoder's wording leaks (%q): %s", c.name, leak, res.Body)
			}
		}
	}
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// loggedServer is a second instance on the fixture's database whose logs
// (every level) are kept.
func loggedServer(t *testing.T, f *fixture, logLevel string) (*server.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg := newConfig(t, f.srv.Config.DatabaseURL)
	cfg.LogLevel = logLevel
	srv, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv, logs
}

func TestRequestsTheClientCancelledAreNotLoggedAsErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	srv, logs := loggedServer(t, f, "info")
	for _, path := range []string{"/api/me", "/api/conversations"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // the client has gone before the server looks anything up
		req := httptest.NewRequestWithContext(ctx, "GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens["agent"])
		rec := httptest.NewRecorder()
		srv.API.Handler().ServeHTTP(rec, req)
		if rec.Code < 400 {
			t.Errorf("GET %s with a cancelled context: %d", path, rec.Code)
		}
	}
	out := logs.String()
	if strings.Contains(out, "level=ERROR") {
		t.Errorf("a cancelled request was logged as an error:\n%s", out)
	}
	if !strings.Contains(out, "level=DEBUG") || !strings.Contains(out, "context canceled") {
		t.Errorf("the cancelled request is not logged at debug:\n%s", out)
	}
}

func TestRiverLogsRoutineStateOnlyAtDebug(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, c := range []struct {
		level   string
		started bool
	}{{"info", false}, {"warn", false}, {"debug", true}} {
		srv, logs := loggedServer(t, f, c.level)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := srv.Jobs.Start(ctx); err != nil {
			cancel()
			t.Fatal(err)
		}
		if err := srv.Jobs.Stop(ctx); err != nil {
			t.Error(err)
		}
		cancel()
		if got := strings.Contains(logs.String(), "River client started"); got != c.started {
			t.Errorf("SWITCHBOARD_LOG_LEVEL=%s: River's info logged = %v, want %v:\n%s", c.level, got, c.started, logs.String())
		}
	}

	// The level filter keeps warnings and errors, also through With.
	logs := &syncBuffer{}
	cfg := newConfig(t, f.srv.Config.DatabaseURL)
	l := server.RiverLogger(cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))).With("component", "river")
	l.Info("Producer job counts")
	l.Warn("job failed")
	if out := logs.String(); strings.Contains(out, "Producer job counts") || !strings.Contains(out, "job failed") || !strings.Contains(out, "component=river") {
		t.Errorf("River logger at info: %s", out)
	}
}

func TestMetricsAreServedOnTheirOwnListenerOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Two instances in one process: each gets its own port.
	var srvs []*server.Server
	var apps []string
	for range 2 {
		cfg := newConfig(t, f.srv.Config.DatabaseURL)
		cfg.MetricsAddr = "127.0.0.1:0"
		srv, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- srv.Run(ctx, ln) }()
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("run: %v", err)
			}
			if srv.MetricsAddr() != "" {
				t.Errorf("metrics address still set after Run: %s", srv.MetricsAddr())
			}
		})
		srvs = append(srvs, srv)
		apps = append(apps, "http://"+ln.Addr().String())
	}
	get := func(url string) (int, string, http.Header) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}
	metricsAddr := func(srv *server.Server) string {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for srv.MetricsAddr() == "" {
			if time.Now().After(deadline) {
				t.Fatal("the metrics listener did not start")
			}
			time.Sleep(10 * time.Millisecond)
		}
		return srv.MetricsAddr()
	}
	a, b := metricsAddr(srvs[0]), metricsAddr(srvs[1])
	if a == b {
		t.Fatalf("two instances share the metrics address %s", a)
	}
	for i, app := range apps {
		if status, _, _ := get(app + "/healthz"); status != 200 {
			t.Fatalf("app %d healthz: %d", i, status)
		}
		status, body, hdr := get(app + "/metrics")
		if status != http.StatusNotFound || strings.Contains(body, "switchboard_") {
			t.Errorf("app listener /metrics: %d %.200s", status, body)
		}
		assertSecurityHeaders(t, "app /metrics", hdr)
	}
	status, body, _ := get("http://" + a + "/metrics")
	if status != 200 {
		t.Fatalf("metrics listener: %d %s", status, body)
	}
	for _, name := range []string{"switchboard_http_requests_total", "switchboard_db_pool_connections", "go_goroutines"} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if status, _, _ := get("http://" + a + "/api/me"); status != http.StatusNotFound {
		t.Errorf("the metrics listener serves the API: %d", status)
	}
	if status, _, _ := get("http://" + a + "/"); status != http.StatusNotFound {
		t.Errorf("the metrics listener serves the app: %d", status)
	}
}

func TestMetricsListenerOffAndBusy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Off: Run serves the app and no metrics.
	cfg := newConfig(t, f.srv.Config.DatabaseURL)
	cfg.MetricsAddr = ""
	srv, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("app with metrics off: %v %v", res, err)
	}
	res.Body.Close()
	if srv.MetricsAddr() != "" {
		t.Errorf("metrics off, yet listening on %s", srv.MetricsAddr())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// Busy: Run refuses to start, naming the variable.
	busy, _ := net.Listen("tcp", "127.0.0.1:0")
	defer busy.Close()
	cfg2 := newConfig(t, f.srv.Config.DatabaseURL)
	cfg2.MetricsAddr = busy.Addr().String()
	srv2, err := server.New(context.Background(), cfg2, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv2.Close)
	ln2, _ := net.Listen("tcp", "127.0.0.1:0")
	err = srv2.Run(context.Background(), ln2)
	if err == nil || !strings.Contains(err.Error(), "SWITCHBOARD_METRICS_ADDR") {
		t.Fatalf("busy metrics address: %v", err)
	}
}

func TestStoredFilesNeverRunInOurOrigin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	conv := f.inbound(ch, "4915100000888", "hello")
	var msgID int64
	if err := f.srv.DB.Bun.NewRaw("SELECT id FROM messages WHERE conversation_id = ? ORDER BY id LIMIT 1", conv).Scan(ctx, &msgID); err != nil {
		t.Fatal(err)
	}
	canned := f.createCanned(f.tokens["supervisor"], "files", "see attached")

	cases := []struct {
		mime, filename, body string
		disposition          string // the whole Content-Disposition header
	}{
		{"text/html", "evil.html", "<script>alert(document.cookie)</script>", `attachment; filename="evil.html"`},
		{"text/html; charset=utf-8", "", "<script>alert(1)</script>", `attachment`},
		{"image/svg+xml", `../../x"y.svg`, `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, `attachment; filename="x'y.svg"`},
		{"application/xhtml+xml", `C:\fakepath\page.xhtml`, "<html/>", `attachment; filename="page.xhtml"`},
		{"text/javascript", "a.js", "alert(1)", `attachment; filename="a.js"`},
		{"application/pdf", "menu.pdf", "%PDF-1.4", `attachment; filename="menu.pdf"`},
		{"text/plain", "Grüße\r\n.txt", "hallo", `attachment; filename="Gr__e.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt`},
		{"image/png", "photo.png", "\x89PNG", `inline; filename="photo.png"`},
		{"audio/ogg", "voice.ogg", "OggS", `inline; filename="voice.ogg"`},
	}
	for i, c := range cases {
		key := fmt.Sprintf("acct-%d/headers-test/%d", f.acctA.ID, i)
		if err := f.srv.Media.Put(ctx, key, strings.NewReader(c.body), int64(len(c.body)), c.mime); err != nil {
			t.Fatal(err)
		}
		token := fmt.Sprintf("headers-test-token-%d-%d", msgID, i)
		if _, err := f.srv.DB.Bun.NewRaw("UPDATE messages SET media = ?::jsonb, public_token = ? WHERE id = ?",
			mustJSON(map[string]any{"key": key, "mime": c.mime, "size": len(c.body), "filename": c.filename, "state": "ready"}), token, msgID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := f.srv.DB.Bun.NewRaw("UPDATE canned_responses SET attachment = ?::jsonb WHERE id = ?",
			mustJSON(map[string]any{"key": key, "mime": c.mime, "size": len(c.body), "filename": c.filename}), canned.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		for _, dl := range []struct{ name, path, token string }{
			{"message media", fmt.Sprintf("/api/messages/%d/media", msgID), f.tokens["agent"]},
			{"public MMS link", "/media/" + token, ""},
			{"canned attachment", fmt.Sprintf("/api/canned-responses/%d/attachment", canned.ID), f.tokens["agent"]},
		} {
			res := f.do("GET", dl.path, dl.token, "")
			what := fmt.Sprintf("%s of %s %q", dl.name, c.mime, c.filename)
			if res.Status != http.StatusOK || string(res.Body) != c.body {
				t.Errorf("%s: %d %q", what, res.Status, res.Body)
				continue
			}
			if csp := assertSecurityHeaders(t, what, res.Header); csp != mediaCSP {
				t.Errorf("%s: CSP %q, want %q", what, csp, mediaCSP)
			}
			if got := res.Header.Get("Content-Disposition"); got != c.disposition {
				t.Errorf("%s: Content-Disposition %q, want %q", what, got, c.disposition)
			}
		}
	}
}
