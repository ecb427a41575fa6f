package channels

import (
	"net"
	"net/http"
	"time"
)

// Transport is the HTTP transport provider clients share by default. A
// provider's API is one host, and campaigns call it from many goroutines
// at once: the standard transport keeps only two idle connections per
// host, so every other request would dial (and handshake) again.
var Transport http.RoundTripper = &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	ForceAttemptHTTP2:     true,
	MaxIdleConns:          1024,
	MaxIdleConnsPerHost:   256,
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ExpectContinueTimeout: time.Second,
}
