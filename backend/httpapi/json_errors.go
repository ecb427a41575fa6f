package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// errTrailingData: the body holds more than one JSON value.
var errTrailingData = errors.New("httpapi: data after the JSON value")

// writeDecodeError says in the envelope's own words, never the Go
// decoder's, why a JSON request body was refused; the field is named when
// the decoder knows it. The code is always malformed_json, or too_large.
func writeDecodeError(w http.ResponseWriter, err error) {
	var tooLarge *http.MaxBytesError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var timeErr *time.ParseError
	bad := func(msg string, fields map[string]string) {
		writeErrorCode(w, http.StatusBadRequest, "malformed_json", msg, fields)
	}
	switch {
	case bodyTimedOut(err):
		writeBodyTimeout(w)
	case errors.As(err, &tooLarge):
		writeErrorCode(w, http.StatusRequestEntityTooLarge, "too_large", "request body is larger than 1 MiB", nil)
	case errors.Is(err, io.EOF):
		bad("request body is empty; a JSON object is expected", nil)
	case errors.Is(err, io.ErrUnexpectedEOF):
		bad("request body is not valid JSON (it ends before the value is complete)", nil)
	case errors.As(err, &syntaxErr):
		bad("request body is not valid JSON (at byte "+strconv.FormatInt(syntaxErr.Offset, 10)+")", nil)
	case errors.Is(err, errTrailingData):
		bad("request body must be a single JSON value; more data follows it", nil)
	case errors.As(err, &typeErr) && typeErr.Field != "":
		bad("field has the wrong type", map[string]string{typeErr.Field: "must be " + jsonKind(typeErr.Type)})
	case errors.As(err, &typeErr):
		bad("request body must be "+jsonKind(typeErr.Type), nil)
	case unknownField(err) != "":
		bad("request body has a field this endpoint does not know", map[string]string{unknownField(err): "is not a known field"})
	case errors.As(err, &timeErr) || strings.HasPrefix(err.Error(), "Time.UnmarshalJSON"):
		bad("a time must be a string like 2006-01-02T15:04:05Z (RFC 3339)", nil)
	default:
		bad("request body is not valid JSON for this endpoint", nil)
	}
}

// unknownField is the name encoding/json reports for a field
// DisallowUnknownFields refused (it has no error type for this).
func unknownField(err error) string {
	rest, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return ""
	}
	name, uerr := strconv.Unquote(rest)
	if uerr != nil {
		return rest
	}
	return name
}

// jsonKind names a Go type as the JSON value it is decoded from, with its
// article: "a string", "a number", "an object".
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a different kind of value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[time.Time]() {
		return "a time string (RFC 3339)"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a whole number in range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "a base64 string"
		}
		return "an array"
	}
	return "a different kind of value"
}
