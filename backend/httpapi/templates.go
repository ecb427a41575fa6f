package httpapi

import (
	"net/http"

	"switchboard/backend/auth"
	"switchboard/backend/inbox"
	"switchboard/backend/templates"
)

type templateList struct {
	Items []templates.TemplateView `json:"items"`
	// Syncs tell when each channel's templates were last read from the provider.
	Syncs []templates.SyncState `json:"syncs"`
}

func (a *API) listTemplates(w http.ResponseWriter, r *http.Request) {
	channelID, ok := queryInt(w, r, "channel_id")
	if !ok {
		return
	}
	accountID := auth.FromContext(r.Context()).AccountID
	items, err := a.Templates.List(r.Context(), accountID, templates.ListFilter{ChannelID: channelID, Status: r.URL.Query().Get("status")})
	if err != nil {
		writeError(w, r, err)
		return
	}
	syncs, err := a.Templates.SyncStates(r.Context(), accountID, channelID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, templateList{Items: items, Syncs: syncs})
}

func (a *API) syncTemplates(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	res, err := a.Templates.Sync(r.Context(), auth.FromContext(r.Context()).AccountID, id)
	respond(w, r, http.StatusOK, res, err)
}

func (a *API) sendTemplate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in templates.SendInput
	if !decodeJSON(w, r, &in) {
		return
	}
	msg, err := a.Templates.Send(r.Context(), viewerOf(r), id, in)
	respond(w, r, http.StatusCreated, msg, err)
}

type startedConversation struct {
	Conversation conversationResponse `json:"conversation"`
	Message      *inbox.MessageView   `json:"message"`
}

func (a *API) startConversation(w http.ResponseWriter, r *http.Request) {
	var in templates.StartInput
	if !decodeJSON(w, r, &in) {
		return
	}
	conv, msg, err := a.Templates.Start(r.Context(), viewerOf(r), in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, startedConversation{conversationResponse{conv, a.Inbox.WindowOpen(conv)}, msg})
}

func (a *API) listSMSTemplates(w http.ResponseWriter, r *http.Request) {
	items, err := a.Templates.ListSMS(r.Context(), auth.FromContext(r.Context()).AccountID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[templates.SMSTemplateView]{Items: items})
}

func (a *API) createSMSTemplate(w http.ResponseWriter, r *http.Request) {
	var in templates.SMSTemplateInput
	if !decodeJSON(w, r, &in) {
		return
	}
	t, err := a.Templates.CreateSMS(r.Context(), auth.FromContext(r.Context()).AccountID, in)
	respond(w, r, http.StatusCreated, t, err)
}

func (a *API) updateSMSTemplate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in templates.SMSTemplateInput
	if !decodeJSON(w, r, &in) {
		return
	}
	t, err := a.Templates.UpdateSMS(r.Context(), auth.FromContext(r.Context()).AccountID, id, in)
	respond(w, r, http.StatusOK, t, err)
}

func (a *API) deleteSMSTemplate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Templates.DeleteSMS(r.Context(), auth.FromContext(r.Context()).AccountID, id))
}

func (a *API) renderSMSTemplate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	tid, ok := pathID(w, r, "templateID")
	if !ok {
		return
	}
	res, err := a.Templates.RenderSMS(r.Context(), viewerOf(r), id, tid)
	respond(w, r, http.StatusOK, res, err)
}
