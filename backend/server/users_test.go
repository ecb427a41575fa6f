package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func countUsers(t *testing.T, f *fixture) int {
	t.Helper()
	var list struct {
		Items []any `json:"items"`
	}
	f.do("GET", "/api/users", f.tokens["admin"], "").json(t, &list)
	return len(list.Items)
}

func TestAdminCreatesUsersAndBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.tokens["admin"]
	before := countUsers(t, f)
	cases := []struct {
		name, body string
		status     int
		field      string
	}{
		{"missing fields", `{}`, 422, "email"},
		{"bad role", `{"email":"n@a.test","name":"N","role":"owner","password":"12345678"}`, 422, "role"},
		{"short password", `{"email":"n@a.test","name":"N","role":"agent","password":"1234"}`, 422, "password"},
		{"long name", fmt.Sprintf(`{"email":"n@a.test","name":"%s","role":"agent","password":"12345678"}`, strings.Repeat("n", 121)), 422, "name"},
		{"bad extension", `{"email":"n@a.test","name":"N","role":"agent","password":"12345678","extension":"12a"}`, 422, "extension"},
		{"duplicate email", `{"email":"AGENT@a.test","name":"N","role":"agent","password":"12345678"}`, 409, "email"},
		{"malformed", `{"email":`, 400, ""},
	}
	for _, c := range cases {
		res := f.do("POST", "/api/users", admin, c.body)
		if res.Status != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, res.Status, res.Body, c.status)
			continue
		}
		var env struct {
			Error struct {
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		res.json(t, &env)
		if c.field != "" && env.Error.Fields[c.field] == "" {
			t.Errorf("%s: fields %v lack %q", c.name, env.Error.Fields, c.field)
		}
	}
	if after := countUsers(t, f); after != before {
		t.Fatalf("bad input created users: %d → %d", before, after)
	}

	res := f.do("POST", "/api/users", admin, `{"email":"new@a.test","name":"New","role":"agent","password":"12345678","extension":"205"}`)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	// The extension is unique per account, and the failed insert leaves no user.
	res = f.do("POST", "/api/users", admin, `{"email":"other@a.test","name":"O","role":"agent","password":"12345678","extension":"205"}`)
	if res.Status != http.StatusConflict {
		t.Fatalf("duplicate extension: %d %s", res.Status, res.Body)
	}
	b := f.newBrowser()
	if res := b.login("other@a.test", "12345678"); res.Status != http.StatusUnauthorized {
		t.Fatalf("half-created user can sign in: %d", res.Status)
	}
	if got := countUsers(t, f); got != before+1 {
		t.Fatalf("users = %d, want %d", got, before+1)
	}
}

func TestDeactivatingAUserEndsTheirSessionsAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	agentB := f.newBrowser()
	if res := agentB.login("agent@a.test", testPassword); res.Status != http.StatusOK {
		t.Fatal(res.Status)
	}
	adminB := f.newBrowser()
	adminB.login("admin@a.test", testPassword)
	path := fmt.Sprintf("/api/users/%d", f.users["agent"].ID)
	if res := adminB.do("PATCH", path, `{"active":false}`, true); res.Status != http.StatusOK {
		t.Fatalf("deactivate: %d %s", res.Status, res.Body)
	}
	if res := agentB.do("GET", "/api/me", "", false); res.Status != http.StatusUnauthorized {
		t.Fatalf("deactivated user's session still works: %d", res.Status)
	}
	if res := f.newBrowser().login("agent@a.test", testPassword); res.Status != http.StatusUnauthorized {
		t.Fatalf("deactivated user signs in: %d", res.Status)
	}
	if res := adminB.do("PATCH", path, `{"active":true}`, true); res.Status != http.StatusOK {
		t.Fatalf("reactivate: %d", res.Status)
	}
	if res := f.newBrowser().login("agent@a.test", testPassword); res.Status != http.StatusOK {
		t.Fatalf("reactivated user cannot sign in: %d", res.Status)
	}
}

func TestRoleChangeAppliesToTheNextRequest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sup := f.newBrowser()
	sup.login("supervisor@a.test", testPassword)
	if res := sup.do("GET", "/api/users", "", false); res.Status != http.StatusForbidden {
		t.Fatalf("supervisor lists users: %d", res.Status)
	}
	path := fmt.Sprintf("/api/users/%d", f.users["supervisor"].ID)
	if res := f.do("PATCH", path, f.tokens["admin"], `{"role":"admin"}`); res.Status != http.StatusOK {
		t.Fatalf("promote: %d %s", res.Status, res.Body)
	}
	if res := sup.do("GET", "/api/users", "", false); res.Status != http.StatusOK {
		t.Fatalf("promoted user lists users: %d", res.Status)
	}
	if res := f.do("PATCH", path, f.tokens["admin"], `{"role":"wizard"}`); res.Status != 422 {
		t.Fatalf("unknown role: %d", res.Status)
	}
}

func TestTheLastAdministratorStays(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := fmt.Sprintf("/api/users/%d", f.users["admin"].ID)
	for _, body := range []string{`{"role":"agent"}`, `{"active":false}`} {
		res := f.do("PATCH", path, f.tokens["admin"], body)
		if res.Status != 422 || res.errorCode(t) != "last_admin" {
			t.Fatalf("%s on the only admin: %d %s", body, res.Status, res.Body)
		}
	}
}
