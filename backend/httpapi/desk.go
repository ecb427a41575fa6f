package httpapi

import (
	"net/http"

	"switchboard/backend/auth"
	"switchboard/backend/desk"
)

func accountOf(r *http.Request) int64 { return auth.FromContext(r.Context()).AccountID }

func (a *API) listCanned(w http.ResponseWriter, r *http.Request) {
	limit, ok := queryInt(w, r, "limit")
	if !ok {
		return
	}
	q := r.URL.Query()
	f := desk.CannedFilter{Query: q.Get("q"), After: q.Get("after"), Limit: int(limit)}
	items, err := a.Desk.ListCanned(r.Context(), accountOf(r), f)
	if err != nil {
		writeError(w, r, err)
		return
	}
	resp := listResponse[desk.CannedResponse]{Items: items}
	// Only the unfiltered list (ordered by shortcode) continues on a next page.
	if f.Limit == 0 {
		f.Limit = desk.DefaultCannedLimit
	}
	if f.Query == "" && len(items) > 0 && len(items) == f.Limit {
		next := items[len(items)-1].Shortcode
		resp.Next = &next
	}
	writeJSON(w, http.StatusOK, resp)
}

func (a *API) getCanned(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := a.Desk.GetCanned(r.Context(), accountOf(r), id)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) createCanned(w http.ResponseWriter, r *http.Request) {
	var in desk.CannedInput
	if !decodeJSON(w, r, &in) {
		return
	}
	p := auth.FromContext(r.Context())
	c, err := a.Desk.CreateCanned(r.Context(), p.AccountID, p.UserID, in)
	respond(w, r, http.StatusCreated, c, err)
}

func (a *API) updateCanned(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in desk.CannedUpdate
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Desk.UpdateCanned(r.Context(), accountOf(r), id, in)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) deleteCanned(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Desk.DeleteCanned(r.Context(), accountOf(r), id))
}

func (a *API) cannedAttachment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	rc, att, err := a.Desk.OpenAttachment(r.Context(), accountOf(r), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	defer rc.Close()
	serveObject(w, att.MIME, att.Size, att.Filename, rc)
}

// setCannedAttachment takes a multipart form with the file in "file".
func (a *API) setCannedAttachment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if !a.parseUpload(w, r, desk.MaxAttachment) {
		return
	}
	f, hdr, mimeType, ok := formFile(w, r)
	if !ok {
		return
	}
	defer f.Close()
	c, err := a.Desk.SetAttachment(r.Context(), accountOf(r), id, hdr.Filename, mimeType, hdr.Size, f)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) removeCannedAttachment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := a.Desk.RemoveAttachment(r.Context(), accountOf(r), id)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) renderCanned(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	cannedID, ok := pathID(w, r, "cannedID")
	if !ok {
		return
	}
	out, err := a.Desk.RenderCanned(r.Context(), viewerOf(r), id, cannedID)
	respond(w, r, http.StatusOK, out, err)
}

func (a *API) listLabels(w http.ResponseWriter, r *http.Request) {
	items, err := a.Desk.ListLabels(r.Context(), accountOf(r))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[desk.Label]{Items: items})
}

func (a *API) createLabel(w http.ResponseWriter, r *http.Request) {
	var in desk.LabelInput
	if !decodeJSON(w, r, &in) {
		return
	}
	l, err := a.Desk.CreateLabel(r.Context(), accountOf(r), in)
	respond(w, r, http.StatusCreated, l, err)
}

func (a *API) updateLabel(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in desk.LabelUpdate
	if !decodeJSON(w, r, &in) {
		return
	}
	l, err := a.Desk.UpdateLabel(r.Context(), accountOf(r), id, in)
	respond(w, r, http.StatusOK, l, err)
}

func (a *API) deleteLabel(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Desk.DeleteLabel(r.Context(), accountOf(r), id))
}

// labelRef names the label to put on a conversation or contact.
type labelRef struct {
	LabelID int64 `json:"label_id"`
}

// readLabelRef decodes {label_id}; a missing id is a field error.
func readLabelRef(w http.ResponseWriter, r *http.Request) (int64, bool) {
	var in labelRef
	if !decodeJSON(w, r, &in) {
		return 0, false
	}
	if in.LabelID <= 0 {
		writeErrorCode(w, http.StatusUnprocessableEntity, "validation_failed", "1 field(s) are invalid",
			map[string]string{"label_id": "is required"})
		return 0, false
	}
	return in.LabelID, true
}

func (a *API) labelConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	labelID, ok := readLabelRef(w, r)
	if !ok {
		return
	}
	c, err := a.Desk.LabelConversation(r.Context(), viewerOf(r), id, labelID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, conversationResponse{c, a.Inbox.WindowOpen(c)})
}

func (a *API) unlabelConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	labelID, ok := pathID(w, r, "labelID")
	if !ok {
		return
	}
	c, err := a.Desk.UnlabelConversation(r.Context(), viewerOf(r), id, labelID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, conversationResponse{c, a.Inbox.WindowOpen(c)})
}

func (a *API) contactLabels(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	items, err := a.Desk.ContactLabels(r.Context(), accountOf(r), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[desk.Label]{Items: items})
}

func (a *API) labelContact(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	labelID, ok := readLabelRef(w, r)
	if !ok {
		return
	}
	items, err := a.Desk.LabelContact(r.Context(), accountOf(r), id, labelID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[desk.Label]{Items: items})
}

func (a *API) unlabelContact(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	labelID, ok := pathID(w, r, "labelID")
	if !ok {
		return
	}
	items, err := a.Desk.UnlabelContact(r.Context(), accountOf(r), id, labelID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[desk.Label]{Items: items})
}
