package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"switchboard/backend/accounts"
	"switchboard/backend/auth"
	"switchboard/backend/authz"
	"switchboard/backend/campaigns"
	"switchboard/backend/config"
	"switchboard/backend/consent"
	"switchboard/backend/contactimport"
	"switchboard/backend/contacts"
	"switchboard/backend/database"
	"switchboard/backend/desk"
	"switchboard/backend/groups"
	"switchboard/backend/inbox"
	"switchboard/backend/routing"
	"switchboard/backend/templates"
)

// Pinger is something /readyz checks.
type Pinger interface {
	Ping(ctx context.Context) error
}

// API holds what the handlers need. Handlers are thin: decode, call a
// service, respond.
type API struct {
	Config   *config.Config
	DB       *database.DB
	Auth     *auth.Service
	Accounts *accounts.Service
	Authz    *authz.Enforcer
	Inbox    *inbox.Service
	Contacts *contacts.Service
	Routing  *routing.Service
	Desk     *desk.Service
	Media    Pinger
	Realtime http.Handler
	Registry *prometheus.Registry
	Logger   *slog.Logger
	// Extra areas contribute their routes here (each with its permission).
	Extra []Route

	// Consent keeps who may be messaged; Groups the contact groups.
	Consent *consent.Service
	Groups  *groups.Service

	// Templates keeps WhatsApp and SMS templates and sends them.
	Templates *templates.Service
	// ContactImports imports and exports contacts as CSV and XLSX.
	ContactImports *contactimport.Service
	// Campaigns keeps campaigns, their recipients and results.
	Campaigns *campaigns.Service
	// CampaignLinks resolves shortened campaign links and counts clicks.
	CampaignLinks *campaigns.Tracker

	linkLimits linkLimits

	handlerOnce sync.Once
	handler     http.Handler
}
