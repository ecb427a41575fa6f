package contacts

import (
	"database/sql"
	"errors"

	"switchboard/backend/apperror"
)

// ErrBlocked refuses a send to a blocked contact.
var ErrBlocked = apperror.Invalid("contact_blocked",
	"the contact is blocked; unblock them in Contacts to send them messages")

// fieldError is a validation error naming one field.
func fieldError(field, msg string) error {
	var v apperror.Validation
	v.Check(false, field, msg)
	return v.Err()
}

// notFound maps a lookup's sql.ErrNoRows to NotFound(what); other errors
// (the database unreachable) stay faults.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperror.NotFound(what)
	}
	return err
}
