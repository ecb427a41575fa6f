package httpapi

import (
	"net/http"
	"strconv"

	"switchboard/backend/accounts"
	"switchboard/backend/auth"
)

type listResponse[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func nextCursor(n, limit int, last int64) *string {
	if n < limit {
		return nil
	}
	s := strconv.FormatInt(last, 10)
	return &s
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request) {
	after, limit, ok := page(w, r, 100, 500)
	if !ok {
		return
	}
	p := auth.FromContext(r.Context())
	items, err := a.Accounts.ListMembers(r.Context(), p.AccountID, after, limit)
	if err != nil {
		writeError(w, r, err)
		return
	}
	resp := listResponse[accounts.Member]{Items: items}
	if len(items) > 0 {
		resp.Next = nextCursor(len(items), limit, items[len(items)-1].ID)
	}
	if resp.Items == nil {
		resp.Items = []accounts.Member{}
	}
	writeJSON(w, http.StatusOK, resp)
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	m, err := a.Accounts.GetMember(r.Context(), auth.FromContext(r.Context()).AccountID, id)
	respond(w, r, http.StatusOK, m, err)
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) {
	var in accounts.CreateMemberInput
	if !decodeJSON(w, r, &in) {
		return
	}
	m, err := a.Accounts.CreateMember(r.Context(), auth.FromContext(r.Context()).AccountID, in)
	respond(w, r, http.StatusCreated, m, err)
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in accounts.UpdateMemberInput
	if !decodeJSON(w, r, &in) {
		return
	}
	m, err := a.Accounts.UpdateMember(r.Context(), auth.FromContext(r.Context()).AccountID, id, in)
	respond(w, r, http.StatusOK, m, err)
}

func (a *API) listAgents(w http.ResponseWriter, r *http.Request) {
	items, err := a.Accounts.ListAgents(r.Context(), auth.FromContext(r.Context()).AccountID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[accounts.Agent]{Items: items})
}
