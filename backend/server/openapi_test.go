package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"switchboard/backend/httpapi"
)

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.do("GET", "/api/openapi.json", "", "")
	if res.Status != http.StatusOK {
		t.Fatalf("openapi: %d", res.Status)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, route := range walkRoutes(t, f.srv.API.Handler()) {
		method, pattern, _ := strings.Cut(route, " ")
		op := doc.Paths[pattern][strings.ToLower(method)]
		if op == nil {
			t.Errorf("%s is not in the OpenAPI document", route)
			continue
		}
		if httpapi.RouteSummary(method, pattern) == "" || op["x-permission"] == "" {
			t.Errorf("%s has no summary or permission", route)
		}
	}
}
