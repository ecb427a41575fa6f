package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"switchboard/backend/accounts"
	"switchboard/backend/apperror"
	"switchboard/backend/auth"
	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/inbox"
)

func (a *API) listContacts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := contacts.ParseFilter(q)
	if err != nil {
		writeError(w, r, err)
		return
	}
	limit, ok := queryInt(w, r, "limit")
	if !ok {
		return
	}
	p, err := a.Contacts.List(r.Context(), accountOf(r), f, q.Get("sort"), q.Get("cursor"), int(limit))
	respond(w, r, http.StatusOK, p, err)
}

// contactDetail is a contact with the conversations the viewer may see
// (the inbox's contact panel lists them) and its numbers' consents.
type contactDetail struct {
	contacts.View
	Conversations []inbox.ConversationView `json:"conversations"`
	Consents      contactConsents          `json:"consents"`
}

// contactConsents are the consents of a contact's WhatsApp and SMS number
// (null: none recorded, or no such number).
type contactConsents struct {
	WhatsApp *consentSummary `json:"whatsapp"`
	SMS      *consentSummary `json:"sms"`
}

// consentSummary is what every role sees of a number's consent.
type consentSummary struct {
	State     string    `json:"state"`
	Source    string    `json:"source"`
	Detail    string    `json:"detail"`
	ChangedAt time.Time `json:"changed_at"`
}

// consentsOf reads the consents of the contact's numbers.
func (a *API) consentsOf(ctx context.Context, accountID int64, c contacts.View) (contactConsents, error) {
	var out contactConsents
	for _, n := range []struct {
		number *string
		kind   string
		dst    **consentSummary
	}{{c.WhatsAppNumber, consent.KindWhatsApp, &out.WhatsApp}, {c.SMSNumber, consent.KindSMS, &out.SMS}} {
		if n.number == nil {
			continue
		}
		rec, err := a.Consent.Get(ctx, accountID, *n.number, n.kind)
		if err != nil {
			return out, err
		}
		if rec != nil {
			*n.dst = &consentSummary{State: rec.State, Source: rec.Source, Detail: rec.Detail, ChangedAt: rec.ChangedAt}
		}
	}
	return out, nil
}

func (a *API) getContact(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := a.Contacts.Get(r.Context(), accountOf(r), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	d := contactDetail{View: c, Conversations: []inbox.ConversationView{}}
	if a.Authz.Allowed(auth.FromContext(r.Context()).Role, accountOf(r), "conversations:read") {
		convs, err := a.Inbox.ListConversations(r.Context(), viewerOf(r), inbox.ListFilter{ContactID: id, Limit: 100})
		if err != nil {
			writeError(w, r, err)
			return
		}
		d.Conversations = convs.Items
	}
	if d.Consents, err = a.consentsOf(r.Context(), accountOf(r), c); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (a *API) createContact(w http.ResponseWriter, r *http.Request) {
	var in contacts.Input
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Contacts.Create(r.Context(), accountOf(r), in)
	respond(w, r, http.StatusCreated, c, err)
}

func (a *API) updateContact(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in contacts.Input
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Contacts.Update(r.Context(), accountOf(r), id, in)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) deleteContact(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Contacts.Delete(r.Context(), accountOf(r), id))
}

// bulkContacts runs a bulk action; deleting needs contacts:delete on top
// of the route's contacts:write.
func (a *API) bulkContacts(w http.ResponseWriter, r *http.Request) {
	var in contacts.BulkInput
	if !decodeJSON(w, r, &in) {
		return
	}
	p := auth.FromContext(r.Context())
	if in.Action == "delete" && !a.Authz.Allowed(p.Role, p.AccountID, "contacts:delete") {
		writeError(w, r, apperror.Forbidden("your role may not delete contacts"))
		return
	}
	n, err := a.Contacts.Bulk(r.Context(), p.AccountID, in)
	respond(w, r, http.StatusOK, map[string]int{"affected": n}, err)
}

func (a *API) mergeContacts(w http.ResponseWriter, r *http.Request) {
	var in contacts.MergeInput
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Contacts.Merge(r.Context(), accountOf(r), in)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) listContactAttributes(w http.ResponseWriter, r *http.Request) {
	defs, err := a.Contacts.Attributes(r.Context(), accountOf(r))
	respond(w, r, http.StatusOK, map[string]any{"items": defs}, err)
}

func (a *API) createContactAttribute(w http.ResponseWriter, r *http.Request) {
	var in contacts.AttributeInput
	if !decodeJSON(w, r, &in) {
		return
	}
	d, err := a.Contacts.CreateAttribute(r.Context(), accountOf(r), in)
	respond(w, r, http.StatusCreated, d, err)
}

func (a *API) updateContactAttribute(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in contacts.AttributeInput
	if !decodeJSON(w, r, &in) {
		return
	}
	d, err := a.Contacts.UpdateAttribute(r.Context(), accountOf(r), id, in)
	respond(w, r, http.StatusOK, d, err)
}

func (a *API) deleteContactAttribute(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Contacts.DeleteAttribute(r.Context(), accountOf(r), id))
}

func (a *API) getAccountSettings(w http.ResponseWriter, r *http.Request) {
	s, err := a.Accounts.GetSettings(r.Context(), accountOf(r))
	respond(w, r, http.StatusOK, s, err)
}

func (a *API) updateAccountSettings(w http.ResponseWriter, r *http.Request) {
	var in accounts.SettingsInput
	if !decodeJSON(w, r, &in) {
		return
	}
	s, err := a.Accounts.UpdateSettings(r.Context(), accountOf(r), in)
	respond(w, r, http.StatusOK, s, err)
}

// errNoUser refuses preferences to API tokens, which act for no person.
var errNoUser = apperror.Invalid("no_user", "preferences belong to a signed-in person, not to an API token")

func (a *API) getPreference(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if p.UserID == 0 {
		writeJSON(w, http.StatusOK, json.RawMessage("null"))
		return
	}
	v, err := a.Accounts.Preference(r.Context(), p.UserID, r.PathValue("key"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(v)
}

func (a *API) setPreference(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if p.UserID == 0 {
		writeError(w, r, errNoUser)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, accounts.MaxPreferenceSize+1))
	if err != nil || len(body) > accounts.MaxPreferenceSize {
		writeErrorCode(w, http.StatusRequestEntityTooLarge, "too_large", "a preference is at most 16 KiB of JSON", nil)
		return
	}
	if !json.Valid(body) {
		writeErrorCode(w, http.StatusBadRequest, "bad_json", "the body is not JSON", nil)
		return
	}
	if err := a.Accounts.SetPreference(r.Context(), p.UserID, r.PathValue("key"), body); err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(body)
}
