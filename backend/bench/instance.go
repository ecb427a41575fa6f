package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"switchboard/backend/accounts"
	"switchboard/backend/authz"
	"switchboard/backend/config"
	"switchboard/backend/database"
	"switchboard/backend/server"
)

// prepareDatabase drops and recreates the database named in dbURL through
// the server's maintenance database at adminURL, then migrates it up. It
// refuses a database whose name does not say it is for benchmarks.
func prepareDatabase(ctx context.Context, dbURL, adminURL string) error {
	u, err := url.Parse(dbURL)
	if err != nil {
		return fmt.Errorf("SWITCHBOARD_DATABASE_URL is not a URL: %w", err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if !strings.Contains(name, "bench") {
		return fmt.Errorf("bench drops and recreates its database; refusing %q, whose name does not contain \"bench\" (make bench uses switchboard_bench)", name)
	}
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("cannot reach PostgreSQL as superuser (SWITCHBOARD_TEST_DATABASE_URL): %w", err)
	}
	defer conn.Close(ctx)
	id := pgx.Identifier{name}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+id+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+id); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	db, err := database.Open(ctx, dbURL, 2)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.MigrateUp(ctx)
	return err
}

// instance is a server running in this process on a loopback port, with
// one account whose admin is signed in and which has a WhatsApp channel.
type instance struct {
	srv   *server.Server
	url   string
	dbURL string
	stop  context.CancelFunc
	done  chan error

	accountID int64
	admin     accounts.Member
	password  string
	api       *http.Client // keeps the admin's session cookies
	csrf      string
	channelID int64
	appSecret string
}

const (
	benchPhoneID = "106540352242922"
	benchDisplay = "+15550783881"
)

// startInstance serves a fresh server.Server on 127.0.0.1. Settings come
// from the environment (so SWITCHBOARD_DB_MAX_CONNS and the like can be
// tried), except the address, public URL and storage directory.
func startInstance(ctx context.Context, dbURL, storageDir string) (*instance, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	base := "http://" + ln.Addr().String()
	cfg, err := config.LoadFrom(func(k string) string {
		switch k {
		case "SWITCHBOARD_DATABASE_URL":
			return dbURL
		case "SWITCHBOARD_PUBLIC_URL":
			return base
		case "SWITCHBOARD_HTTP_ADDR":
			return ln.Addr().String()
		case "SWITCHBOARD_STORAGE_DIR":
			return storageDir
		case "SWITCHBOARD_METRICS_ADDR":
			// The bench reads no metrics; several instances (or a running
			// server) must not compete for the metrics port.
			return "off"
		case "SWITCHBOARD_LOG_LEVEL":
			if v := os.Getenv(k); v != "" {
				return v
			}
			return "warn"
		}
		return os.Getenv(k)
	})
	if err != nil {
		ln.Close()
		return nil, err
	}
	srv, err := server.New(ctx, cfg, server.NewLogger(cfg, os.Stderr))
	if err != nil {
		ln.Close()
		return nil, err
	}
	runCtx, stop := context.WithCancel(context.Background())
	in := &instance{srv: srv, url: base, dbURL: dbURL, stop: stop, done: make(chan error, 1)}
	go func() { in.done <- srv.Run(runCtx, ln) }()
	return in, nil
}

// Close stops the server and waits for it.
func (in *instance) Close() {
	in.stop()
	<-in.done
	in.srv.Close()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// setUp creates the bench account and its admin, signs in and creates the
// WhatsApp channel through the API, as an admin would.
func (in *instance) setUp(ctx context.Context) error {
	acct, err := in.srv.Accounts.CreateAccount(ctx, "Bench")
	if err != nil {
		return err
	}
	in.accountID = acct.ID
	in.password = randomHex(12)
	in.admin, err = in.srv.Accounts.CreateMember(ctx, acct.ID, accounts.CreateMemberInput{
		Email: "admin@bench.test", Name: "Bench Admin", Role: authz.RoleAdmin, Password: in.password})
	if err != nil {
		return err
	}
	in.api, in.csrf, err = in.login(ctx)
	if err != nil {
		return err
	}
	in.appSecret = randomHex(16)
	var ch struct {
		ID int64 `json:"id"`
	}
	err = in.call(ctx, "POST", "/api/channels", map[string]any{
		"kind": "whatsapp_cloud", "name": "WhatsApp", "base_url": "http://127.0.0.1:9",
		"credentials": map[string]string{"access_token": "bench", "app_secret": in.appSecret, "verify_token": "bench"},
		"senders":     []map[string]string{{"phone_number": benchDisplay, "provider_id": benchPhoneID, "name": "Support"}},
	}, &ch)
	in.channelID = ch.ID
	return err
}

// login signs the admin in through the API and returns a client keeping
// the session cookie, and the CSRF token.
func (in *instance) login(ctx context.Context) (*http.Client, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: time.Minute}
	body, _ := json.Marshal(map[string]string{"email": in.admin.Email, "password": in.password})
	req, _ := http.NewRequestWithContext(ctx, "POST", in.url+"/api/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", in.url)
	res, err := c.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return nil, "", fmt.Errorf("login: %d %s", res.StatusCode, b)
	}
	u, _ := url.Parse(in.url)
	var csrf string
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "csrf_token" {
			csrf = ck.Value
		}
	}
	return c, csrf, nil
}

// sessionCookie returns the "Cookie" header value of a client from login.
func (in *instance) sessionCookie(c *http.Client) string {
	u, _ := url.Parse(in.url)
	var parts []string
	for _, ck := range c.Jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; ")
}

// call sends a JSON API request as the signed-in admin and decodes the
// answer into out (when not nil).
func (in *instance) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, in.url+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", in.csrf)
	res, err := in.api.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// waitProcessed waits until no stored webhook is left unprocessed, for at
// most limit, and returns when it stopped waiting and how many were left.
func (in *instance) waitProcessed(ctx context.Context, limit time.Duration) (time.Time, int, error) {
	deadline := time.Now().Add(limit)
	for {
		var pending int
		err := in.srv.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM webhook_events WHERE processed_at IS NULL").Scan(&pending)
		if err != nil || pending == 0 || time.Now().After(deadline) {
			return time.Now(), pending, err
		}
		select {
		case <-ctx.Done():
			return time.Time{}, 0, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// discardBacklog marks the webhooks left unprocessed as processed, so the
// next phase starts without a backlog, and returns how many there were.
func (in *instance) discardBacklog(ctx context.Context) (int, error) {
	tag, err := in.srv.DB.Pool.Exec(ctx, `UPDATE webhook_events SET processed_at = now(), last_error = 'discarded by bench'
		WHERE processed_at IS NULL`)
	return int(tag.RowsAffected()), err
}

// drain waits for the backlog for at most limit, then discards the rest.
func (in *instance) drain(ctx context.Context, limit time.Duration) error {
	if _, left, err := in.waitProcessed(ctx, limit); err != nil || left == 0 {
		return err
	}
	_, err := in.discardBacklog(ctx)
	return err
}

// processedBetween counts webhooks whose processing committed in [from, to).
func (in *instance) processedBetween(ctx context.Context, from, to time.Time) (int, error) {
	var n int
	err := in.srv.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM webhook_events
		WHERE processed_at >= $1 AND processed_at < $2 AND last_error <> 'discarded by bench'`, from, to).Scan(&n)
	return n, err
}
