package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"testing"
)

// trustLocalProxy makes the test server trust its own loopback peer as a
// reverse proxy, so X-Forwarded-For names the client address.
func (f *fixture) trustLocalProxy() {
	f.srv.API.Config.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
}

// loginVia signs in through the login endpoint as the client at address
// (sent as X-Forwarded-For; it only counts when the proxy is trusted).
func (b *browser) loginVia(address, email, password string) response {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return b.f.doWith(b.client, "POST", "/api/auth/login", "", string(body),
		map[string]string{"Origin": b.f.http.URL, "X-Forwarded-For": address})
}

func wantThrottled(t *testing.T, what string, res response) {
	t.Helper()
	if res.Status != http.StatusTooManyRequests || res.errorCode(t) != "too_many_attempts" || res.Header.Get("Retry-After") == "" {
		t.Fatalf("%s: %d %s %v, want 429 too_many_attempts with Retry-After", what, res.Status, res.Body, res.Header)
	}
}

func wantSignedIn(t *testing.T, what string, res response) {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("%s: %d %s, want 200", what, res.Status, res.Body)
	}
}

func wantWrongPassword(t *testing.T, what string, res response) {
	t.Helper()
	if res.Status != http.StatusUnauthorized || res.errorCode(t) != "invalid_credentials" {
		t.Fatalf("%s: %d %s, want 401 invalid_credentials", what, res.Status, res.Body)
	}
}

func TestWrongPasswordsDoNotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.trustLocalProxy()
	b := f.newBrowser()
	const email = "agent@a.test"
	const home, attacker, fresh, other = "198.51.100.10", "203.0.113.66", "198.51.100.20", "198.51.100.40"

	// The owner has signed in from home before.
	wantSignedIn(t, "owner at home", b.loginVia(home, email, testPassword))

	// An attacker guesses from one address until it is refused, then from
	// five more addresses once each.
	for i := 0; i < 5; i++ {
		wantWrongPassword(t, fmt.Sprintf("guess %d", i), b.loginVia(attacker, email, "wrong-password"))
	}
	wantThrottled(t, "attacker with the right password", b.loginVia(attacker, email, testPassword))
	for i := 0; i < 5; i++ {
		wantWrongPassword(t, fmt.Sprintf("guess from helper %d", i), b.loginVia(fmt.Sprintf("203.0.113.%d", 100+i), email, "wrong-password"))
	}
	// A helper that already failed for this email is now slowed down.
	wantThrottled(t, "helper again", b.loginVia("203.0.113.100", email, testPassword))

	// The owner still signs in from an address with no failures for the email…
	wantSignedIn(t, "owner from a fresh address", b.loginVia(fresh, email, testPassword))
	// …and from home, even after mistyping there while the email is under attack.
	wantWrongPassword(t, "owner mistypes at home", b.loginVia(home, email, "typo-password"))
	wantSignedIn(t, "owner at home after a typo", b.loginVia(home, email, testPassword))

	// An address that is not the owner's and has failed once waits too.
	wantWrongPassword(t, "other address", b.loginVia(other, email, "wrong-password"))
	wantThrottled(t, "other address again", b.loginVia(other, email, testPassword))

	// The attacker's address is not locked out of other emails.
	wantSignedIn(t, "attacker's address, other email", b.loginVia(attacker, "admin@a.test", testPassword))
}

func TestOneAddressSprayingEmailsIsThrottledAlone(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.trustLocalProxy()
	b := f.newBrowser()
	const sprayer = "203.0.113.9"
	for i := 0; i < 30; i++ {
		wantWrongPassword(t, fmt.Sprintf("spray %d", i), b.loginVia(sprayer, fmt.Sprintf("nobody%d@a.test", i), "wrong-password"))
	}
	wantThrottled(t, "sprayer with a real account", b.loginVia(sprayer, "admin@a.test", testPassword))
	wantThrottled(t, "sprayer with a new email", b.loginVia(sprayer, "nobody99@a.test", "wrong-password"))
	wantSignedIn(t, "someone else", b.loginVia("198.51.100.1", "admin@a.test", testPassword))
}

func TestClientsBehindTrustedProxyAreThrottledIndependently(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.trustLocalProxy()
	b := f.newBrowser()
	// Each client's proxy chain: something the client claims, then what the
	// proxy appended; only the rightmost untrusted address counts.
	const mallory, alice = "6.6.6.6, 203.0.113.50", "198.51.100.77"
	for i := 0; i < 30; i++ {
		b.loginVia(mallory, fmt.Sprintf("nobody%d@a.test", i), "wrong-password")
	}
	wantThrottled(t, "mallory", b.loginVia(mallory, "admin@a.test", testPassword))
	wantThrottled(t, "mallory with another claimed address", b.loginVia("1.1.1.1, 203.0.113.50", "admin@a.test", testPassword))
	wantSignedIn(t, "alice behind the same proxy", b.loginVia(alice, "admin@a.test", testPassword))

	// The session records the client's address, not the proxy's.
	var ips []string
	if err := f.srv.DB.Bun.NewSelect().TableExpr("sessions").Column("ip").Scan(context.Background(), &ips); err != nil {
		t.Fatal(err)
	}
	if len(ips) != 1 || ips[0] != "198.51.100.77" {
		t.Fatalf("session addresses %v, want [198.51.100.77]", ips)
	}
}

func TestForwardedHeadersFromUntrustedPeersAreIgnored(t *testing.T) {
	t.Parallel()
	f := newFixture(t) // no trusted proxies
	b := f.newBrowser()
	for i := 0; i < 30; i++ {
		b.loginVia(fmt.Sprintf("203.0.113.%d", i), fmt.Sprintf("nobody%d@a.test", i), "wrong-password")
	}
	// A new claimed address does not get the client out of its throttle.
	wantThrottled(t, "spoofed X-Forwarded-For", b.loginVia("198.51.100.200", "admin@a.test", testPassword))
	body := `{"email":"admin@a.test","password":"` + testPassword + `"}`
	res := f.doWith(b.client, "POST", "/api/auth/login", "", body,
		map[string]string{"Origin": f.http.URL, "Forwarded": "for=198.51.100.201"})
	wantThrottled(t, "spoofed Forwarded", res)
}

func TestCookieRequestsFromForeignOriginsAreRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	signedIn := func() *browser {
		b := f.newBrowser()
		wantSignedIn(t, "login", b.login("agent@a.test", testPassword))
		return b
	}
	logout := func(b *browser, hdr map[string]string) response {
		hdr["X-CSRF-Token"] = b.csrf()
		return f.doWith(b.client, "POST", "/api/auth/logout", "", "", hdr)
	}
	refused := []struct {
		name string
		hdr  map[string]string
	}{
		{"foreign Origin", map[string]string{"Origin": "https://evil.example"}},
		{"foreign Origin, same-origin fetch site", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"}},
		{"null Origin", map[string]string{"Origin": "null"}},
		{"cross-site without Origin", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"same-site without Origin", map[string]string{"Sec-Fetch-Site": "same-site"}},
	}
	b := signedIn()
	for _, c := range refused {
		res := logout(b, c.hdr)
		if res.Status != http.StatusForbidden || res.errorCode(t) != "bad_origin" {
			t.Errorf("%s: %d %s, want 403 bad_origin", c.name, res.Status, res.Body)
		}
	}
	// The session survived every refused request.
	if res := b.do("GET", "/api/me", "", false); res.Status != http.StatusOK {
		t.Fatalf("me after refused requests: %d", res.Status)
	}

	accepted := []struct {
		name string
		hdr  map[string]string
	}{
		{"same Origin", map[string]string{"Origin": f.http.URL}},
		{"allowed Origin, same-site fetch", map[string]string{"Origin": f.http.URL, "Sec-Fetch-Site": "same-site"}},
		{"same-origin fetch without Origin", map[string]string{"Sec-Fetch-Site": "same-origin"}},
		{"no header (not a browser)", map[string]string{}},
	}
	for _, c := range accepted {
		if res := logout(signedIn(), c.hdr); res.Status != http.StatusNoContent {
			t.Errorf("%s: %d %s, want 204", c.name, res.Status, res.Body)
		}
	}

	// GET requests are not checked; API tokens are not affected.
	if res := f.doWith(b.client, "GET", "/api/me", "", "", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}); res.Status != http.StatusOK {
		t.Errorf("cross-site GET: %d", res.Status)
	}
	if res := f.doWith(http.DefaultClient, "POST", "/api/auth/logout", f.tokens["agent"], "",
		map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}); res.Status != http.StatusNoContent {
		t.Errorf("bearer POST from a foreign origin: %d %s", res.Status, res.Body)
	}
}

func TestCrossSiteSignInWithoutOriginIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	body := `{"email":"admin@a.test","password":"` + testPassword + `"}`
	res := f.doWith(http.DefaultClient, "POST", "/api/auth/login", "", body, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if res.Status != http.StatusForbidden || res.errorCode(t) != "bad_origin" {
		t.Fatalf("cross-site sign-in: %d %s", res.Status, res.Body)
	}
}
