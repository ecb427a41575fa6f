package twilio

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// SignatureHeader is the HTTP header carrying a webhook's signature.
const SignatureHeader = "X-Twilio-Signature"

// ValidateSignature reports whether signature is the X-Twilio-Signature of a
// form-encoded webhook POST with params to webhookURL (the URL exactly as
// configured at the provider, including any query string).
//
// The signed string is the URL followed by name+value of every parameter,
// sorted by name in byte order. For a name that occurs more than once only
// the first value is signed, as twilio-go does; callers must therefore read
// parameters with url.Values.Get (first value), as ParseInbound and
// ParseStatus do, so that an appended duplicate cannot smuggle in a value.
//
// The signature is also accepted when computed with the scheme's default port
// added to or removed from the URL (":443" for https, ":80" for http), since
// Twilio is inconsistent about it. Unlike twilio-go, a non-default port is
// never dropped: it names a different endpoint.
//
// An empty auth token or signature never validates.
func ValidateSignature(authToken, webhookURL string, params url.Values, signature string) bool {
	if authToken == "" || signature == "" {
		return false
	}
	suffix := signedParams(params)
	for _, u := range urlVariants(webhookURL) {
		if equalConstantTime(sign(authToken, u+suffix), signature) {
			return true
		}
	}
	return false
}

// ValidateBodySignature validates a webhook whose body is JSON rather than a
// form. Then webhookURL carries bodySHA256=<hex SHA-256 of body> in its query,
// the signature covers the URL only, and body must match that hash.
func ValidateBodySignature(authToken, webhookURL string, body []byte, signature string) bool {
	parsed, err := url.Parse(webhookURL)
	if err != nil {
		return false
	}
	wantHash := strings.ToLower(parsed.Query().Get("bodySHA256"))
	if wantHash == "" {
		return false
	}
	sum := sha256.Sum256(body)
	bodyOK := equalConstantTime(hex.EncodeToString(sum[:]), wantHash)
	return ValidateSignature(authToken, webhookURL, nil, signature) && bodyOK
}

// ComputeSignature returns the X-Twilio-Signature for a form POST of params to
// webhookURL, as the provider computes it. It lets the sandbox and tests sign
// requests the way Twilio does.
func ComputeSignature(authToken, webhookURL string, params url.Values) string {
	return sign(authToken, webhookURL+signedParams(params))
}

func sign(authToken, data string) string {
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(data))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// signedParams concatenates name+value of each parameter sorted by name.
func signedParams(params url.Values) string {
	names := make([]string, 0, len(params))
	for name, values := range params {
		if len(values) > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		b.WriteString(name)
		b.WriteString(params[name][0])
	}
	return b.String()
}

// urlVariants returns rawURL and, for http(s) URLs, the same URL with the
// scheme's default port toggled. Only the authority is rewritten so that the
// path and query keep their exact bytes.
func urlVariants(rawURL string) []string {
	variants := []string{rawURL}
	parsed, err := url.Parse(rawURL)
	if err != nil || parsed.Host == "" {
		return variants
	}
	var defaultPort string
	switch strings.ToLower(parsed.Scheme) {
	case "https":
		defaultPort = "443"
	case "http":
		defaultPort = "80"
	default:
		return variants
	}

	schemeEnd := strings.Index(rawURL, "://")
	if schemeEnd < 0 {
		return variants
	}
	authStart := schemeEnd + len("://")
	authEnd := len(rawURL)
	if i := strings.IndexAny(rawURL[authStart:], "/?#"); i >= 0 {
		authEnd = authStart + i
	}
	authority := rawURL[authStart:authEnd]
	hostStart := authStart + strings.LastIndex(authority, "@") + 1
	host := rawURL[hostStart:authEnd]

	var other string
	switch parsed.Port() {
	case "":
		other = host + ":" + defaultPort
	case defaultPort:
		other = strings.TrimSuffix(host, ":"+defaultPort)
	default:
		return variants
	}
	return append(variants, rawURL[:hostStart]+other+rawURL[authEnd:])
}

func equalConstantTime(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
