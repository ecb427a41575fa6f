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

		{"GET", "/api/channels", "channels:read", a.listChannels},
		{"POST", "/api/channels", "channels:write", a.createChannel},
		{"GET", "/api/channels/{id}", "channels:read", a.getChannel},
		{"PATCH", "/api/channels/{id}", "channels:write", a.updateChannel},
		{"POST", "/api/channels/{id}/senders", "channels:write", a.addSender},
		{"DELETE", "/api/channels/{id}/senders/{senderID}", "channels:write", a.removeSender},
		{"GET", "/webhooks/whatsapp/{channelID}", Public, a.whatsappHandshake},
		{"POST", "/webhooks/whatsapp/{channelID}", Public, a.whatsappWebhook},

		{"GET", "/api/agents", "conversations:read", a.listAgents},
		{"GET", "/api/conversations", "conversations:read", a.listConversations},
		{"GET", "/api/conversations/{id}", "conversations:read", a.getConversation},
		{"PATCH", "/api/conversations/{id}", "conversations:write", a.updateConversation},
		{"POST", "/api/conversations/{id}/read", "conversations:write", a.markConversationRead},
		{"GET", "/api/conversations/{id}/messages", "conversations:read", a.listMessages},
		{"POST", "/api/conversations/{id}/messages", "conversations:write", a.sendMessage},
		{"POST", "/api/messages/{id}/retry", "conversations:write", a.retryMessage},
		{"GET", "/api/messages/{id}/media", "conversations:read", a.messageMedia},
		{"GET", "/api/contacts/{id}", "contacts:read", a.getContact},

		{"GET", "/api/sandbox", "sandbox:use", a.sandboxInfo},
		{"POST", "/api/sandbox/messages", "sandbox:use", a.sandboxSend},
		{"GET", "/api/sandbox/messages", "sandbox:use", a.sandboxThread},
		{"POST", "/api/sandbox/read", "sandbox:use", a.sandboxRead},
		{"GET", "/api/sandbox/media/{id}", "sandbox:use", a.sandboxMedia},
	}
}
