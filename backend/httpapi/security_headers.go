package httpapi

import (
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Content-Security-Policy values. apiCSP is the default for every response;
// serveApp replaces it with the web app's policy, serveObject with the
// sandbox of stored files.
const (
	// apiCSP: JSON, text and error responses load nothing and are never
	// framed.
	apiCSP = "default-src 'none'; frame-ancestors 'none'"
	// mediaCSP: a stored file (whatever its claimed type) runs no script,
	// loads nothing and, as a sandboxed document, has no access to our
	// origin even when a browser renders it.
	mediaCSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
)

// securityHeaders sets the headers every response carries, before anything
// else can write: no MIME sniffing, no referrer beyond our origin, no
// framing, and the API's Content-Security-Policy (handlers serving HTML or
// files replace the policy).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", apiCSP)
		next.ServeHTTP(w, r)
	})
}

// appCSP is the web app's policy: scripts and styles only from our own
// files (the Vite build has no inline script or style; React's style props
// go through the CSSOM, which style-src does not govern), images and media
// also from blob: and data: URLs, and fetches and websockets to our origin
// and the configured allowed origins.
func (a *API) appCSP() string {
	connect := []string{"'self'"}
	seen := map[string]bool{}
	for _, o := range a.Config.Origins() {
		u, err := url.Parse(o)
		if err != nil || u.Host == "" {
			continue
		}
		ws := "ws://" + u.Host
		if u.Scheme == "https" {
			ws = "wss://" + u.Host
		}
		for _, src := range []string{u.Scheme + "://" + u.Host, ws} {
			if !seen[src] && cspSourceOK(src) {
				seen[src] = true
				connect = append(connect, src)
			}
		}
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
		"media-src 'self' blob:; font-src 'self'; connect-src " + strings.Join(connect, " ") + "; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

// cspSourceOK keeps a configured origin from smuggling directives into the
// policy.
func cspSourceOK(s string) bool {
	return !strings.ContainsAny(s, "; ,'\"\r\n\t")
}

// inlineImages are the image types a browser may show in place; audio/*
// and video/* are inline too. Everything else, above all HTML, SVG, XML,
// JavaScript and PDF (which Chromium will not render in a sandboxed
// document), is served as a download.
var inlineImages = map[string]bool{
	"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true, "image/avif": true,
}

// inlineSafe reports whether a stored file of this content type may be
// served inline.
func inlineSafe(contentType string) bool {
	ct, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	ct = strings.TrimSpace(ct)
	if inlineImages[ct] {
		return true
	}
	major, minor, ok := strings.Cut(ct, "/")
	return ok && minor != "" && (major == "audio" || major == "video")
}

// contentDisposition builds an RFC 6266 Content-Disposition header: an
// ASCII filename for old clients and filename* (RFC 8187) with the full
// UTF-8 name; path parts, control characters and quotes are dropped.
func contentDisposition(disposition, filename string) string {
	name := sanitizeFilename(filename)
	if name == "" {
		return disposition
	}
	var ascii strings.Builder
	for _, r := range name {
		switch {
		case r == '"' || r == '\\' || r == '%':
			ascii.WriteByte('_')
		case r < 0x80:
			ascii.WriteRune(r)
		default:
			ascii.WriteByte('_')
		}
	}
	v := disposition + `; filename="` + ascii.String() + `"`
	if ascii.String() != name {
		v += "; filename*=UTF-8''" + encodeRFC8187(name)
	}
	return v
}

// maxFilenameBytes bounds the name a download is offered under.
const maxFilenameBytes = 200

// sanitizeFilename keeps the last path element of a client-supplied name,
// without control or format characters, leading dots or surrounding
// space, at most maxFilenameBytes long (cut at a rune boundary, keeping
// the extension when it is short).
func sanitizeFilename(filename string) string {
	filename = strings.ReplaceAll(filename, "\\", "/")
	filename = path.Base("/" + filename)
	if filename == "/" || filename == "." || filename == ".." {
		return ""
	}
	var b strings.Builder
	for _, r := range filename {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if r == '"' {
			r = '\''
		}
		b.WriteRune(r)
	}
	name := strings.TrimLeft(strings.TrimSpace(b.String()), ".")
	if len(name) > maxFilenameBytes {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		base := name[:maxFilenameBytes-len(ext)]
		for !utf8.ValidString(base) {
			base = base[:len(base)-1]
		}
		name = base + ext
	}
	return name
}

// encodeRFC8187 percent-encodes everything but RFC 8187's attr-char.
func encodeRFC8187(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
