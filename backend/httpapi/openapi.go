package httpapi

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
)

var pathParamRE = regexp.MustCompile(`\{([a-zA-Z]+)\}`)

// openAPI describes the route table as an OpenAPI 3.1 document. Each
// operation names its casbin permission in x-permission.
func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	paths := map[string]map[string]any{}
	routes := a.allRoutes()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Pattern < routes[j].Pattern })
	for _, rt := range routes {
		op := map[string]any{
			"summary":      routeSummaries[rt.Method+" "+rt.Pattern],
			"x-permission": rt.Perm,
			"responses": map[string]any{
				"default": map[string]any{"description": "Error", "content": map[string]any{
					"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
			},
		}
		if rt.Perm == Public {
			op["security"] = []any{}
		}
		var params []any
		for _, m := range pathParamRE.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if paths[rt.Pattern] == nil {
			paths[rt.Pattern] = map[string]any{}
		}
		paths[rt.Pattern][strings.ToLower(rt.Method)] = op
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Switchboard API", "version": "1",
			"description": "JSON API of Switchboard. Browsers use the session cookie and echo the csrf_token cookie in X-CSRF-Token on state-changing requests; integrations use Authorization: Bearer <API token>. Lists are keyset-paginated."},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
				"token":   map[string]any{"type": "http", "scheme": "bearer"},
			},
			"schemas": map[string]any{"Error": map[string]any{"type": "object", "properties": map[string]any{
				"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
					"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"},
					"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
					"details": map[string]any{"type": "object", "description": "machine-readable facts, e.g. contact_id of the contact that has a number"}}}}}},
		},
		"security": []any{map[string]any{"session": []any{}}, map[string]any{"token": []any{}}},
	})
}

// allRoutes is the whole route table.
func (a *API) allRoutes() []Route {
	return append(a.Routes(), a.Extra...)
}

// RouteSummary returns the documented summary of a route (for tests).
func RouteSummary(method, pattern string) string { return routeSummaries[method+" "+pattern] }
