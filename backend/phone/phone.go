// Package phone normalises phone numbers to E.164 with libphonenumber.
package phone

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrInvalid is returned for input that is no possible phone number.
var ErrInvalid = errors.New("is not a valid phone number (use international format, e.g. +4915112345678)")

// Normalize returns number in E.164 form. Numbers without a leading + are
// read in defaultRegion (an ISO country code such as "DE"); with region ""
// a bare digit string is taken as international (as WhatsApp's wa_id is).
func Normalize(number, defaultRegion string) (string, error) {
	n := strings.TrimSpace(number)
	if n == "" {
		return "", ErrInvalid
	}
	if strings.HasPrefix(n, "00") {
		n = "+" + n[2:]
	}
	if defaultRegion == "" && !strings.HasPrefix(n, "+") {
		n = "+" + n
	}
	p, err := phonenumbers.Parse(n, defaultRegion)
	if err != nil || !phonenumbers.IsPossibleNumber(p) {
		return "", ErrInvalid
	}
	return phonenumbers.Format(p, phonenumbers.E164), nil
}
