package httpapi

import (
	"net/http"
	"strings"
	"time"

	"switchboard/backend/apperror"
	"switchboard/backend/auth"
	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/spreadsheet"
)

func consentFilter(r *http.Request) consent.Filter {
	q := r.URL.Query()
	return consent.Filter{Q: q.Get("q"), Number: q.Get("number"), ChannelKind: q.Get("channel_kind"),
		State: q.Get("state"), Source: q.Get("source"), Cursor: q.Get("cursor")}
}

func (a *API) listConsents(w http.ResponseWriter, r *http.Request) {
	limit, ok := queryInt(w, r, "limit")
	if !ok {
		return
	}
	f := consentFilter(r)
	f.Limit = int(limit)
	if f.Number != "" {
		n, err := a.normalizeNumber(r, "number", f.Number)
		if err != nil {
			writeError(w, r, err)
			return
		}
		f.Number = n
	}
	page, err := a.Consent.List(r.Context(), accountOf(r), f)
	respond(w, r, http.StatusOK, page, err)
}

// normalizeNumber reads a number as E.164, national numbers with the
// account's default country.
func (a *API) normalizeNumber(r *http.Request, field, raw string) (string, error) {
	country, err := a.Contacts.DefaultCountry(r.Context(), a.DB.Bun, accountOf(r))
	if err != nil {
		return "", err
	}
	n, err := contacts.NormalizeNumber(raw, country)
	if err != nil {
		var v apperror.Validation
		v.Check(false, field, "is not a valid phone number")
		return "", v.Err()
	}
	return n, nil
}

func (a *API) consentHistory(w http.ResponseWriter, r *http.Request) {
	number, err := a.normalizeNumber(r, "number", r.URL.Query().Get("number"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	items, err := a.Consent.History(r.Context(), accountOf(r), number)
	respond(w, r, http.StatusOK, listResponse[consent.HistoryEntry]{Items: items}, err)
}

type consentInput struct {
	Number      string `json:"number"`
	ChannelKind string `json:"channel_kind"`
	State       string `json:"state"`
	Note        string `json:"note"`
	Reason      string `json:"reason"`
}

// byHand records a consent change made by the signed-in user or token.
func (a *API) byHand(w http.ResponseWriter, r *http.Request, in consentInput, state, note, noteField string, status int) {
	var v apperror.Validation
	consent.ValidKind(&v, "channel_kind", in.ChannelKind)
	v.Check(state == consent.Granted || state == consent.Revoked, "state", "must be granted or revoked")
	v.Check(strings.TrimSpace(note) != "", noteField, "is required")
	v.Check(len([]rune(note)) <= 500, noteField, "must be at most 500 characters")
	number, nerr := a.normalizeNumber(r, "number", in.Number)
	if nerr != nil {
		v.Check(false, "number", "is not a valid phone number")
	}
	if err := v.Err(); err != nil {
		writeError(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	c := consent.Change{Number: number, ChannelKind: in.ChannelKind, State: state, Note: strings.TrimSpace(note)}
	if p.TokenID != 0 {
		c.Source, c.TokenID = consent.SourceAPI, &p.TokenID
	} else {
		c.Source, c.UserID = consent.SourceAgent, &p.UserID
	}
	if _, _, err := a.Consent.Apply(r.Context(), a.DB.Bun, p.AccountID, c); err != nil {
		writeError(w, r, err)
		return
	}
	rec, err := a.Consent.Get(r.Context(), p.AccountID, number, in.ChannelKind)
	respond(w, r, status, rec, err)
}

func (a *API) addConsent(w http.ResponseWriter, r *http.Request) {
	var in consentInput
	if !decodeJSON(w, r, &in) {
		return
	}
	a.byHand(w, r, in, in.State, in.Note, "note", http.StatusCreated)
}

func (a *API) revokeConsent(w http.ResponseWriter, r *http.Request) {
	var in consentInput
	if !decodeJSON(w, r, &in) {
		return
	}
	a.byHand(w, r, in, consent.Revoked, in.Reason, "reason", http.StatusOK)
}

func (a *API) exportConsents(w http.ResponseWriter, r *http.Request) {
	f := consentFilter(r)
	if err := f.Validate(); err != nil {
		writeError(w, r, err)
		return
	}
	format, ok := downloadFormat(w, r)
	if !ok {
		return
	}
	name := "consents-" + time.Now().UTC().Format("2006-01-02") + "." + string(format)
	delim := ','
	if strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "de") {
		delim = ';' // German Excel expects semicolons
	}
	w.Header().Set("Content-Type", format.ContentType())
	out, err := spreadsheet.NewWriter(format, w, delim)
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_ = out.Write([]string{"number", "channel_kind", "state", "source", "detail", "note", "changed_at", "contact"})
	err = a.Consent.Each(r.Context(), accountOf(r), f, func(it consent.Item) error {
		contact := ""
		if it.Contact != nil {
			contact = it.Contact.Name
		}
		return out.Write([]string{it.Number, it.ChannelKind, it.State, it.Source, it.Detail, it.Note,
			it.ChangedAt.UTC().Format(time.RFC3339), contact})
	})
	if err != nil {
		// The header is out: the file is cut short, which the client sees.
		a.Logger.WarnContext(r.Context(), "consent export failed", "err", err)
	}
	_ = out.Close()
}

func (a *API) consentSettings(w http.ResponseWriter, r *http.Request) {
	st, err := a.Consent.Settings(r.Context(), a.DB.Bun, accountOf(r))
	respond(w, r, http.StatusOK, st, err)
}

func (a *API) updateConsentSettings(w http.ResponseWriter, r *http.Request) {
	var in consent.SettingsUpdate
	if !decodeJSON(w, r, &in) {
		return
	}
	st, err := a.Consent.UpdateSettings(r.Context(), accountOf(r), in)
	respond(w, r, http.StatusOK, st, err)
}
