package httpapi

import (
	"net/http"

	"switchboard/backend/accounts"
	"switchboard/backend/auth"
)

type createdToken struct {
	Token  accounts.APIToken `json:"token"`
	Secret string            `json:"secret"`
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request) {
	items, err := a.Accounts.ListTokens(r.Context(), auth.FromContext(r.Context()).AccountID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if items == nil {
		items = []accounts.APIToken{}
	}
	writeJSON(w, http.StatusOK, listResponse[accounts.APIToken]{Items: items})
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) {
	var in accounts.CreateTokenInput
	if !decodeJSON(w, r, &in) {
		return
	}
	p := auth.FromContext(r.Context())
	t, secret, err := a.Accounts.CreateToken(r.Context(), p.AccountID, p.UserID, in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, createdToken{t, secret})
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Accounts.RevokeToken(r.Context(), auth.FromContext(r.Context()).AccountID, id))
}
