package contactimport

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/phone"
	"switchboard/backend/spreadsheet"
)

// RowError is one problem with one row of the file. Row is the line in the
// file (the header is line 1), Column the header of the cell ("" for the
// row as a whole). Codes are stable; the web app translates them.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Row error codes besides those of contacts.ParseAttributeValue.
const (
	CodeInvalidNumber   = "invalid_number"
	CodeNoNumber        = "no_number"
	CodeDuplicateInFile = "duplicate_in_file"
	CodeInvalidStatus   = "invalid_status"
	CodeInvalidBoolean  = "invalid_boolean"
	CodeNumberTaken     = "number_taken"
	CodeTooLong         = "too_long"
	CodeInvalidConsent  = "invalid_consent"
	// Attribute numbers that do not parse are invalid_number_value, so
	// they are not mistaken for a bad phone number.
	CodeInvalidNumberValue = "invalid_number_value"
)

// maxNameLen bounds names, in characters.
const maxNameLen = 200

// maxConsentSourceLen bounds the consent source text, in characters.
const maxConsentSourceLen = 200

// record is one row read from the file: only the mapped, non-empty cells
// are set. Empty cells leave a field of an existing contact as it is.
type record struct {
	line      int
	name      *string
	firstName *string
	lastName  *string
	sms       string // E.164 or ""
	whatsapp  string
	status    *string
	blocked   *bool
	labels    []string
	attrs     map[string]any
	// waConsent and smsConsent are a declared consent.Granted or
	// consent.Revoked, or "" (none declared); consentSource says where.
	waConsent     string
	smsConsent    string
	consentSource string
}

// numbers are the row's distinct numbers.
func (r *record) numbers() []string {
	switch {
	case r.sms != "" && r.whatsapp != "" && r.sms != r.whatsapp:
		return []string{r.sms, r.whatsapp}
	case r.sms != "":
		return []string{r.sms}
	case r.whatsapp != "":
		return []string{r.whatsapp}
	}
	return nil
}

// parseRow reads the mapped cells of one row. A row with any error is not
// imported; all of its errors are reported.
func parseRow(cells []string, line int, cols []column, region string) (*record, []RowError) {
	rec := &record{line: line}
	var errs []RowError
	bad := func(col column, code, msg string) {
		errs = append(errs, RowError{Row: line, Column: col.header, Code: code, Message: msg})
	}
	for _, col := range cols {
		if col.index >= len(cells) {
			continue
		}
		// A ' in front of = + - @ is what our export (and Excel users) put
		// there to defuse formulas; the value is what follows it.
		raw := strings.TrimSpace(spreadsheet.Unneutralize(strings.TrimSpace(cells[col.index])))
		if raw == "" {
			continue
		}
		switch col.field {
		case FieldName, FieldFirstName, FieldLastName:
			if len([]rune(raw)) > maxNameLen {
				bad(col, CodeTooLong, fmt.Sprintf("is longer than %d characters", maxNameLen))
				continue
			}
			s := raw
			switch col.field {
			case FieldName:
				rec.name = &s
			case FieldFirstName:
				rec.firstName = &s
			default:
				rec.lastName = &s
			}
		case FieldSMSNumber, FieldWhatsAppNumber:
			n, err := normalizeNumber(raw, region)
			if err != nil {
				bad(col, CodeInvalidNumber, err.Error())
				continue
			}
			if col.field == FieldSMSNumber {
				rec.sms = n
			} else {
				rec.whatsapp = n
			}
		case FieldStatus:
			s, ok := parseStatus(raw)
			if !ok {
				bad(col, CodeInvalidStatus, fmt.Sprintf("%q is not a status (active or inactive)", raw))
				continue
			}
			rec.status = &s
		case FieldActivated:
			b, ok := parseBool(raw)
			if !ok {
				bad(col, CodeInvalidBoolean, fmt.Sprintf("%q is not 1 or 0 (yes or no)", raw))
				continue
			}
			s := "inactive"
			if b {
				s = "active"
			}
			rec.status = &s
		case FieldBlocked:
			b, ok := parseBool(raw)
			if !ok {
				bad(col, CodeInvalidBoolean, fmt.Sprintf("%q is not 1 or 0 (yes or no)", raw))
				continue
			}
			rec.blocked = &b
		case FieldWhatsAppConsent, FieldSMSConsent:
			state, ok := parseConsent(raw)
			if !ok {
				bad(col, CodeInvalidConsent, fmt.Sprintf("%q is not a consent (yes or no)", raw))
				continue
			}
			if col.field == FieldWhatsAppConsent {
				rec.waConsent = state
			} else {
				rec.smsConsent = state
			}
		case FieldConsentSource:
			if len([]rune(raw)) > maxConsentSourceLen {
				bad(col, CodeTooLong, fmt.Sprintf("is longer than %d characters", maxConsentSourceLen))
				continue
			}
			rec.consentSource = raw
		case FieldLabels:
			for l := range strings.SplitSeq(raw, ",") {
				if l = strings.TrimSpace(l); l != "" && len([]rune(l)) <= 100 {
					rec.labels = append(rec.labels, l)
				}
			}
		default:
			if col.attr == nil {
				continue
			}
			v, err := contacts.ParseAttributeValue(*col.attr, raw)
			if err != nil {
				code := "invalid_value"
				var fe *contacts.FieldError
				if errors.As(err, &fe) {
					code = fe.Code
				}
				if code == CodeInvalidNumber {
					code = CodeInvalidNumberValue
				}
				bad(col, code, fmt.Sprintf("%q %s", raw, err.Error()))
				continue
			}
			if rec.attrs == nil {
				rec.attrs = map[string]any{}
			}
			rec.attrs[col.attr.Key] = v
		}
	}
	if len(errs) == 0 && rec.sms == "" && rec.whatsapp == "" {
		errs = append(errs, RowError{Row: line, Code: CodeNoNumber, Message: "the row has neither an SMS nor a WhatsApp number"})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rec, nil
}

// normalizeNumber reads a phone number in the account's country. Digits
// without a leading 0 or + that are valid as an international number are
// read as one: spreadsheets drop the + of numbers stored as numbers
// (436641234567).
func normalizeNumber(raw, region string) (string, error) {
	if region == "" && !strings.HasPrefix(raw, "+") && !strings.HasPrefix(raw, "00") {
		if n, ok := validInternational(raw); ok {
			return n, nil
		}
		return "", errors.New("has no country code (e.g. +43) and the account has no default country")
	}
	n, err := phone.Normalize(raw, region)
	if err == nil && region != "" && !strings.HasPrefix(raw, "+") && !strings.HasPrefix(raw, "0") {
		if !isValid(n) {
			if intl, ok := validInternational(raw); ok {
				return intl, nil
			}
		}
	}
	if err != nil {
		return "", errors.New("is not a valid phone number")
	}
	return n, nil
}

func validInternational(raw string) (string, bool) {
	for _, r := range raw {
		if (r < '0' || r > '9') && r != ' ' {
			return "", false
		}
	}
	n, err := phone.Normalize("+"+raw, "")
	if err != nil || !isValid(n) {
		return "", false
	}
	return n, true
}

func isValid(e164 string) bool {
	p, err := phonenumbers.Parse(e164, "")
	return err == nil && phonenumbers.IsValidNumber(p)
}

func parseStatus(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "active", "aktiv", "activated", "aktiviert", "1", "yes", "ja":
		return "active", true
	case "inactive", "inaktiv", "deactivated", "deaktiviert", "0", "no", "nein":
		return "inactive", true
	}
	return "", false
}

// parseConsent reads a declared consent: yes grants, no revokes (also the
// states as the consents export writes them).
func parseConsent(s string) (string, bool) {
	switch strings.ToLower(s) {
	case consent.Granted, "erteilt":
		return consent.Granted, true
	case consent.Revoked, "widerrufen":
		return consent.Revoked, true
	}
	b, ok := parseBool(s)
	switch {
	case !ok:
		return "", false
	case b:
		return consent.Granted, true
	}
	return consent.Revoked, true
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "1", "yes", "ja", "true", "wahr", "x", "y", "j":
		return true, true
	case "0", "no", "nein", "false", "falsch", "n":
		return false, true
	}
	return false, false
}
