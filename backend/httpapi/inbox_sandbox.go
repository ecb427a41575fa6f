package httpapi

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"switchboard/backend/auth"
	"switchboard/backend/inbox"
)

func (a *API) sandboxInfo(w http.ResponseWriter, r *http.Request) {
	info, err := a.Inbox.Sandbox(r.Context(), auth.FromContext(r.Context()).AccountID)
	respond(w, r, http.StatusOK, info, err)
}

// sandboxSend takes JSON (text, location) or a multipart form with an image.
func (a *API) sandboxSend(w http.ResponseWriter, r *http.Request) {
	accountID := auth.FromContext(r.Context()).AccountID
	var in inbox.PhoneMessage
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		m, ok := a.readUpload(w, r, func(name, mimeType string, size int64, f io.Reader) (*inbox.Media, error) {
			return a.Inbox.SandboxUpload(r.Context(), accountID, name, mimeType, size, f)
		})
		if !ok {
			return
		}
		in = inbox.PhoneMessage{From: r.FormValue("from"), Name: r.FormValue("name"), Type: "image", Text: r.FormValue("text"), Media: m}
		if v := r.FormValue("sender_id"); v != "" {
			in.SenderID, _ = strconv.ParseInt(v, 10, 64)
		}
	} else if !decodeJSON(w, r, &in) {
		return
	}
	id, err := a.Inbox.SandboxSend(r.Context(), accountID, in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"provider_message_id": id})
}

func (a *API) sandboxThread(w http.ResponseWriter, r *http.Request) {
	msgs, err := a.Inbox.SandboxThread(r.Context(), auth.FromContext(r.Context()).AccountID, r.URL.Query().Get("number"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[inbox.Message]{Items: msgs})
}

type sandboxReadRequest struct {
	Number string `json:"number"`
}

func (a *API) sandboxRead(w http.ResponseWriter, r *http.Request) {
	var in sandboxReadRequest
	if !decodeJSON(w, r, &in) {
		return
	}
	if err := a.Inbox.SandboxRead(r.Context(), auth.FromContext(r.Context()).AccountID, in.Number); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func (a *API) sandboxMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	rc, obj, err := a.Inbox.OpenSandboxMedia(r.Context(), auth.FromContext(r.Context()).AccountID, id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	defer rc.Close()
	serveObject(w, obj.ContentType, obj.Size, "", rc)
}
