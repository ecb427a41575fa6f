package httpapi

import (
	"net/http"

	"switchboard/backend/auth"
	"switchboard/backend/routing"
)

func (a *API) listQueues(w http.ResponseWriter, r *http.Request) {
	qs, err := a.Routing.ListQueues(r.Context(), auth.FromContext(r.Context()).AccountID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[routing.Queue]{Items: qs})
}

func (a *API) getQueue(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	q, err := a.Routing.GetQueue(r.Context(), auth.FromContext(r.Context()).AccountID, id)
	respond(w, r, http.StatusOK, q, err)
}

func (a *API) createQueue(w http.ResponseWriter, r *http.Request) {
	var in routing.QueueInput
	if !decodeJSON(w, r, &in) {
		return
	}
	q, err := a.Routing.CreateQueue(r.Context(), auth.FromContext(r.Context()).AccountID, in)
	respond(w, r, http.StatusCreated, q, err)
}

func (a *API) updateQueue(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in routing.QueueInput
	if !decodeJSON(w, r, &in) {
		return
	}
	q, err := a.Routing.UpdateQueue(r.Context(), auth.FromContext(r.Context()).AccountID, id, in)
	respond(w, r, http.StatusOK, q, err)
}

func (a *API) deleteQueue(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Routing.DeleteQueue(r.Context(), auth.FromContext(r.Context()).AccountID, id))
}

type membersRequest struct {
	Members []routing.MemberInput `json:"members"`
}

func (a *API) setQueueMembers(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in membersRequest
	if !decodeJSON(w, r, &in) {
		return
	}
	q, err := a.Routing.SetMembers(r.Context(), auth.FromContext(r.Context()).AccountID, id, in.Members)
	respond(w, r, http.StatusOK, q, err)
}

func (a *API) setSenderRoute(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "senderID")
	if !ok {
		return
	}
	var in routing.RouteInput
	if !decodeJSON(w, r, &in) {
		return
	}
	snd, err := a.Routing.SetSenderRoute(r.Context(), auth.FromContext(r.Context()).AccountID, id, in)
	respond(w, r, http.StatusOK, snd, err)
}

func (a *API) transferConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in routing.TransferInput
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Routing.Transfer(r.Context(), viewerOf(r), id, in)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) claimConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := a.Routing.Claim(r.Context(), viewerOf(r), id)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) conversationHistory(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	items, err := a.Routing.History(r.Context(), viewerOf(r), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[routing.HistoryEntry]{Items: items})
}

func (a *API) listPresence(w http.ResponseWriter, r *http.Request) {
	items, err := a.Routing.ListPresence(r.Context(), auth.FromContext(r.Context()).AccountID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[routing.Presence]{Items: items})
}

type presenceRequest struct {
	Status string `json:"status"`
}

func (a *API) setMyPresence(w http.ResponseWriter, r *http.Request) {
	var in presenceRequest
	if !decodeJSON(w, r, &in) {
		return
	}
	p := auth.FromContext(r.Context())
	if p.UserID == 0 {
		writeErrorCode(w, http.StatusUnprocessableEntity, "not_a_person", "API tokens have no presence", nil)
		return
	}
	res, err := a.Routing.SetStatus(r.Context(), p.AccountID, p.UserID, in.Status)
	respond(w, r, http.StatusOK, res, err)
}

func (a *API) routingOverview(w http.ResponseWriter, r *http.Request) {
	o, err := a.Routing.Overview(r.Context(), auth.FromContext(r.Context()).AccountID)
	respond(w, r, http.StatusOK, o, err)
}
