package server_test

import (
	"fmt"
	"net/http"
	"testing"
)

func TestAccountsCannotReachEachOthersObjects(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := f.tokens["admin"]
	otherUser := fmt.Sprintf("/api/users/%d", f.userB.ID)

	if res := f.do("GET", otherUser, admin, ""); res.Status != http.StatusNotFound {
		t.Errorf("GET B's user as A's admin: %d, want 404", res.Status)
	}
	if res := f.do("PATCH", otherUser, admin, `{"role":"agent","active":false}`); res.Status != http.StatusNotFound {
		t.Errorf("PATCH B's user as A's admin: %d, want 404", res.Status)
	}
	// B's user is unchanged and still signs in.
	if res := f.do("GET", otherUser, f.tokenB, ""); res.Status != http.StatusOK {
		t.Fatalf("B reads own user: %d", res.Status)
	}
	var u struct {
		Role   string `json:"role"`
		Active bool   `json:"active"`
	}
	f.do("GET", otherUser, f.tokenB, "").json(t, &u)
	if u.Role != "admin" || !u.Active {
		t.Errorf("B's user changed through A: %+v", u)
	}

	// Lists only show the caller's account.
	var list struct {
		Items []struct {
			Email string `json:"email"`
		} `json:"items"`
	}
	f.do("GET", "/api/users", admin, "").json(t, &list)
	for _, it := range list.Items {
		if it.Email == "admin@b.test" {
			t.Errorf("A's user list shows B's user")
		}
	}

	// Tokens of B cannot be revoked by A.
	var tokens struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	f.do("GET", "/api/tokens", f.tokenB, "").json(t, &tokens)
	if res := f.do("DELETE", fmt.Sprintf("/api/tokens/%d", tokens.Items[0].ID), admin, ""); res.Status != http.StatusNotFound {
		t.Errorf("revoke B's token as A: %d, want 404", res.Status)
	}
	if res := f.do("GET", "/api/me", f.tokenB, ""); res.Status != http.StatusOK {
		t.Errorf("B's token stopped working: %d", res.Status)
	}
}
