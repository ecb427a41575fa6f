package httpapi

import (
	"strings"
	"testing"

	"switchboard/backend/config"
)

func TestContentDispositionIsSanitised(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":                       "attachment",
		"menu.pdf":               `attachment; filename="menu.pdf"`,
		"../../etc/passwd":       `attachment; filename="passwd"`,
		`C:\Users\me\report.doc`: `attachment; filename="report.doc"`,
		`a"b\c.txt`:              `attachment; filename="c.txt"`,
		`quote"d.txt`:            `attachment; filename="quote'd.txt"`,
		"evil\r\nSet-Cookie: x":  `attachment; filename="evilSet-Cookie: x"`,
		"..hidden":               `attachment; filename="hidden"`,
		"100%.txt":               `attachment; filename="100_.txt"; filename*=UTF-8''100%25.txt`,
		"Überweisung März.pdf":   `attachment; filename="_berweisung M_rz.pdf"; filename*=UTF-8''%C3%9Cberweisung%20M%C3%A4rz.pdf`,
		"\u202egnp.exe":          `attachment; filename="gnp.exe"`,
		"/":                      "attachment",
		"..":                     "attachment",
	}
	for in, want := range cases {
		if got := contentDisposition("attachment", in); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
	long := strings.Repeat("ä", 300) + ".pdf"
	got := sanitizeFilename(long)
	if len(got) > maxFilenameBytes || !strings.HasSuffix(got, ".pdf") || !strings.HasPrefix(got, "ää") {
		t.Errorf("long name: %d bytes %q", len(got), got)
	}
}

func TestOnlyPlainMediaIsInline(t *testing.T) {
	t.Parallel()
	for ct, want := range map[string]bool{
		"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true, "IMAGE/PNG; x=y": true,
		"audio/ogg": true, "audio/mpeg": true, "video/mp4": true,
		"image/svg+xml": false, "text/html": false, "text/html; charset=utf-8": false, "application/xhtml+xml": false,
		"text/xml": false, "application/xml": false, "text/javascript": false, "application/javascript": false,
		"application/pdf": false, "text/plain": false, "application/octet-stream": false, "": false, "image/": false,
		"image/x-icon": false, "image/bmp": false,
	} {
		if got := inlineSafe(ct); got != want {
			t.Errorf("inlineSafe(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestAppCSPNamesTheOriginsWebsockets(t *testing.T) {
	t.Parallel()
	a := &API{Config: &config.Config{PublicURL: "https://desk.example.com",
		AllowedOrigins: []string{"http://localhost:5173", "http://evil; script-src *"}}}
	csp := a.appCSP()
	for _, want := range []string{
		"connect-src 'self' https://desk.example.com wss://desk.example.com http://localhost:5173 ws://localhost:5173;",
		"script-src 'self';", "frame-ancestors 'none'", "object-src 'none';", "base-uri 'none';",
	} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "evil") || strings.Count(csp, "script-src") != 1 {
		t.Errorf("a configured origin injected a directive: %q", csp)
	}
}
