package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestSignInSessionAndLogout(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.newBrowser()
	if res := b.login("Agent@A.test", testPassword); res.Status != http.StatusOK {
		t.Fatalf("login: %d %s", res.Status, res.Body)
	}
	var me struct {
		User struct {
			Email string `json:"email"`
		} `json:"user"`
		Role        string   `json:"role"`
		Permissions []string `json:"permissions"`
	}
	b.do("GET", "/api/me", "", false).json(t, &me)
	if me.User.Email != "agent@a.test" || me.Role != "agent" || len(me.Permissions) == 0 {
		t.Fatalf("me = %+v", me)
	}
	if res := b.do("POST", "/api/auth/logout", "", false); res.Status != http.StatusForbidden || res.errorCode(t) != "csrf_failed" {
		t.Fatalf("logout without CSRF token: %d %s", res.Status, res.Body)
	}
	if res := b.do("POST", "/api/auth/logout", "", true); res.Status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", res.Status, res.Body)
	}
	if res := b.do("GET", "/api/me", "", false); res.Status != http.StatusUnauthorized {
		t.Fatalf("me after logout: %d", res.Status)
	}
}

func TestSessionCookieIsHttpOnlyAndCSRFCookieReadable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.newBrowser().login("admin@a.test", testPassword)
	cookies := res.Header.Values("Set-Cookie")
	var session, csrf string
	for _, c := range cookies {
		switch {
		case strings.HasPrefix(c, "sb_session="):
			session = c
		case strings.HasPrefix(c, "csrf_token="):
			csrf = c
		}
	}
	if !strings.Contains(session, "HttpOnly") || !strings.Contains(session, "SameSite=Lax") {
		t.Errorf("session cookie %q", session)
	}
	if csrf == "" || strings.Contains(csrf, "HttpOnly") {
		t.Errorf("csrf cookie %q", csrf)
	}
}

func TestBadSignInsAreRefusedWithTheEnvelope(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"wrong password", `{"email":"admin@a.test","password":"nope-nope"}`, 401, "invalid_credentials"},
		{"unknown email", `{"email":"ghost@a.test","password":"whatever1"}`, 401, "invalid_credentials"},
		{"malformed JSON", `{"email":`, 400, "malformed_json"},
		{"missing fields", `{}`, 422, "validation_failed"},
		{"too long", fmt.Sprintf(`{"email":"%s@a.test","password":"x"}`, strings.Repeat("a", 300)), 422, "validation_failed"},
		{"unknown field", `{"email":"a@a.test","password":"x","admin":true}`, 400, "malformed_json"},
		{"wrong type", `{"email":1,"password":"x"}`, 400, "malformed_json"},
	}
	for _, c := range cases {
		res := f.do("POST", "/api/auth/login", "", c.body)
		if res.Status != c.status || res.errorCode(t) != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.name, res.Status, res.Body, c.status, c.code)
		}
	}
}

func TestSignInFromForeignOriginIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.doWith(http.DefaultClient, "POST", "/api/auth/login", "",
		`{"email":"admin@a.test","password":"`+testPassword+`"}`, map[string]string{"Origin": "https://evil.example"})
	if res.Status != http.StatusForbidden {
		t.Fatalf("foreign origin: %d", res.Status)
	}
}

// Five failures for one email from one address refuse that address for the
// email; other addresses are not locked out (signin_abuse_test.go).
func TestRepeatedFailedSignInsAreThrottledPerEmailAndAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.newBrowser()
	for i := 0; i < 5; i++ {
		if res := b.login("agent@a.test", "wrong-password"); res.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, res.Status)
		}
	}
	res := b.login("agent@a.test", testPassword)
	if res.Status != http.StatusTooManyRequests || res.errorCode(t) != "too_many_attempts" || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after 5 failures the right password from the same address: %d %s", res.Status, res.Body)
	}
	// Another email from the same address still signs in.
	if res := b.login("admin@a.test", testPassword); res.Status != http.StatusOK {
		t.Fatalf("other email: %d %s", res.Status, res.Body)
	}
}

func TestRepeatedFailedSignInsAreThrottledPerAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.newBrowser()
	for i := 0; i < 30; i++ {
		b.login(fmt.Sprintf("nobody%d@a.test", i), "wrong-password")
	}
	if res := b.login("admin@a.test", testPassword); res.Status != http.StatusTooManyRequests {
		t.Fatalf("after 30 failures from one address: %d", res.Status)
	}
}

func TestAPITokensAuthenticateUntilRevoked(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.tokens["admin"]
	var created struct {
		Token struct {
			ID     int64  `json:"id"`
			Prefix string `json:"prefix"`
		} `json:"token"`
		Secret string `json:"secret"`
	}
	res := f.do("POST", "/api/tokens", admin, `{"name":"crm","role":"supervisor"}`)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	res.json(t, &created)
	if !strings.HasPrefix(created.Secret, created.Token.Prefix) || len(created.Secret) < 40 {
		t.Fatalf("token %+v", created)
	}
	var me struct {
		Role string `json:"role"`
	}
	f.do("GET", "/api/me", created.Secret, "").json(t, &me)
	if me.Role != "supervisor" {
		t.Fatalf("token role %q", me.Role)
	}
	// Bearer requests need no CSRF token.
	if res := f.do("POST", "/api/auth/logout", created.Secret, ""); res.Status != http.StatusNoContent {
		t.Fatalf("bearer POST: %d", res.Status)
	}
	// The list never shows the secret.
	list := f.do("GET", "/api/tokens", admin, "")
	if strings.Contains(string(list.Body), created.Secret) {
		t.Fatal("token list leaks the secret")
	}
	if res := f.do("DELETE", fmt.Sprintf("/api/tokens/%d", created.Token.ID), admin, ""); res.Status != http.StatusNoContent {
		t.Fatalf("revoke: %d", res.Status)
	}
	if res := f.do("GET", "/api/me", created.Secret, ""); res.Status != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d", res.Status)
	}
	if res := f.do("POST", "/api/tokens", admin, `{"name":"x","role":"owner"}`); res.Status != 422 {
		t.Fatalf("bad role: %d", res.Status)
	}
	if res := f.do("GET", "/api/me", "sb_not-a-token", ""); res.Status != http.StatusUnauthorized {
		t.Fatalf("unknown token: %d", res.Status)
	}
}
