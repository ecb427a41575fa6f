package httpapi

import "net/http"

// Public marks a route that needs no sign-in (sign-in itself, health,
// provider webhooks). Every other route names the permission it needs.
const Public = "public"

// Route is one entry of the route table.
type Route struct {
	Method  string
	Pattern string
	// Perm is "object:action" checked by casbin for the caller's role, or Public.
	Perm    string
	Handler http.HandlerFunc
}

// Routes is the route table of the foundation areas. Later areas add their
// own tables through API.Extra.
func (a *API) Routes() []Route {
	return []Route{
		{"GET", "/healthz", Public, a.healthz},
		{"GET", "/readyz", Public, a.readyz},
		{"POST", "/api/auth/login", Public, a.login},
		{"POST", "/api/auth/logout", "profile:read", a.logout},
		{"GET", "/api/me", "profile:read", a.me},
		{"GET", "/api/ws", "profile:read", a.websocket},

		{"GET", "/api/users", "users:read", a.listUsers},
		{"POST", "/api/users", "users:write", a.createUser},
		{"GET", "/api/users/{id}", "users:read", a.getUser},
		{"PATCH", "/api/users/{id}", "users:write", a.updateUser},

		{"GET", "/api/tokens", "tokens:read", a.listTokens},
		{"POST", "/api/tokens", "tokens:write", a.createToken},
		{"DELETE", "/api/tokens/{id}", "tokens:write", a.revokeToken},
	}
}
