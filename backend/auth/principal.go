package auth

import "context"

// Principal is who makes a request: a signed-in user (session) or an
// integration (API token), always within one account.
type Principal struct {
	UserID    int64 // 0 for API tokens
	AccountID int64
	Role      string
	Email     string
	Name      string

	// SessionHash identifies the cookie session; nil for API tokens.
	SessionHash []byte
	CSRFToken   string
	// TokenID identifies the API token; 0 for sessions.
	TokenID int64
}

// ViaSession reports whether the principal authenticated with the cookie.
func (p *Principal) ViaSession() bool { return p.SessionHash != nil }

type ctxKey struct{}

// WithPrincipal stores p in ctx.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the principal of the request, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}
