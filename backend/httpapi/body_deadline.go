package httpapi

import (
	"errors"
	"net/http"
	"os"
	"strconv"
	"time"
)

// bodyDeadline bounds the time a client may take to send its request body,
// so a body trickled a byte at a time cannot hold a connection open
// indefinitely. Routes that take uploads extend it (see parseUpload).
// Websocket upgrades carry no body and set their own deadlines.
func (a *API) bodyDeadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody && a.Config.BodyReadTimeout > 0 {
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(a.Config.BodyReadTimeout))
		}
		next.ServeHTTP(w, r)
	})
}

// extendBodyDeadline gives an upload route longer to read its body.
func (a *API) extendBodyDeadline(w http.ResponseWriter) {
	if a.Config.UploadReadTimeout > 0 {
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(a.Config.UploadReadTimeout))
	}
}

// bodyTimedOut reports whether reading the body failed on its deadline.
func bodyTimedOut(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded)
}

func writeBodyTimeout(w http.ResponseWriter) {
	// The connection cannot be reused: the rest of the body never came.
	w.Header().Set("Connection", "close")
	writeErrorCode(w, http.StatusRequestTimeout, "body_timeout",
		"the request body did not arrive in time", nil)
}

// parseUpload reads a multipart form carrying a file of at most fileLimit
// bytes (plus room for the form's other parts), with the upload read
// deadline. It answers the client itself when it fails.
func (a *API) parseUpload(w http.ResponseWriter, r *http.Request, fileLimit int64) bool {
	a.extendBodyDeadline(w)
	r.Body = http.MaxBytesReader(w, r.Body, fileLimit+1<<20)
	err := r.ParseMultipartForm(8 << 20)
	if err == nil {
		return true
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeErrorCode(w, http.StatusRequestEntityTooLarge, "too_large",
			"the file is larger than "+strconv.FormatInt(fileLimit>>20, 10)+" MB", nil)
	case bodyTimedOut(err):
		writeBodyTimeout(w)
	default:
		writeErrorCode(w, http.StatusBadRequest, "bad_form", "the upload is not a valid multipart form", nil)
	}
	return false
}
