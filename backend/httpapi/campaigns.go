package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"switchboard/backend/auth"
	"switchboard/backend/campaigns"
)

func campaignActor(r *http.Request) campaigns.Actor {
	p := auth.FromContext(r.Context())
	if p.UserID == 0 {
		return campaigns.Actor{}
	}
	return campaigns.Actor{UserID: &p.UserID}
}

func (a *API) listCampaigns(w http.ResponseWriter, r *http.Request) {
	before, limit, ok := cursorPage(w, r, 50, 200)
	if !ok {
		return
	}
	page, err := a.Campaigns.List(r.Context(), accountOf(r),
		campaigns.ListFilter{Status: r.URL.Query().Get("status"), Before: before, Limit: limit})
	respond(w, r, http.StatusOK, page, err)
}

func (a *API) getCampaign(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := a.Campaigns.Get(r.Context(), accountOf(r), id)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) createCampaign(w http.ResponseWriter, r *http.Request) {
	var in campaigns.Input
	if !decodeJSON(w, r, &in) {
		return
	}
	c, err := a.Campaigns.Create(r.Context(), accountOf(r), in, campaignActor(r))
	respond(w, r, http.StatusCreated, c, err)
}

func (a *API) previewCampaign(w http.ResponseWriter, r *http.Request) {
	var in campaigns.Input
	if !decodeJSON(w, r, &in) {
		return
	}
	p, err := a.Campaigns.Preview(r.Context(), accountOf(r), in)
	respond(w, r, http.StatusOK, p, err)
}

func (a *API) updateCampaign(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var patch json.RawMessage
	if !decodeJSON(w, r, &patch) {
		return
	}
	c, err := a.Campaigns.Update(r.Context(), accountOf(r), id, patch)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) deleteCampaign(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	noContent(w, r, a.Campaigns.Delete(r.Context(), accountOf(r), id))
}

// campaignStep is one of the status actions of the service.
type campaignStep func(s *campaigns.Service, ctx context.Context, accountID, id int64) (*campaigns.Campaign, error)

// campaignAction answers a status action (pause, resume, stop, retry).
func (a *API) campaignAction(w http.ResponseWriter, r *http.Request, step campaignStep) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := step(a.Campaigns, r.Context(), accountOf(r), id)
	respond(w, r, http.StatusOK, c, err)
}

func (a *API) pauseCampaign(w http.ResponseWriter, r *http.Request) {
	a.campaignAction(w, r, (*campaigns.Service).Pause)
}

func (a *API) resumeCampaign(w http.ResponseWriter, r *http.Request) {
	a.campaignAction(w, r, (*campaigns.Service).Resume)
}

func (a *API) stopCampaign(w http.ResponseWriter, r *http.Request) {
	a.campaignAction(w, r, (*campaigns.Service).Stop)
}

func (a *API) retryCampaign(w http.ResponseWriter, r *http.Request) {
	a.campaignAction(w, r, (*campaigns.Service).Retry)
}

func (a *API) duplicateCampaign(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	c, err := a.Campaigns.Duplicate(r.Context(), accountOf(r), id, campaignActor(r))
	respond(w, r, http.StatusCreated, c, err)
}

func (a *API) campaignRecipients(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	after, limit, ok := cursorPage(w, r, 100, 1000)
	if !ok {
		return
	}
	page, err := a.Campaigns.Recipients(r.Context(), accountOf(r), id,
		campaigns.RecipientFilter{Status: r.URL.Query().Get("status"), After: after, Limit: limit})
	respond(w, r, http.StatusOK, page, err)
}

func (a *API) exportCampaignRecipients(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	format, ok := downloadFormat(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", format.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="campaign-`+strconv.FormatInt(id, 10)+`-results.`+string(format)+`"`)
	cw := &countingWriter{w: w}
	err := a.Campaigns.Export(r.Context(), accountOf(r), id, format, r.URL.Query().Get("status"), cw)
	if err != nil && cw.n == 0 {
		w.Header().Del("Content-Disposition")
		writeError(w, r, err)
		return
	}
	if err != nil {
		requestLogger(r).WarnContext(r.Context(), "campaign export ended early", "campaign", id, "err", err)
	}
}

// countingWriter tells whether anything of a response was written.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (a *API) createCampaignFile(w http.ResponseWriter, r *http.Request) {
	if !a.parseUpload(w, r, campaigns.MaxFileSize) {
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, _, ok := formFile(w, r)
	if !ok {
		return
	}
	defer f.Close()
	out, err := a.Campaigns.ReadFile(r.Context(), accountOf(r), campaignActor(r), hdr.Filename, f, hdr.Size)
	respond(w, r, http.StatusCreated, out, err)
}

func (a *API) createCampaignMedia(w http.ResponseWriter, r *http.Request) {
	if !a.parseUpload(w, r, campaigns.MaxMediaSize) {
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, mimeType, ok := formFile(w, r)
	if !ok {
		return
	}
	defer f.Close()
	out, err := a.Campaigns.StoreMedia(r.Context(), accountOf(r), campaignActor(r), hdr.Filename, mimeType, hdr.Size, f)
	respond(w, r, http.StatusCreated, out, err)
}

func (a *API) contactCampaignMessages(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	items, err := a.Campaigns.ContactMessages(r.Context(), accountOf(r), id)
	respond(w, r, http.StatusOK, listResponse[campaigns.ContactMessage]{Items: items}, err)
}
