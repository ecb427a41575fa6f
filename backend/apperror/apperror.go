// Package apperror defines the sentinel errors services return; the HTTP
// layer maps them to status codes and the JSON error envelope in one place.
package apperror

import (
	"database/sql"
	"errors"
	"fmt"
)

// Sentinels every service error unwraps to.
var (
	ErrNotFound        = errors.New("not found")
	ErrConflict        = errors.New("conflict")
	ErrForbidden       = errors.New("forbidden")
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrValidation      = errors.New("validation failed")
	ErrBadRequest      = errors.New("bad request")
	ErrTooMany         = errors.New("too many requests")
	ErrUnavailable     = errors.New("unavailable")
)

// Error is a service error with a machine code, a human message and
// optional per-field messages. It unwraps to one of the sentinels.
type Error struct {
	Kind    error
	Code    string
	Message string
	Fields  map[string]string
	// RetryAfterSeconds is set for ErrTooMany.
	RetryAfterSeconds int
	// Details carries machine-readable facts about the error (e.g. the id
	// of the contact that already has a number); sent as "details".
	Details map[string]any
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Kind }

// NotFound reports a missing object; what names it ("user", "conversation").
func NotFound(what string) *Error {
	return &Error{Kind: ErrNotFound, Code: "not_found", Message: what + " not found"}
}

// Conflict reports a uniqueness clash on field.
func Conflict(field, msg string) *Error {
	e := &Error{Kind: ErrConflict, Code: "conflict", Message: msg}
	if field != "" {
		e.Fields = map[string]string{field: msg}
	}
	return e
}

// Forbidden reports a permission problem.
func Forbidden(msg string) *Error {
	return &Error{Kind: ErrForbidden, Code: "forbidden", Message: msg}
}

// Invalid reports a request that breaks a rule not tied to a field (code
// names the rule, e.g. "window_closed").
func Invalid(code, msg string) *Error {
	return &Error{Kind: ErrValidation, Code: code, Message: msg}
}

// Validation collects field errors.
type Validation struct{ fields map[string]string }

// Check records msg for field when ok is false; the first message per field wins.
func (v *Validation) Check(ok bool, field, msg string) {
	if ok {
		return
	}
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, seen := v.fields[field]; !seen {
		v.fields[field] = msg
	}
}

// Err returns nil when every check passed, else an *Error naming the fields.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: ErrValidation, Code: "validation_failed",
		Message: fmt.Sprintf("%d field(s) are invalid", len(v.fields)), Fields: v.fields}
}

// NotFoundOr maps a lookup's sql.ErrNoRows to NotFound(what) and returns
// every other error as it is: a failed lookup (the database unreachable) is
// a fault to report, never "does not exist".
func NotFoundOr(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return NotFound(what)
	}
	return err
}
