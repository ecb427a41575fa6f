package server_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"switchboard/backend/authz"
)

// publicRoutes may be reached without signing in. Everything else must
// answer 401 to an anonymous request.
var publicRoutes = map[string]bool{
	"GET /healthz":          true,
	"GET /readyz":           true,
	"POST /api/auth/login":  true,
	"GET /api/openapi.json": true,

	// Provider webhooks authenticate by signature, not by sign-in.
	"GET /webhooks/whatsapp/{channelID}":  true,
	"POST /webhooks/whatsapp/{channelID}": true,
	"POST /webhooks/twilio/{channelID}":   true,
	// Expiring, unguessable links the SMS provider fetches MMS media by.
	"GET /media/{token}": true,
	// Shortened campaign links: unguessable codes, a redirect and a click.
	"GET /l/{code}":  true,
	"HEAD /l/{code}": true,
}

const (
	admin = authz.RoleAdmin
	super = authz.RoleSupervisor
	agent = authz.RoleAgent
	cmgr  = authz.RoleCampaignManager
)

var everyone = []string{admin, super, agent, cmgr}

// inboxRoles answer conversations; campaign managers do not.
var inboxRoles = []string{admin, super, agent}

// allowedRoles is the expected authorization matrix: for every non-public
// route, the roles that may call it. A route missing here fails the test,
// so each new route must be added with its intended roles.
var allowedRoles = map[string][]string{
	"POST /api/auth/logout": everyone,
	"GET /api/me":           everyone,
	"GET /api/ws":           everyone,

	"GET /api/users":        {admin},
	"POST /api/users":       {admin},
	"GET /api/users/{id}":   {admin},
	"PATCH /api/users/{id}": {admin},

	"GET /api/tokens":         {admin},
	"POST /api/tokens":        {admin},
	"DELETE /api/tokens/{id}": {admin},

	"GET /api/channels":                            everyone,
	"GET /api/channels/{id}":                       everyone,
	"POST /api/channels":                           {admin},
	"PATCH /api/channels/{id}":                     {admin},
	"POST /api/channels/{id}/senders":              {admin},
	"DELETE /api/channels/{id}/senders/{senderID}": {admin},

	"GET /api/agents":                       everyone, // campaigns route to an extension too
	"GET /api/conversations":                inboxRoles,
	"GET /api/conversations/{id}":           inboxRoles,
	"PATCH /api/conversations/{id}":         inboxRoles,
	"POST /api/conversations/{id}/read":     inboxRoles,
	"GET /api/conversations/{id}/messages":  inboxRoles,
	"POST /api/conversations/{id}/messages": inboxRoles,
	"POST /api/messages/{id}/retry":         inboxRoles,
	"GET /api/messages/{id}/media":          inboxRoles,
	"GET /api/contacts/{id}":                everyone,

	"GET /api/contacts":                   everyone,
	"POST /api/contacts":                  everyone,
	"POST /api/contacts/bulk":             everyone, // deleting in bulk is checked by the handler
	"POST /api/contacts/merge":            {admin, super, cmgr},
	"PATCH /api/contacts/{id}":            everyone,
	"DELETE /api/contacts/{id}":           {admin, super, cmgr},
	"GET /api/contact-attributes":         everyone,
	"POST /api/contact-attributes":        {admin},
	"PATCH /api/contact-attributes/{id}":  {admin},
	"DELETE /api/contact-attributes/{id}": {admin},
	"GET /api/account/settings":           everyone,
	"PATCH /api/account/settings":         {admin},
	"GET /api/me/preferences/{key}":       everyone,
	"PUT /api/me/preferences/{key}":       everyone,

	// Import and export: not agents.
	"POST /api/contacts/imports":                {admin, super, cmgr},
	"GET /api/contacts/imports/{id}":            {admin, super, cmgr},
	"GET /api/contacts/imports/{id}/errors.csv": {admin, super, cmgr},
	"GET /api/contacts/export":                  {admin, super, cmgr},

	"GET /api/queues":                       everyone,
	"GET /api/queues/{id}":                  everyone,
	"POST /api/queues":                      {admin, super},
	"PATCH /api/queues/{id}":                {admin, super},
	"DELETE /api/queues/{id}":               {admin, super},
	"PUT /api/queues/{id}/members":          {admin, super},
	"PUT /api/senders/{senderID}/route":     {admin, super},
	"POST /api/conversations/{id}/transfer": inboxRoles,
	"POST /api/conversations/{id}/claim":    inboxRoles,
	"GET /api/conversations/{id}/history":   inboxRoles,
	"GET /api/presence":                     everyone,
	"PUT /api/presence/me":                  inboxRoles,
	"GET /api/routing/overview":             {admin, super},

	"GET /api/sandbox":            everyone,
	"POST /api/sandbox/messages":  everyone,
	"GET /api/sandbox/messages":   everyone,
	"POST /api/sandbox/read":      everyone,
	"GET /api/sandbox/media/{id}": everyone,

	"GET /api/templates":                                             everyone,
	"POST /api/channels/{id}/templates/sync":                         {admin, cmgr},
	"POST /api/conversations":                                        inboxRoles,
	"POST /api/conversations/{id}/templates":                         inboxRoles,
	"GET /api/sms-templates":                                         everyone,
	"POST /api/sms-templates":                                        {admin, cmgr},
	"PATCH /api/sms-templates/{id}":                                  {admin, cmgr},
	"DELETE /api/sms-templates/{id}":                                 {admin, cmgr},
	"POST /api/conversations/{id}/sms-templates/{templateID}/render": inboxRoles,

	"GET /api/canned-responses":                                       inboxRoles,
	"POST /api/canned-responses":                                      {admin, super},
	"GET /api/canned-responses/{id}":                                  inboxRoles,
	"PATCH /api/canned-responses/{id}":                                {admin, super},
	"DELETE /api/canned-responses/{id}":                               {admin, super},
	"GET /api/canned-responses/{id}/attachment":                       inboxRoles,
	"PUT /api/canned-responses/{id}/attachment":                       {admin, super},
	"DELETE /api/canned-responses/{id}/attachment":                    {admin, super},
	"POST /api/conversations/{id}/canned-responses/{cannedID}/render": inboxRoles,

	"GET /api/labels":                                 inboxRoles,
	"POST /api/labels":                                {admin, super},
	"PATCH /api/labels/{id}":                          {admin, super},
	"DELETE /api/labels/{id}":                         {admin, super},
	"POST /api/conversations/{id}/labels":             inboxRoles,
	"DELETE /api/conversations/{id}/labels/{labelID}": inboxRoles,
	"GET /api/contacts/{id}/labels":                   inboxRoles,
	"POST /api/contacts/{id}/labels":                  inboxRoles,
	"DELETE /api/contacts/{id}/labels/{labelID}":      inboxRoles,

	"GET /api/consents":                   {admin, super, cmgr},
	"GET /api/consents/history":           {admin, super, cmgr},
	"GET /api/consents/export":            {admin, super, cmgr},
	"POST /api/consents":                  {admin, cmgr},
	"POST /api/consents/revoke":           {admin, cmgr},
	"GET /api/account/consent-settings":   everyone,
	"PATCH /api/account/consent-settings": {admin},
	"GET /api/groups":                     {admin, super, cmgr},
	"GET /api/groups/{id}":                {admin, super, cmgr},
	"GET /api/groups/{id}/members":        {admin, super, cmgr},
	"GET /api/groups/{id}/history":        {admin, super, cmgr},
	"POST /api/groups":                    {admin, cmgr},
	"PATCH /api/groups/{id}":              {admin, cmgr},
	"DELETE /api/groups/{id}":             {admin, cmgr},
	"POST /api/groups/{id}/members":       {admin, cmgr},
	"DELETE /api/groups/{id}/members":     {admin, cmgr},

	"GET /api/campaigns":                        {admin, super, cmgr},
	"GET /api/campaigns/{id}":                   {admin, super, cmgr},
	"GET /api/campaigns/{id}/recipients":        {admin, super, cmgr},
	"GET /api/campaigns/{id}/recipients/export": {admin, super, cmgr},
	"GET /api/contacts/{id}/campaign-messages":  {admin, super, cmgr},
	"POST /api/campaigns":                       {admin, cmgr},
	"POST /api/campaigns/preview":               {admin, cmgr},
	"POST /api/campaigns/recipient-files":       {admin, cmgr},
	"POST /api/campaigns/media":                 {admin, cmgr},
	"PATCH /api/campaigns/{id}":                 {admin, cmgr},
	"DELETE /api/campaigns/{id}":                {admin, cmgr},
	"POST /api/campaigns/{id}/pause":            {admin, cmgr},
	"POST /api/campaigns/{id}/resume":           {admin, cmgr},
	"POST /api/campaigns/{id}/stop":             {admin, cmgr},
	"POST /api/campaigns/{id}/retry":            {admin, cmgr},
	"POST /api/campaigns/{id}/duplicate":        {admin, cmgr},
}

func walkRoutes(t *testing.T, h http.Handler) []string {
	t.Helper()
	var out []string
	err := chi.Walk(h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out = append(out, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

var paramRE = regexp.MustCompile(`\{[a-zA-Z]+\}`)

// concrete fills path parameters with an id no object has.
func concrete(route string) (method, path string) {
	method, pattern, _ := strings.Cut(route, " ")
	return method, paramRE.ReplaceAllString(pattern, "987654321")
}

func TestEveryNonPublicRouteRequiresSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	routes := walkRoutes(t, f.srv.API.Handler())
	if len(routes) < 10 {
		t.Fatalf("walked only %d routes", len(routes))
	}
	for _, route := range routes {
		if publicRoutes[route] {
			continue
		}
		method, path := concrete(route)
		res := f.do(method, path, "", `{}`)
		if res.Status != http.StatusUnauthorized {
			t.Errorf("%s anonymous: status %d, want 401 (is the route missing its permission?)", route, res.Status)
			continue
		}
		if code := res.errorCode(t); code != "unauthenticated" {
			t.Errorf("%s anonymous: code %q", route, code)
		}
	}
}

func TestAuthorizationMatrixPerRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, route := range walkRoutes(t, f.srv.API.Handler()) {
		if publicRoutes[route] {
			continue
		}
		allowed, ok := allowedRoles[route]
		if !ok {
			t.Errorf("%s is not in the authorization matrix of this test", route)
			continue
		}
		for _, role := range authz.Roles {
			method, path := concrete(route)
			res := f.do(method, path, f.tokens[role], `{}`)
			want := false
			for _, r := range allowed {
				want = want || r == role
			}
			switch {
			case want && (res.Status == http.StatusForbidden || res.Status == http.StatusUnauthorized):
				t.Errorf("%s as %s: status %d, want allowed (%s)", route, role, res.Status, res.Body)
			case !want && res.Status != http.StatusForbidden:
				t.Errorf("%s as %s: status %d, want 403", route, role, res.Status)
			}
		}
	}
}

func TestPublicRoutesAnswerWithoutSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if res := f.do("GET", path, "", ""); res.Status != http.StatusOK {
			t.Errorf("GET %s: %d %s", path, res.Status, res.Body)
		}
	}
	// Metrics are on their own listener (TestMetricsAreServedOnTheirOwnListenerOnly).
	if res := f.do("GET", "/metrics", "", ""); res.Status != http.StatusNotFound {
		t.Errorf("GET /metrics on the app listener: %d", res.Status)
	}
}
