package httpapi

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"

	"switchboard/backend/auth"
	"switchboard/backend/inbox"
)

func viewerOf(r *http.Request) inbox.Viewer {
	p := auth.FromContext(r.Context())
	return inbox.Viewer{AccountID: p.AccountID, UserID: p.UserID, Role: p.Role}
}

func queryInt(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		writeErrorCode(w, http.StatusBadRequest, "bad_query", "invalid query parameters", map[string]string{name: "must be a positive number"})
		return 0, false
	}
	return n, true
}

func (a *API) listConversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	channelID, ok := queryInt(w, r, "channel_id")
	if !ok {
		return
	}
	contactID, ok := queryInt(w, r, "contact_id")
	if !ok {
		return
	}
	labelID, ok := queryInt(w, r, "label_id")
	if !ok {
		return
	}
	limit, ok := queryInt(w, r, "limit")
	if !ok {
		return
	}
	queueID, ok := queryInt(w, r, "queue_id")
	if !ok {
		return
	}
	assigneeID, ok := queryInt(w, r, "assignee_id")
	if !ok {
		return
	}
	page, err := a.Inbox.ListConversations(r.Context(), viewerOf(r), inbox.ListFilter{
		QueueID: queueID, AssigneeID: assigneeID,
		Tab: q.Get("tab"), Status: q.Get("status"), ChannelID: channelID, ContactID: contactID, LabelID: labelID,
		Query: q.Get("q"), Cursor: q.Get("cursor"), Limit: int(limit),
	})
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

type conversationResponse struct {
	inbox.ConversationView
	WindowOpen bool `json:"window_open"`
}

func (a *API) getConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := a.Inbox.GetConversation(r.Context(), viewerOf(r), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, conversationResponse{c, a.Inbox.WindowOpen(c)})
}

func (a *API) updateConversation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in inbox.ConversationUpdate
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Inbox.UpdateConversation(r.Context(), viewerOf(r), id, in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, conversationResponse{c, a.Inbox.WindowOpen(c)})
}

func (a *API) markConversationRead(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Inbox.MarkRead(r.Context(), viewerOf(r), id))
}

func (a *API) listMessages(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	before, ok := queryInt(w, r, "before")
	if !ok {
		return
	}
	after, ok := queryInt(w, r, "after")
	if !ok {
		return
	}
	limit, ok := queryInt(w, r, "limit")
	if !ok {
		return
	}
	items, err := a.Inbox.ListMessages(r.Context(), viewerOf(r), id, before, after, int(limit))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[inbox.MessageView]{Items: items})
}

// maxUpload bounds a browser upload's file; each channel's own limits are lower.
const maxUpload = 100 << 20

// sendMessage takes JSON {kind, body, reply_to_id} or a multipart form with
// a file (and optional body, reply_to_id) for attachments.
func (a *API) sendMessage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in inbox.OutgoingInput
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		m, ok := a.readUpload(w, r, func(name, mimeType string, size int64, f io.Reader) (*inbox.Media, error) {
			return a.Inbox.StoreUpload(r.Context(), viewerOf(r), id, name, mimeType, size, f)
		})
		if !ok {
			return
		}
		in.Media, in.Body = m, r.FormValue("body")
		if v := r.FormValue("reply_to_id"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				writeErrorCode(w, http.StatusUnprocessableEntity, "validation_failed", "reply_to_id is invalid", map[string]string{"reply_to_id": "must be a message id"})
				return
			}
			in.ReplyToID = &n
		}
	} else if !decodeJSON(w, r, &in) {
		return
	}
	msg, err := a.Inbox.SendMessage(r.Context(), viewerOf(r), id, in)
	respond(w, r, http.StatusCreated, msg, err)
}

// readUpload parses a multipart form's "file" part and hands it to store.
func (a *API) readUpload(w http.ResponseWriter, r *http.Request, store func(name, mimeType string, size int64, f io.Reader) (*inbox.Media, error)) (*inbox.Media, bool) {
	if !a.parseUpload(w, r, maxUpload) {
		return nil, false
	}
	f, hdr, mimeType, ok := formFile(w, r)
	if !ok {
		return nil, false
	}
	defer f.Close()
	m, err := store(hdr.Filename, mimeType, hdr.Size, f)
	if err != nil {
		writeError(w, r, err)
		return nil, false
	}
	return m, true
}

// formFile returns the multipart form's "file" part and its content type,
// guessed from the file name when the browser sent none.
func formFile(w http.ResponseWriter, r *http.Request) (multipart.File, *multipart.FileHeader, string, bool) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		writeErrorCode(w, http.StatusUnprocessableEntity, "validation_failed", "a file is required", map[string]string{"file": "is required"})
		return nil, nil, "", false
	}
	mimeType := hdr.Header.Get("Content-Type")
	if mimeType == "" || mimeType == "application/octet-stream" {
		if guess := mime.TypeByExtension(strings.ToLower(path.Ext(hdr.Filename))); guess != "" {
			mimeType = guess
		}
	}
	return f, hdr, mimeType, true
}

func (a *API) retryMessage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	msg, err := a.Inbox.RetryMessage(r.Context(), viewerOf(r), id)
	respond(w, r, http.StatusOK, msg, err)
}

// messageMedia streams an attachment to a signed-in viewer; media is never
// reachable without the application's permission check.
func (a *API) messageMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	rc, obj, m, err := a.Inbox.OpenMedia(r.Context(), viewerOf(r), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	defer rc.Close()
	serveObject(w, obj.ContentType, obj.Size, m.Filename, rc)
}

// serveObject streams a stored file. Whatever type it claims, it never runs
// in our origin: only plain images, audio and video are inline, everything
// else (HTML, SVG, XML, scripts, PDF…) is an attachment, and the sandbox
// policy and nosniff hold even where a browser would render it.
func serveObject(w http.ResponseWriter, contentType string, size int64, filename string, rc io.Reader) {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	w.Header().Set("Content-Type", contentType)
	if size > 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", mediaCSP)
	disposition := "attachment"
	if inlineSafe(contentType) {
		disposition = "inline"
	}
	w.Header().Set("Content-Disposition", contentDisposition(disposition, filename))
	_, _ = io.Copy(w, rc)
}
