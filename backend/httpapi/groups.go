package httpapi

import (
	"net/http"

	"switchboard/backend/apperror"
	"switchboard/backend/auth"
	"switchboard/backend/contacts"
	"switchboard/backend/groups"
)

func (a *API) listGroups(w http.ResponseWriter, r *http.Request) {
	list, err := a.Groups.List(r.Context(), accountOf(r))
	respond(w, r, http.StatusOK, listResponse[*groups.Group]{Items: list}, err)
}

func (a *API) getGroup(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	g, err := a.Groups.Get(r.Context(), accountOf(r), id)
	respond(w, r, http.StatusOK, g, err)
}

func (a *API) createGroup(w http.ResponseWriter, r *http.Request) {
	var in groups.Input
	if !decodeJSON(w, r, &in) {
		return
	}
	st, err := a.Consent.Settings(r.Context(), a.DB.Bun, accountOf(r))
	if err != nil {
		writeError(w, r, err)
		return
	}
	g, err := a.Groups.Create(r.Context(), accountOf(r), in, st.Words())
	respond(w, r, http.StatusCreated, g, err)
}

func (a *API) updateGroup(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in groups.Input
	if !decodeJSON(w, r, &in) {
		return
	}
	st, err := a.Consent.Settings(r.Context(), a.DB.Bun, accountOf(r))
	if err != nil {
		writeError(w, r, err)
		return
	}
	g, err := a.Groups.Update(r.Context(), accountOf(r), id, in, st.Words())
	respond(w, r, http.StatusOK, g, err)
}

func (a *API) deleteGroup(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Groups.Delete(r.Context(), accountOf(r), id))
}

func (a *API) groupMembers(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	after, limit, ok := cursorPage(w, r, 50, 500)
	if !ok {
		return
	}
	page, err := a.Groups.Members(r.Context(), accountOf(r), id, after, limit)
	respond(w, r, http.StatusOK, page, err)
}

type membersInput struct {
	ContactIDs []int64          `json:"contact_ids"`
	Filter     *contacts.Filter `json:"filter"`
}

type affected struct {
	Affected int `json:"affected"`
}

func actorOf(r *http.Request) groups.Actor {
	p := auth.FromContext(r.Context())
	if p.TokenID != 0 {
		return groups.Actor{Source: groups.SourceAPI}
	}
	return groups.Actor{Source: groups.SourceUser, UserID: &p.UserID}
}

func (a *API) addGroupMembers(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in membersInput
	if !decodeJSON(w, r, &in) {
		return
	}
	if (in.ContactIDs != nil) == (in.Filter != nil) {
		writeError(w, r, &apperror.Error{Kind: apperror.ErrValidation, Code: "validation_failed",
			Message: "give either contact_ids or filter", Fields: map[string]string{"contact_ids": "give either contact_ids or filter"}})
		return
	}
	ids := in.ContactIDs
	if in.Filter != nil {
		var err error
		if ids, err = a.Contacts.MatchingIDs(r.Context(), accountOf(r), *in.Filter); err != nil {
			writeError(w, r, err)
			return
		}
		if len(ids) == 0 {
			writeJSON(w, http.StatusOK, affected{})
			return
		}
	}
	n, err := a.Groups.AddMembers(r.Context(), accountOf(r), id, ids, actorOf(r))
	respond(w, r, http.StatusOK, affected{n}, err)
}

func (a *API) removeGroupMembers(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in membersInput
	if !decodeJSON(w, r, &in) {
		return
	}
	if len(in.ContactIDs) == 0 || len(in.ContactIDs) > 10000 {
		writeError(w, r, &apperror.Error{Kind: apperror.ErrValidation, Code: "validation_failed",
			Message: "name the contacts to remove", Fields: map[string]string{"contact_ids": "name 1 to 10000 contacts"}})
		return
	}
	n, err := a.Groups.RemoveMembers(r.Context(), accountOf(r), id, in.ContactIDs, actorOf(r))
	respond(w, r, http.StatusOK, affected{n}, err)
}

func (a *API) groupHistory(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	items, err := a.Groups.History(r.Context(), accountOf(r), id)
	respond(w, r, http.StatusOK, listResponse[groups.HistoryEntry]{Items: items}, err)
}
