package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"switchboard/backend/auth"
	"switchboard/backend/campaigns"
	"switchboard/backend/inbox"
)

func (a *API) listChannels(w http.ResponseWriter, r *http.Request) {
	list, err := a.Inbox.ListChannels(r.Context(), auth.FromContext(r.Context()).AccountID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	views := make([]inbox.ChannelView, 0, len(list))
	for _, c := range list {
		views = append(views, c.View(a.Config.PublicURL))
	}
	writeJSON(w, http.StatusOK, listResponse[inbox.ChannelView]{Items: views})
}

func (a *API) getChannel(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := a.Inbox.GetChannel(r.Context(), auth.FromContext(r.Context()).AccountID, id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c.View(a.Config.PublicURL))
}

func (a *API) createChannel(w http.ResponseWriter, r *http.Request) {
	var in inbox.ChannelInput
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Inbox.CreateChannel(r.Context(), auth.FromContext(r.Context()).AccountID, in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if a.Templates != nil {
		a.Templates.ChannelCreated(r.Context(), c) // first template sync, in the background
	}
	writeJSON(w, http.StatusCreated, c.View(a.Config.PublicURL))
}

func (a *API) updateChannel(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in inbox.ChannelUpdate
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Inbox.UpdateChannel(r.Context(), auth.FromContext(r.Context()).AccountID, id, in)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c.View(a.Config.PublicURL))
}

func (a *API) addSender(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in inbox.SenderInput
	if !decodeJSON(w, r, &in) {
		return
	}
	snd, err := a.Inbox.AddSender(r.Context(), auth.FromContext(r.Context()).AccountID, id, in)
	respond(w, r, http.StatusCreated, snd, err)
}

func (a *API) removeSender(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	sid, ok := pathID(w, r, "senderID")
	if !ok {
		return
	}
	noContent(w, r, a.Inbox.RemoveSender(r.Context(), auth.FromContext(r.Context()).AccountID, id, sid))
}

// maxWebhookBody is the largest webhook we accept; WhatsApp's limit is 3 MB.
const maxWebhookBody = 4 << 20

func (a *API) whatsappHandshake(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "channelID")
	if !ok {
		return
	}
	challenge, err := a.Inbox.VerifyWhatsAppHandshake(r.Context(), id, r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, challenge)
}

// readWebhookBody reads a provider's request body within its size and time
// limits, answering the provider itself when it cannot.
func readWebhookBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return body, true
	case errors.As(err, &tooLarge):
		writeErrorCode(w, http.StatusRequestEntityTooLarge, "too_large", "webhook body is too large", nil)
	case bodyTimedOut(err):
		writeBodyTimeout(w)
	default:
		writeErrorCode(w, http.StatusBadRequest, "bad_body", "the request body could not be read", nil)
	}
	return nil, false
}

// whatsappWebhook answers 200 only once the payload is stored durably.
func (a *API) whatsappWebhook(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "channelID")
	if !ok {
		return
	}
	body, ok := readWebhookBody(w, r)
	if !ok {
		return
	}
	if err := a.Inbox.ReceiveWhatsApp(r.Context(), id, r.Header, body); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// twilioWebhook takes inbound SMS/MMS and status callbacks; it answers 200
// (empty TwiML, so no automatic reply) only once the payload is stored.
func (a *API) twilioWebhook(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "channelID")
	if !ok {
		return
	}
	body, ok := readWebhookBody(w, r)
	if !ok {
		return
	}
	// The provider signs the URL as configured there: our public URL.
	webhookURL := a.Config.PublicURL + r.URL.RequestURI()
	if err := a.Inbox.ReceiveTwilio(r.Context(), id, webhookURL, r.Header, body); err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	_, _ = io.WriteString(w, "<Response></Response>")
}

// publicMedia serves an outbound MMS attachment (a message's or a
// campaign's) to the SMS provider by its unguessable, expiring link.
func (a *API) publicMedia(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if strings.HasPrefix(token, campaigns.PublicMediaPrefix) {
		rc, obj, filename, err := a.Campaigns.OpenPublicMedia(r.Context(), token)
		if err != nil {
			writeError(w, r, err)
			return
		}
		defer rc.Close()
		serveObject(w, obj.ContentType, obj.Size, filename, rc)
		return
	}
	rc, obj, m, err := a.Inbox.OpenPublicMedia(r.Context(), token)
	if err != nil {
		writeError(w, r, err)
		return
	}
	defer rc.Close()
	serveObject(w, obj.ContentType, obj.Size, m.Filename, rc)
}
