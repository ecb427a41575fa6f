package contacts

import "switchboard/backend/apperror"

// ErrBlocked refuses a send to a blocked contact.
var ErrBlocked = apperror.Invalid("contact_blocked",
	"the contact is blocked; unblock them in Contacts to send them messages")

// fieldError is a validation error naming one field.
func fieldError(field, msg string) error {
	var v apperror.Validation
	v.Check(false, field, msg)
	return v.Err()
}
