package contactimport

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"switchboard/backend/apperror"
	"switchboard/backend/contacts"
)

// The fields a column can be mapped to. An attribute is "attr.<key>".
const (
	FieldName           = "name"
	FieldFirstName      = "first_name"
	FieldLastName       = "last_name"
	FieldSMSNumber      = "sms_number"
	FieldWhatsAppNumber = "whatsapp_number"
	FieldStatus         = "status"
	FieldActivated      = "activated"
	FieldBlocked        = "blocked"
	FieldLabels         = "labels"
	// The consent columns declare that the row's numbers agreed to
	// receive messages (yes) or withdrew (no); the source column says
	// where, e.g. "Messe 2026 Formular".
	FieldWhatsAppConsent = "whatsapp_consent"
	FieldSMSConsent      = "sms_consent"
	FieldConsentSource   = "consent_source"
	FieldIgnore          = "ignore"

	attrPrefix = "attr."
)

// Fields lists every field a column may be mapped to, besides attributes.
var Fields = []string{FieldName, FieldFirstName, FieldLastName, FieldSMSNumber, FieldWhatsAppNumber,
	FieldStatus, FieldActivated, FieldBlocked, FieldLabels, FieldWhatsAppConsent, FieldSMSConsent, FieldConsentSource, FieldIgnore}

// headerNames are the headers (normalised by headerKey) that map to a field
// without an explicit mapping, in English and German.
var headerNames = map[string]string{
	"name": FieldName, "displayname": FieldName, "anzeigename": FieldName, "fullname": FieldName,
	"kontakt": FieldName, "contact": FieldName, "vollstandigername": FieldName,
	"firstname": FieldFirstName, "vorname": FieldFirstName, "givenname": FieldFirstName,
	"lastname": FieldLastName, "nachname": FieldLastName, "surname": FieldLastName, "familienname": FieldLastName,
	"smsnumber": FieldSMSNumber, "sms": FieldSMSNumber, "smsnummer": FieldSMSNumber, "handy": FieldSMSNumber,
	"handynummer": FieldSMSNumber, "mobil": FieldSMSNumber, "mobile": FieldSMSNumber, "mobilnummer": FieldSMSNumber,
	"mobilephone": FieldSMSNumber, "phone": FieldSMSNumber, "telefon": FieldSMSNumber, "telefonnummer": FieldSMSNumber,
	"whatsappnumber": FieldWhatsAppNumber, "whatsapp": FieldWhatsAppNumber, "whatsappnummer": FieldWhatsAppNumber,
	"status":    FieldStatus,
	"activated": FieldActivated, "active": FieldActivated, "aktiv": FieldActivated, "aktiviert": FieldActivated,
	"blocked": FieldBlocked, "gesperrt": FieldBlocked, "blockiert": FieldBlocked,
	"labels": FieldLabels, "label": FieldLabels, "tags": FieldLabels, "etiketten": FieldLabels,
	// Consent columns, e.g. "WhatsApp-Freigabe", "SMS Einwilligung", "Quelle der Freigabe".
	"whatsappconsent": FieldWhatsAppConsent, "whatsappfreigabe": FieldWhatsAppConsent, "whatsappeinwilligung": FieldWhatsAppConsent,
	"whatsappoptin": FieldWhatsAppConsent, "whatsappzustimmung": FieldWhatsAppConsent,
	"smsconsent": FieldSMSConsent, "smsfreigabe": FieldSMSConsent, "smseinwilligung": FieldSMSConsent,
	"smsoptin": FieldSMSConsent, "smszustimmung": FieldSMSConsent,
	"consentsource": FieldConsentSource, "optinsource": FieldConsentSource, "freigabequelle": FieldConsentSource,
	"einwilligungsquelle": FieldConsentSource, "quellederfreigabe": FieldConsentSource, "quelledereinwilligung": FieldConsentSource,
}

// headerKey folds a header for matching: lower case, letters and digits
// only, umlauts and accents dropped to their base letter.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch r {
		case 'ä', 'á', 'à', 'â':
			r = 'a'
		case 'ö', 'ó', 'ò', 'ô':
			r = 'o'
		case 'ü', 'ú', 'ù', 'û':
			r = 'u'
		case 'é', 'è', 'ê':
			r = 'e'
		case 'ß':
			b.WriteString("ss")
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SuggestMapping maps each header to a field by its name (English or
// German), an attribute key or label, or "ignore".
func SuggestMapping(headers []string, attrs []contacts.AttributeDef) map[string]string {
	out := make(map[string]string, len(headers))
	taken := map[string]bool{}
	for _, h := range headers {
		f := guessField(h, attrs)
		if f != FieldIgnore && taken[f] {
			f = FieldIgnore // the first column of that name wins
		}
		taken[f] = true
		out[h] = f
	}
	return out
}

func guessField(h string, attrs []contacts.AttributeDef) string {
	trimmed := strings.TrimSpace(h)
	if key, ok := strings.CutPrefix(strings.ToLower(trimmed), attrPrefix); ok {
		for _, a := range attrs {
			if a.Key == key {
				return attrPrefix + a.Key
			}
		}
	}
	k := headerKey(trimmed)
	if f, ok := headerNames[k]; ok {
		return f
	}
	for _, a := range attrs {
		if headerKey(a.Key) == k || headerKey(a.Label) == k {
			return attrPrefix + a.Key
		}
	}
	return FieldIgnore
}

// column is what one column of the file is read as.
type column struct {
	index  int
	header string
	field  string
	attr   *contacts.AttributeDef
}

// resolveColumns turns the header row and a mapping (nil: suggested from
// the headers) into the columns to read. It refuses mappings to unknown
// fields or attributes, a field mapped twice and a file without a number
// column.
func resolveColumns(headers []string, mapping map[string]string, attrs []contacts.AttributeDef) ([]column, error) {
	if len(mapping) == 0 {
		mapping = SuggestMapping(headers, attrs)
	}
	byKey := map[string]*contacts.AttributeDef{}
	for i := range attrs {
		byKey[attrs[i].Key] = &attrs[i]
	}
	present := map[string]bool{}
	for _, h := range headers {
		present[h] = true
	}
	var v apperror.Validation
	var unknown []string
	for h := range mapping {
		if !present[h] {
			unknown = append(unknown, h)
		}
	}
	sort.Strings(unknown)
	v.Check(len(unknown) == 0, "mapping", fmt.Sprintf("names columns the file does not have: %s", strings.Join(unknown, ", ")))
	var cols []column
	used := map[string]string{}
	for i, h := range headers {
		f, ok := mapping[h]
		if !ok || f == FieldIgnore || f == "" {
			continue
		}
		col := column{index: i, header: h, field: f}
		if key, isAttr := strings.CutPrefix(f, attrPrefix); isAttr {
			col.attr = byKey[key]
			v.Check(col.attr != nil, "mapping", fmt.Sprintf("column %q: there is no attribute %q", h, key))
		} else {
			v.Check(isField(f), "mapping", fmt.Sprintf("column %q: %q is not a field (use one of %s or attr.<key>)", h, f, strings.Join(Fields, ", ")))
		}
		if prev, dup := used[f]; dup {
			v.Check(false, "mapping", fmt.Sprintf("columns %q and %q are both mapped to %s", prev, h, f))
		}
		used[f] = h
		cols = append(cols, col)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if used[FieldSMSNumber] == "" && used[FieldWhatsAppNumber] == "" {
		return nil, &apperror.Error{Kind: apperror.ErrValidation, Code: "no_number_column",
			Message: "the file has no SMS or WhatsApp number column (headers such as SMS, WhatsApp, Handy, sms_number, whatsapp_number); map one",
			Fields:  map[string]string{"file": "has no number column"}}
	}
	return cols, nil
}

func isField(f string) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}
