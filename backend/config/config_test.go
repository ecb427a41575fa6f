package config

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaultsApplyWhenNothingIsSet(t *testing.T) {
	t.Parallel()
	c, err := LoadFrom(envOf(map[string]string{"DATABASE_URL": "postgres://x/y"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":8080" || c.SessionTTL != 168*time.Hour || c.DatabaseURL != "postgres://x/y" || c.CookieSecure {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"SWITCHBOARD_DB_MAX_CONNS":    "many",
		"SWITCHBOARD_SESSION_TTL":     "forever",
		"SWITCHBOARD_PUBLIC_URL":      "localhost",
		"SWITCHBOARD_ENV":             "staging",
		"SWITCHBOARD_S3_USE_SSL":      "maybe",
		"SWITCHBOARD_COOKIE_SECURE":   "sometimes",
		"SWITCHBOARD_TRUSTED_PROXIES": "10.0.0.0/8,proxy.internal",
	}
	for name, value := range cases {
		_, err := LoadFrom(envOf(map[string]string{name: value}))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != name {
			t.Errorf("%s=%q: got %v, want an error naming the variable", name, value, err)
		}
	}
}

func TestSecretsAreReadFromFiles(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadFrom(envOf(map[string]string{
		"SWITCHBOARD_S3_ENDPOINT":        "minio:9000",
		"SWITCHBOARD_S3_ACCESS_KEY":      "key",
		"SWITCHBOARD_S3_SECRET_KEY_FILE": path,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.S3.SecretKey != "s3cret" {
		t.Fatalf("secret = %q", c.S3.SecretKey)
	}
}

func TestS3NeedsCredentials(t *testing.T) {
	t.Parallel()
	if _, err := LoadFrom(envOf(map[string]string{"SWITCHBOARD_S3_ENDPOINT": "minio:9000"})); err == nil {
		t.Fatal("want an error without S3 keys")
	}
}

func TestPortShortcutAndSecureCookiesFollowHTTPS(t *testing.T) {
	t.Parallel()
	c, err := LoadFrom(envOf(map[string]string{"PORT": "9000", "SWITCHBOARD_PUBLIC_URL": "https://desk.example.com/"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":9000" || !c.CookieSecure || c.Origins()[0] != "https://desk.example.com" {
		t.Fatalf("got %+v", c)
	}
}

func TestTrustedProxiesAreParsedAsPrefixes(t *testing.T) {
	t.Parallel()
	c, err := LoadFrom(envOf(map[string]string{"SWITCHBOARD_TRUSTED_PROXIES": " 10.1.2.3/8, 192.168.1.5 ,fd00::/8,::ffff:172.16.0.0/108,"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.5/32"),
		netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("172.16.0.0/12")}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("got %v, want %v", c.TrustedProxies, want)
	}
	for i := range want {
		if c.TrustedProxies[i] != want[i] {
			t.Fatalf("got %v, want %v", c.TrustedProxies, want)
		}
	}
	if c, _ := LoadFrom(envOf(nil)); len(c.TrustedProxies) != 0 {
		t.Fatalf("trusted by default: %v", c.TrustedProxies)
	}
}
