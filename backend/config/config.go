// Package config loads Switchboard's typed configuration from SWITCHBOARD_*
// environment variables. Secrets may also be read from a file named by the
// same variable with the suffix _FILE.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration of one switchboard process.
type Config struct {
	Env            string // "development" or "production"
	LogLevel       string
	HTTPAddr       string
	MetricsAddr    string // Prometheus /metrics on a listener of its own; "" when off
	PublicURL      string
	AllowedOrigins []string
	CookieSecure   bool
	// TrustedProxies are the networks of reverse proxies whose
	// X-Forwarded-For / Forwarded headers name the client's address.
	TrustedProxies []netip.Prefix

	DatabaseURL string
	DBMaxConns  int

	StorageDir string
	S3         S3Config

	SessionTTL      time.Duration
	DemoPassword    string
	WhatsAppBaseURL string
	TwilioBaseURL   string
	ShutdownTimeout time.Duration

	// BodyReadTimeout bounds reading a request body; UploadReadTimeout
	// replaces it on routes that take file uploads.
	BodyReadTimeout   time.Duration
	UploadReadTimeout time.Duration
}

// S3Config selects S3-compatible object storage for media; an empty Endpoint
// means media is kept on the local disk under StorageDir.
type S3Config struct {
	Endpoint  string
	AccessKey string
	SecretKey string
	Bucket    string
	Region    string
	UseSSL    bool
}

// Option documents one environment variable.
type Option struct {
	Name    string
	Default string
	Secret  bool
	Help    string
}

// Options lists every variable Switchboard reads, in the order the README
// documents them.
var Options = []Option{
	{"SWITCHBOARD_ENV", "development", false, "development (text logs) or production (JSON logs)"},
	{"SWITCHBOARD_LOG_LEVEL", "info", false, "debug, info, warn or error"},
	{"SWITCHBOARD_HTTP_ADDR", ":8080", false, "listen address; PORT=NNNN is accepted as a shortcut for :NNNN"},
	{"SWITCHBOARD_METRICS_ADDR", "127.0.0.1:9090", false, "listen address of the Prometheus /metrics endpoint, apart from the app's (which answers 404 for /metrics); empty or off disables it"},
	{"SWITCHBOARD_PUBLIC_URL", "http://localhost:8080", false, "URL people and providers use to reach this server (webhook URLs, origin check, secure cookies when https)"},
	{"SWITCHBOARD_ALLOWED_ORIGINS", "", false, "extra comma-separated origins, besides the public URL's, allowed for the websocket, sign-in and state-changing cookie requests (e.g. the Vite dev server); other origins, and Sec-Fetch-Site: cross-site, are refused"},
	{"SWITCHBOARD_COOKIE_SECURE", "auto", false, "true, false, or auto (secure when the public URL is https)"},
	{"SWITCHBOARD_TRUSTED_PROXIES", "", false, "comma-separated CIDRs of reverse proxies (e.g. 10.0.0.0/8,::1/128); only a request from one of them has its client address (sign-in throttling, sessions) taken from X-Forwarded-For, else Forwarded: for="},
	{"SWITCHBOARD_DATABASE_URL", "", false, "PostgreSQL URL; falls back to DATABASE_URL (required)"},
	{"SWITCHBOARD_DB_MAX_CONNS", "20", false, "maximum connections in the pool"},
	{"SWITCHBOARD_STORAGE_DIR", "storage", false, "local data directory; media goes to <dir>/media unless S3 is configured"},
	{"SWITCHBOARD_S3_ENDPOINT", "", false, "host:port of MinIO/S3; when set, media goes there"},
	{"SWITCHBOARD_S3_ACCESS_KEY", "", true, "S3 access key"},
	{"SWITCHBOARD_S3_SECRET_KEY", "", true, "S3 secret key"},
	{"SWITCHBOARD_S3_BUCKET", "switchboard", false, "bucket for media (created if missing, never public)"},
	{"SWITCHBOARD_S3_REGION", "", false, "S3 region"},
	{"SWITCHBOARD_S3_USE_SSL", "false", false, "use https to reach S3"},
	{"SWITCHBOARD_SESSION_TTL", "168h", false, "lifetime of a sign-in session"},
	{"SWITCHBOARD_DEMO_PASSWORD", "switchboard", true, "password of the demo users created by `switchboard demo`"},
	{"SWITCHBOARD_WHATSAPP_BASE_URL", "https://graph.facebook.com/v21.0", false, "default WhatsApp Cloud API base URL (a channel may override it)"},
	{"SWITCHBOARD_TWILIO_BASE_URL", "https://api.twilio.com", false, "default Twilio-compatible API base URL (a channel may override it)"},
	{"SWITCHBOARD_SHUTDOWN_TIMEOUT", "15s", false, "how long graceful shutdown waits for requests and jobs"},
	{"SWITCHBOARD_BODY_READ_TIMEOUT", "30s", false, "how long a client may take to send a request body (webhooks, JSON); a slower one gets 408 and the connection is closed"},
	{"SWITCHBOARD_UPLOAD_READ_TIMEOUT", "10m", false, "the same for routes that take file uploads (attachments, imports)"},
}

// Error names the variable whose value is invalid.
type Error struct {
	Var string
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("config: %s %s", e.Var, e.Msg) }

type loader struct {
	env  func(string) string
	errs []error
}

func (l *loader) str(name string) string {
	if v := l.env(name); v != "" {
		return v
	}
	for _, o := range Options {
		if o.Name == name {
			if o.Secret {
				if path := l.env(name + "_FILE"); path != "" {
					b, err := os.ReadFile(path)
					if err != nil {
						l.errs = append(l.errs, &Error{name + "_FILE", fmt.Sprintf("cannot be read: %v", err)})
						return ""
					}
					return strings.TrimSpace(string(b))
				}
			}
			return o.Default
		}
	}
	return ""
}

func (l *loader) integer(name string, min int) int {
	v := l.str(name)
	n, err := strconv.Atoi(v)
	if err != nil || n < min {
		l.errs = append(l.errs, &Error{name, fmt.Sprintf("must be a whole number >= %d, got %q", min, v)})
	}
	return n
}

func (l *loader) boolean(name string) bool {
	v := l.str(name)
	b, err := strconv.ParseBool(v)
	if err != nil {
		l.errs = append(l.errs, &Error{name, fmt.Sprintf("must be true or false, got %q", v)})
	}
	return b
}

func (l *loader) duration(name string) time.Duration {
	v := l.str(name)
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		l.errs = append(l.errs, &Error{name, fmt.Sprintf("must be a positive duration like 30s or 12h, got %q", v)})
	}
	return d
}

func (l *loader) urlValue(name string) string {
	v := strings.TrimRight(l.str(name), "/")
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		l.errs = append(l.errs, &Error{name, fmt.Sprintf("must be an http(s) URL, got %q", v)})
	}
	return v
}

// prefixes reads comma-separated CIDRs; a bare address means just itself.
func (l *loader) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, v := range strings.Split(l.str(name), ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil || a.Zone() != "" {
				l.errs = append(l.errs, &Error{name, fmt.Sprintf("must be comma-separated CIDRs like 10.0.0.0/8 or 192.168.1.5/32, got %q", v)})
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 { // ::ffff:10.0.0.0/104 is 10.0.0.0/8: peers are unmapped
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out
}

// listenAddr reads a host:port to listen on, where off means none.
func (l *loader) listenAddr(name string) string {
	v := strings.TrimSpace(l.str(name))
	if v == "" || strings.EqualFold(v, "off") {
		return ""
	}
	if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
		l.errs = append(l.errs, &Error{name, fmt.Sprintf("must be host:port (e.g. 127.0.0.1:9090) or off, got %q", v)})
	}
	return v
}

// Load reads the configuration from the process environment. A variable
// set to the empty string reads as unset (its default), except
// SWITCHBOARD_METRICS_ADDR, where empty means off.
func Load() (*Config, error) {
	return LoadFrom(func(k string) string {
		if v, set := os.LookupEnv(k); set && v == "" && k == "SWITCHBOARD_METRICS_ADDR" {
			return "off"
		}
		return os.Getenv(k)
	})
}

// LoadFrom reads the configuration through env (for tests).
func LoadFrom(env func(string) string) (*Config, error) {
	l := &loader{env: env}
	c := &Config{
		Env:               l.str("SWITCHBOARD_ENV"),
		LogLevel:          l.str("SWITCHBOARD_LOG_LEVEL"),
		HTTPAddr:          l.str("SWITCHBOARD_HTTP_ADDR"),
		MetricsAddr:       l.listenAddr("SWITCHBOARD_METRICS_ADDR"),
		PublicURL:         l.urlValue("SWITCHBOARD_PUBLIC_URL"),
		DatabaseURL:       l.str("SWITCHBOARD_DATABASE_URL"),
		DBMaxConns:        l.integer("SWITCHBOARD_DB_MAX_CONNS", 2),
		StorageDir:        l.str("SWITCHBOARD_STORAGE_DIR"),
		SessionTTL:        l.duration("SWITCHBOARD_SESSION_TTL"),
		DemoPassword:      l.str("SWITCHBOARD_DEMO_PASSWORD"),
		WhatsAppBaseURL:   l.urlValue("SWITCHBOARD_WHATSAPP_BASE_URL"),
		TwilioBaseURL:     l.urlValue("SWITCHBOARD_TWILIO_BASE_URL"),
		ShutdownTimeout:   l.duration("SWITCHBOARD_SHUTDOWN_TIMEOUT"),
		BodyReadTimeout:   l.duration("SWITCHBOARD_BODY_READ_TIMEOUT"),
		UploadReadTimeout: l.duration("SWITCHBOARD_UPLOAD_READ_TIMEOUT"),
		S3: S3Config{
			Endpoint:  l.str("SWITCHBOARD_S3_ENDPOINT"),
			AccessKey: l.str("SWITCHBOARD_S3_ACCESS_KEY"),
			SecretKey: l.str("SWITCHBOARD_S3_SECRET_KEY"),
			Bucket:    l.str("SWITCHBOARD_S3_BUCKET"),
			Region:    l.str("SWITCHBOARD_S3_REGION"),
			UseSSL:    l.boolean("SWITCHBOARD_S3_USE_SSL"),
		},
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = env("DATABASE_URL")
	}
	if env("SWITCHBOARD_HTTP_ADDR") == "" && env("PORT") != "" {
		c.HTTPAddr = ":" + env("PORT")
	}
	for _, o := range strings.Split(l.str("SWITCHBOARD_ALLOWED_ORIGINS"), ",") {
		if o = strings.TrimRight(strings.TrimSpace(o), "/"); o != "" {
			c.AllowedOrigins = append(c.AllowedOrigins, o)
		}
	}
	c.TrustedProxies = l.prefixes("SWITCHBOARD_TRUSTED_PROXIES")
	switch v := l.str("SWITCHBOARD_COOKIE_SECURE"); v {
	case "auto":
		c.CookieSecure = strings.HasPrefix(c.PublicURL, "https://")
	default:
		c.CookieSecure = l.boolean("SWITCHBOARD_COOKIE_SECURE")
	}
	if c.Env != "development" && c.Env != "production" {
		l.errs = append(l.errs, &Error{"SWITCHBOARD_ENV", fmt.Sprintf("must be development or production, got %q", c.Env)})
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		l.errs = append(l.errs, &Error{"SWITCHBOARD_LOG_LEVEL", fmt.Sprintf("must be debug, info, warn or error, got %q", c.LogLevel)})
	}
	if c.S3.Endpoint != "" && (c.S3.AccessKey == "" || c.S3.SecretKey == "") {
		l.errs = append(l.errs, &Error{"SWITCHBOARD_S3_ACCESS_KEY", "and SWITCHBOARD_S3_SECRET_KEY are required when SWITCHBOARD_S3_ENDPOINT is set"})
	}
	if len(l.errs) > 0 {
		return nil, l.errs[0]
	}
	return c, nil
}

// RequireDatabase reports a clear error when no database URL is configured.
func (c *Config) RequireDatabase() error {
	if c.DatabaseURL == "" {
		return &Error{"SWITCHBOARD_DATABASE_URL", "is required (or DATABASE_URL), e.g. postgres://user@localhost:5432/switchboard"}
	}
	return nil
}

// Origins returns every origin allowed to open websockets and make
// cookie-authenticated state-changing requests.
func (c *Config) Origins() []string {
	u, _ := url.Parse(c.PublicURL)
	return append([]string{u.Scheme + "://" + u.Host}, c.AllowedOrigins...)
}
