package httpapi

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

func prefixes(t testing.TB, cidrs ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, c := range cidrs {
		out = append(out, netip.MustParsePrefix(c))
	}
	return out
}

func TestClientAddress(t *testing.T) {
	t.Parallel()
	proxies := prefixes(t, "127.0.0.1/32", "10.0.0.0/8", "fd00::/8")
	cases := []struct {
		name, remote string
		xff, fwd     []string
		trusted      []netip.Prefix
		want         string
	}{
		{"direct peer", "203.0.113.7:5555", nil, nil, proxies, "203.0.113.7"},
		{"untrusted peer ignores XFF", "203.0.113.7:5555", []string{"198.51.100.1"}, nil, proxies, "203.0.113.7"},
		{"untrusted peer ignores Forwarded", "203.0.113.7:5555", nil, []string{"for=198.51.100.1"}, proxies, "203.0.113.7"},
		{"nothing trusted", "127.0.0.1:1", []string{"198.51.100.1"}, nil, nil, "127.0.0.1"},
		{"trusted peer, one hop", "127.0.0.1:1", []string{"198.51.100.1"}, nil, proxies, "198.51.100.1"},
		{"rightmost untrusted wins over spoofed left", "127.0.0.1:1", []string{"1.2.3.4, 198.51.100.1"}, nil, proxies, "198.51.100.1"},
		{"trusted hops are skipped", "127.0.0.1:1", []string{"1.2.3.4, 198.51.100.1, 10.1.2.3"}, nil, proxies, "198.51.100.1"},
		{"several header lines", "127.0.0.1:1", []string{"1.2.3.4", "198.51.100.1, 10.1.2.3"}, nil, proxies, "198.51.100.1"},
		{"all hops trusted", "127.0.0.1:1", []string{"10.0.0.1, 10.0.0.2"}, nil, proxies, "10.0.0.1"},
		{"garbage hop stops at last trusted", "127.0.0.1:1", []string{"198.51.100.1, nonsense, 10.0.0.2"}, nil, proxies, "10.0.0.2"},
		{"garbage right of peer", "127.0.0.1:1", []string{"x"}, nil, proxies, "127.0.0.1"},
		{"empty XFF", "127.0.0.1:1", []string{""}, nil, proxies, "127.0.0.1"},
		{"XFF with port", "127.0.0.1:1", []string{"198.51.100.1:4711"}, nil, proxies, "198.51.100.1"},
		{"XFF IPv6", "127.0.0.1:1", []string{"2001:db8::1"}, nil, proxies, "2001:db8::1"},
		{"XFF bracketed IPv6 with port", "127.0.0.1:1", []string{"[2001:db8::1]:80"}, nil, proxies, "2001:db8::1"},
		{"XFF mapped IPv4 is unmapped", "127.0.0.1:1", []string{"::ffff:198.51.100.1"}, nil, proxies, "198.51.100.1"},
		{"XFF preferred over Forwarded", "127.0.0.1:1", []string{"198.51.100.1"}, []string{"for=192.0.2.9"}, proxies, "198.51.100.1"},
		{"Forwarded", "127.0.0.1:1", nil, []string{"for=192.0.2.60;proto=http;by=203.0.113.43"}, proxies, "192.0.2.60"},
		{"Forwarded case and spaces", "127.0.0.1:1", nil, []string{"For=192.0.2.43, for = 198.51.100.17"}, proxies, "198.51.100.17"},
		{"Forwarded quoted IPv6 with port", "127.0.0.1:1", nil, []string{`for="[2001:db8:cafe::17]:4711"`}, proxies, "2001:db8:cafe::17"},
		{"Forwarded trusted hop skipped", "127.0.0.1:1", nil, []string{"for=192.0.2.43", "for=10.9.9.9"}, proxies, "192.0.2.43"},
		{"Forwarded unknown stops", "127.0.0.1:1", nil, []string{"for=192.0.2.43, for=unknown"}, proxies, "127.0.0.1"},
		{"Forwarded element without for", "127.0.0.1:1", nil, []string{"for=192.0.2.43, proto=https"}, proxies, "127.0.0.1"},
		{"Forwarded quoted comma", "127.0.0.1:1", nil, []string{`for=192.0.2.43;x="a,for=1.1.1.1"`}, proxies, "192.0.2.43"},
		{"IPv6 peer trusted", "[fd00::1]:80", []string{"198.51.100.1"}, nil, proxies, "198.51.100.1"},
		{"mapped IPv4 peer trusted", "[::ffff:10.0.0.1]:80", []string{"198.51.100.1"}, nil, proxies, "198.51.100.1"},
		{"peer without port", "203.0.113.7", nil, nil, proxies, "203.0.113.7"},
		{"peer not an address", "pipe", []string{"198.51.100.1"}, nil, proxies, "pipe"},
	}
	for _, c := range cases {
		h := http.Header{}
		for _, v := range c.xff {
			h.Add("X-Forwarded-For", v)
		}
		for _, v := range c.fwd {
			h.Add("Forwarded", v)
		}
		if got := clientAddress(c.remote, h, c.trusted); got != c.want {
			t.Errorf("%s: clientAddress(%q, %v) = %q, want %q", c.name, c.remote, h, got, c.want)
		}
	}
}

// FuzzClientIP feeds arbitrary forwarding headers through a trusted and an
// untrusted peer: parsing never panics, an untrusted peer is always the
// answer, and a trusted peer's answer is an address that is the peer or
// appears in the headers.
func FuzzClientIP(f *testing.F) {
	for _, s := range []string{"198.51.100.1", "1.2.3.4, 10.0.0.1", "[2001:db8::1]:80", "", ",,,", "for=192.0.2.1",
		`for="[2001:db8::17]:4711";proto=https, for=unknown`, `for="\"`, "::ffff:1.2.3.4%eth0", "1.2.3.4:99999"} {
		f.Add(s, s)
	}
	trusted := prefixes(f, "127.0.0.1/32", "10.0.0.0/8")
	f.Fuzz(func(t *testing.T, xff, fwd string) {
		h := http.Header{}
		if xff != "" {
			h.Set("X-Forwarded-For", xff)
		}
		h.Set("Forwarded", fwd)
		if got := clientAddress("203.0.113.7:1", h, trusted); got != "203.0.113.7" {
			t.Fatalf("untrusted peer: got %q", got)
		}
		got := clientAddress("127.0.0.1:1", h, trusted)
		addr, err := netip.ParseAddr(got)
		if err != nil || addr.Zone() != "" || addr.Is4In6() {
			t.Fatalf("trusted peer: %q is no plain address", got)
		}
		if got != "127.0.0.1" && !strings.Contains(xff+fwd, got) && !strings.Contains(xff+fwd, addr.StringExpanded()) &&
			!containsAddr(xff+","+fwd, addr) {
			t.Fatalf("trusted peer: %q is neither the peer nor in the headers %q / %q", got, xff, fwd)
		}
	})
}

// containsAddr reports whether some token of s parses to addr (the headers
// may spell it differently, e.g. ::ffff:1.2.3.4 or with leading zeros in v6).
func containsAddr(s string, addr netip.Addr) bool {
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",;= \t\"[]\\", r) }) {
		if a, ok := parseHop(tok); ok && a == addr {
			return true
		}
		if i := strings.LastIndexByte(tok, ':'); i > 0 {
			if a, ok := parseHop(tok[:i]); ok && a == addr {
				return true
			}
		}
	}
	return false
}
