package httpapi

import (
	"net/http"
	"time"

	"switchboard/backend/auth"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type meUser struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type meAccount struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type meResponse struct {
	User        *meUser   `json:"user"`
	Account     meAccount `json:"account"`
	Role        string    `json:"role"`
	Extension   *string   `json:"extension"`
	Permissions []string  `json:"permissions"`
}

func (a *API) login(w http.ResponseWriter, r *http.Request) {
	// A cross-site page must not sign a visitor in to our site (login CSRF).
	if !a.sameOrigin(r) {
		writeErrorCode(w, http.StatusForbidden, "bad_origin", "sign-in from this origin is not allowed", nil)
		return
	}
	var req loginRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	s, err := a.Auth.Login(r.Context(), req.Email, req.Password, a.clientIP(r), r.UserAgent())
	if err != nil {
		writeError(w, r, err)
		return
	}
	a.setSessionCookies(w, s.Token, s.CSRFToken, s.ExpiresAt)
	a.writeMe(w, r, s.Principal)
}

func (a *API) setSessionCookies(w http.ResponseWriter, token, csrf string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, Secure: a.Config.CookieSecure, SameSite: http.SameSiteLaxMode})
	// Readable by the app's JavaScript, which echoes it in X-CSRF-Token.
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: csrf, Path: "/", Expires: expires,
		Secure: a.Config.CookieSecure, SameSite: http.SameSiteStrictMode})
}

func (a *API) logout(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if p.ViaSession() {
		if err := a.Auth.Logout(r.Context(), p.SessionHash); err != nil {
			writeError(w, r, err)
			return
		}
	}
	for _, name := range []string{sessionCookie, csrfCookie} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1,
			HttpOnly: name == sessionCookie, Secure: a.Config.CookieSecure})
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	a.writeMe(w, r, auth.FromContext(r.Context()))
}

func (a *API) writeMe(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	acct, err := a.Accounts.GetAccount(r.Context(), p.AccountID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	resp := meResponse{Account: meAccount{acct.ID, acct.Name}, Role: p.Role,
		Permissions: a.Authz.Permissions(p.Role, p.AccountID)}
	if p.UserID != 0 {
		m, err := a.Accounts.GetMember(r.Context(), p.AccountID, p.UserID)
		if err != nil {
			writeError(w, r, err)
			return
		}
		resp.User = &meUser{m.ID, m.Email, m.Name}
		resp.Extension = m.Extension
	}
	writeJSON(w, http.StatusOK, resp)
}
