// Package httpapi is Switchboard's HTTP layer: the route table with each
// route's permission, middleware, thin handlers and the JSON error envelope.
package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"switchboard/backend/apperror"
	"switchboard/backend/database"
	"switchboard/backend/spreadsheet"
)

// errorBody is the one JSON error envelope of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Details map[string]any    `json:"details,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

func writeErrorCode(w http.ResponseWriter, status int, code, msg string, fields map[string]string) {
	writeJSON(w, status, errorBody{errorDetail{Code: code, Message: msg, Fields: fields}})
}

// statusOf maps a sentinel to its HTTP status.
func statusOf(err error) int {
	switch {
	case errors.Is(err, apperror.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, apperror.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, apperror.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, apperror.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, apperror.ErrValidation):
		return http.StatusUnprocessableEntity
	case errors.Is(err, apperror.ErrBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, apperror.ErrTooMany):
		return http.StatusTooManyRequests
	case errors.Is(err, apperror.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// unavailableRetryAfter is the Retry-After (seconds) of a 503 for a
// temporary database fault.
const unavailableRetryAfter = 5

// writeError turns any error into the envelope. Errors that are not
// apperror values become a 500 whose body carries no internals; the cause is
// logged.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apperror.Error
	if errors.As(err, &ae) {
		status := statusOf(ae)
		if ae.RetryAfterSeconds > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(ae.RetryAfterSeconds))
		}
		writeJSON(w, status, errorBody{errorDetail{Code: ae.Code, Message: ae.Message, Fields: ae.Fields, Details: ae.Details}})
		return
	}
	if status := statusOf(err); status != http.StatusInternalServerError {
		writeErrorCode(w, status, codeOf(status), http.StatusText(status), nil)
		return
	}
	if abandoned(w, r, err) {
		return
	}
	if database.Unavailable(err) {
		// A temporary fault: the client (a provider, the app) retries; it
		// must never read this as "does not exist".
		slog.WarnContext(r.Context(), "database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", strconv.Itoa(unavailableRetryAfter))
		writeErrorCode(w, http.StatusServiceUnavailable, "unavailable",
			"the database cannot be reached right now; please try again shortly", nil)
		return
	}
	requestLogger(r).ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeErrorCode(w, http.StatusInternalServerError, "internal", "something went wrong on our side; please try again", nil)
}

func codeOf(status int) string {
	switch status {
	case http.StatusNotFound:
		return "not_found"
	case http.StatusConflict:
		return "conflict"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusUnprocessableEntity:
		return "validation_failed"
	case http.StatusTooManyRequests:
		return "too_many_requests"
	case http.StatusServiceUnavailable:
		return "unavailable"
	}
	return "error"
}

const maxJSONBody = 1 << 20

// decodeJSON reads a JSON request body into v. Malformed JSON, unknown
// fields, trailing data and oversized bodies are the caller's mistakes.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errTrailingData
		}
	}
	if err == nil {
		return true
	}
	writeDecodeError(w, err)
	return false
}

// pathID parses a positive int64 path parameter; anything else is a 404,
// as no object has that id.
func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		writeErrorCode(w, http.StatusNotFound, "not_found", name+" not found", nil)
		return 0, false
	}
	return id, true
}

// page reads keyset pagination parameters ?after=&limit=.
func page(w http.ResponseWriter, r *http.Request, defLimit, maxLimit int) (after int64, limit int, ok bool) {
	return idPage(w, r, "after", defLimit, maxLimit)
}

// cursorPage reads ?cursor=&limit= (the last id of the previous page).
func cursorPage(w http.ResponseWriter, r *http.Request, defLimit, maxLimit int) (after int64, limit int, ok bool) {
	return idPage(w, r, "cursor", defLimit, maxLimit)
}

// idPage reads ?<param>=&limit= where the cursor is the last id of the
// previous page.
func idPage(w http.ResponseWriter, r *http.Request, param string, defLimit, maxLimit int) (after int64, limit int, ok bool) {
	q := r.URL.Query()
	limit = defLimit
	fields := map[string]string{}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			fields["limit"] = "must be a number from 1 to " + strconv.Itoa(maxLimit)
		}
		limit = n
	}
	if v := q.Get(param); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			fields[param] = "must be a cursor returned by a previous page"
		}
		after = n
	}
	if len(fields) > 0 {
		writeErrorCode(w, http.StatusBadRequest, "bad_query", "invalid query parameters", fields)
		return 0, 0, false
	}
	return after, limit, true
}

// respond writes v with status, or err as the envelope: the tail of every
// handler that calls one service method.
func respond(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

// noContent answers 204, or err as the envelope.
func noContent(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// downloadFormat reads ?format=csv|xlsx (csv when absent); anything else is
// answered 400 with the field named.
func downloadFormat(w http.ResponseWriter, r *http.Request) (spreadsheet.Format, bool) {
	switch f := spreadsheet.Format(r.URL.Query().Get("format")); f {
	case "":
		return spreadsheet.FormatCSV, true
	case spreadsheet.FormatCSV, spreadsheet.FormatXLSX:
		return f, true
	}
	writeErrorCode(w, http.StatusBadRequest, "bad_query", "invalid query parameters", map[string]string{"format": "must be csv or xlsx"})
	return "", false
}
