package httpapi

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientIP is the address of the client that sent r: the direct peer, or,
// when the peer is a trusted proxy (SWITCHBOARD_TRUSTED_PROXIES), the address
// the proxies forwarded.
func (a *API) clientIP(r *http.Request) string {
	return clientAddress(r.RemoteAddr, r.Header, a.Config.TrustedProxies)
}

// clientAddress returns the client's address for a request from remoteAddr
// (host:port) with header h. Forwarding headers count only when the peer is
// inside one of trusted: then the client is the rightmost address of
// X-Forwarded-For (or, without that header, of Forwarded's for= parameters)
// that is not itself a trusted proxy. Everything left of it may have been
// written by the client and is ignored. When the chain holds something that
// is no address (e.g. for=unknown) before an untrusted address is reached,
// the last trusted hop is the answer.
func clientAddress(remoteAddr string, h http.Header, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	peer = peer.Unmap().WithZone("")
	if !isTrusted(peer, trusted) {
		return peer.String()
	}
	var hops []string
	if xff := h.Values("X-Forwarded-For"); len(xff) > 0 {
		hops = strings.Split(strings.Join(xff, ","), ",")
	} else if fwd := h.Values("Forwarded"); len(fwd) > 0 {
		hops = forwardedFor(strings.Join(fwd, ","))
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		addr, ok := parseHop(hops[i])
		if !ok {
			break
		}
		client = addr
		if !isTrusted(addr, trusted) {
			break
		}
	}
	return client.String()
}

func isTrusted(addr netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// parseHop reads one forwarded address: a bare IPv4 or IPv6 address, or one
// with a port ("192.0.2.1:4711", "[2001:db8::1]:4711", "[2001:db8::1]").
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if addr, err := netip.ParseAddr(s); err == nil {
		return addr.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	if inner, ok := strings.CutPrefix(s, "["); ok {
		if inner, ok = strings.CutSuffix(inner, "]"); ok {
			if addr, err := netip.ParseAddr(inner); err == nil && addr.Is6() {
				return addr.Unmap().WithZone(""), true
			}
		}
	}
	return netip.Addr{}, false
}

// forwardedFor returns the for= value of each element of an RFC 7239
// Forwarded header, in order; an element without one gives "".
// Quoted strings (which may hold ',', ';' and '=') are unquoted.
func forwardedFor(header string) []string {
	var out []string
	var forValue string
	var key, val strings.Builder
	inValue, inQuote, escaped := false, false, false
	endPair := func() {
		if strings.EqualFold(strings.TrimSpace(key.String()), "for") {
			forValue = val.String()
		}
		key.Reset()
		val.Reset()
		inValue = false
	}
	for i := 0; i < len(header); i++ {
		c := header[i]
		switch {
		case inQuote && escaped:
			val.WriteByte(c)
			escaped = false
		case inQuote && c == '\\':
			escaped = true
		case inQuote && c == '"':
			inQuote = false
		case inQuote:
			val.WriteByte(c)
		case c == '"' && inValue:
			inQuote = true
		case c == '=' && !inValue:
			inValue = true
		case c == ';':
			endPair()
		case c == ',':
			endPair()
			out = append(out, forValue)
			forValue = ""
		case inValue:
			if c != ' ' && c != '\t' {
				val.WriteByte(c)
			}
		default:
			key.WriteByte(c)
		}
	}
	endPair()
	return append(out, forValue)
}
