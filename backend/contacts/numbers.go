package contacts

import (
	"context"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"github.com/uptrace/bun"

	"switchboard/backend/phone"
)

// NormalizeNumber reads raw as a phone number in E.164; national numbers
// (0664 1234567) are read in country, the account's default country.
func NormalizeNumber(raw, country string) (string, error) {
	n := strings.TrimSpace(raw)
	if country != "" && !strings.HasPrefix(n, "+") && !strings.HasPrefix(n, "00") {
		return phone.Normalize(n, country)
	}
	return phone.Normalize(n, "")
}

// FormatNumber shows an E.164 number in international format
// (+43 664 1234567); what it cannot parse it returns as it is.
func FormatNumber(e164 string) string {
	p, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return e164
	}
	return phonenumbers.Format(p, phonenumbers.INTERNATIONAL)
}

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 code
// libphonenumber knows (the empty code means "none").
func ValidCountry(code string) bool {
	return code == "" || (len(code) == 2 && phonenumbers.GetCountryCodeForRegion(code) != 0)
}

// DefaultCountry returns the account's default country ("" when unset).
func (s *Service) DefaultCountry(ctx context.Context, db bun.IDB, accountID int64) (string, error) {
	var cc string
	err := db.NewSelect().Table("accounts").Column("default_country").Where("id = ?", accountID).Scan(ctx, &cc)
	if err != nil {
		return "", fmt.Errorf("contacts: default country: %w", err)
	}
	return cc, nil
}

// numberPrefixes returns the E.164 prefixes a search for q means when q
// looks like (part of) a phone number: its digits as international, and
// read as a national number in country. Nil when q is no number.
func numberPrefixes(q, country string) []string {
	digits := make([]byte, 0, len(q))
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' || c == ' ' || c == '-' || c == '(' || c == ')' || c == '/' || c == '.':
		default:
			return nil
		}
	}
	if len(digits) < 2 {
		return nil
	}
	d := string(digits)
	switch {
	case strings.HasPrefix(strings.TrimSpace(q), "+"):
		return []string{"+" + d}
	case strings.HasPrefix(d, "00"):
		return []string{"+" + d[2:]}
	}
	out := []string{"+" + d}
	if strings.HasPrefix(d, "0") && country != "" {
		if cc := phonenumbers.GetCountryCodeForRegion(country); cc != 0 {
			out = append(out, fmt.Sprintf("+%d%s", cc, d[1:]))
		}
	}
	return out
}
