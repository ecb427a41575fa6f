package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"switchboard/backend/accounts"
	"switchboard/backend/authz"
	"switchboard/backend/config"
	"switchboard/backend/server"
	"switchboard/backend/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.DropTemplate()
	os.Exit(code)
}

// fixture is a running server with two accounts: A has one user and one
// API token per role, B has an admin.
type fixture struct {
	t      *testing.T
	srv    *server.Server
	http   *httptest.Server
	acctA  accounts.Account
	acctB  accounts.Account
	users  map[string]accounts.Member // role → user of A
	tokens map[string]string          // role → API token of A
	userB  accounts.Member
	tokenB string
}

const testPassword = "correct horse battery"

func newConfig(t *testing.T, dbURL string) *config.Config {
	cfg, err := config.LoadFrom(func(k string) string {
		switch k {
		case "SWITCHBOARD_DATABASE_URL":
			return dbURL
		case "SWITCHBOARD_STORAGE_DIR":
			return t.TempDir()
		case "SWITCHBOARD_PUBLIC_URL":
			return "http://127.0.0.1"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, testdb.NewURL(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// newFixtureOn builds the fixture on the database at dbURL (e.g. reached
// through a proxy the test controls), logging to logger.
func newFixtureOn(t *testing.T, dbURL string, logger *slog.Logger) *fixture {
	t.Helper()
	ctx := context.Background()
	cfg := newConfig(t, dbURL)
	srv, err := server.New(ctx, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	hs := httptest.NewServer(srv.API.Handler())
	t.Cleanup(hs.Close)
	// Origins are checked; the test server's URL is ours.
	cfg.AllowedOrigins = append(cfg.AllowedOrigins, hs.URL)

	f := &fixture{t: t, srv: srv, http: hs, users: map[string]accounts.Member{}, tokens: map[string]string{}}
	if f.acctA, err = srv.Accounts.CreateAccount(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	if f.acctB, err = srv.Accounts.CreateAccount(ctx, "B"); err != nil {
		t.Fatal(err)
	}
	for _, role := range authz.Roles {
		u, err := srv.Accounts.CreateMember(ctx, f.acctA.ID, accounts.CreateMemberInput{
			Email: role + "@a.test", Name: "A " + role, Role: role, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		f.users[role] = u
		_, secret, err := srv.Accounts.CreateToken(ctx, f.acctA.ID, u.ID, accounts.CreateTokenInput{Name: role, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = secret
	}
	if f.userB, err = srv.Accounts.CreateMember(ctx, f.acctB.ID, accounts.CreateMemberInput{
		Email: "admin@b.test", Name: "B admin", Role: authz.RoleAdmin, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	if _, f.tokenB, err = srv.Accounts.CreateToken(ctx, f.acctB.ID, f.userB.ID, accounts.CreateTokenInput{Name: "b", Role: authz.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	return f
}

type response struct {
	Status int
	Body   []byte
	Header http.Header
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// errorCode returns the envelope's code, failing when the body is no envelope.
func (r response) errorCode(t *testing.T) string {
	t.Helper()
	var env struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	r.json(t, &env)
	if env.Error.Code == "" || env.Error.Message == "" {
		t.Fatalf("not an error envelope: %s", r.Body)
	}
	return env.Error.Code
}

// do sends a request with an optional bearer token and a raw body.
func (f *fixture) do(method, path, token, body string) response {
	f.t.Helper()
	return f.doWith(http.DefaultClient, method, path, token, body, nil)
}

func (f *fixture) doWith(c *http.Client, method, path, token, body string, hdr map[string]string) response {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.http.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, b, res.Header}
}

// browser is a cookie-keeping client signed in through the login endpoint.
type browser struct {
	f      *fixture
	client *http.Client
}

func (f *fixture) newBrowser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{f: f, client: &http.Client{Jar: jar}}
}

func (b *browser) login(email, password string) response {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return b.f.doWith(b.client, "POST", "/api/auth/login", "", string(body), map[string]string{"Origin": b.f.http.URL})
}

func (b *browser) csrf() string {
	u, _ := url.Parse(b.f.http.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "csrf_token" {
			return c.Value
		}
	}
	return ""
}

// do sends a request with the session cookie and, when withCSRF, the CSRF header.
func (b *browser) do(method, path, body string, withCSRF bool) response {
	hdr := map[string]string{}
	if withCSRF {
		hdr["X-CSRF-Token"] = b.csrf()
	}
	return b.f.doWith(b.client, method, path, "", body, hdr)
}

func mustJSON(v any) string {
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(v)
	return buf.String()
}
