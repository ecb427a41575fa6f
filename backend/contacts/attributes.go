package contacts

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Attribute types.
const (
	TypeText    = "text"
	TypeNumber  = "number"
	TypeDate    = "date"
	TypeBoolean = "boolean"
	TypeChoice  = "choice"
)

// keyPattern is the shape of an attribute key (also checked by the schema).
var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// AttributeDef is a custom contact attribute an administrator defined for
// the account. Type is one of "text", "number", "date", "boolean", "choice";
// Options lists the choices of a "choice" attribute.
type AttributeDef struct {
	bun.BaseModel `bun:"table:contact_attributes" json:"-"`

	ID        int64     `bun:",pk,autoincrement" json:"id"`
	AccountID int64     `bun:",notnull" json:"-"`
	Key       string    `bun:",notnull" json:"key"`
	Label     string    `bun:",notnull" json:"label"`
	Type      string    `bun:",notnull" json:"type"`
	Options   []string  `bun:"type:jsonb,notnull" json:"options"`
	Position  int       `bun:",notnull" json:"position"`
	CreatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"-"`
}

// FieldError says why one value is invalid. Code is machine-readable
// ("invalid_number", "invalid_date", "invalid_boolean", "not_an_option",
// "too_long"); Params carries what the message mentions.
type FieldError struct {
	Code    string
	Message string
	Params  map[string]any
}

func (e *FieldError) Error() string { return e.Message }

// maxTextLen bounds a text attribute value (in characters).
const maxTextLen = 1000

// datePattern reads the German day-first form: 4.12.26, 04.12.2026.
var datePattern = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$`)

// ParseAttributeValue turns a raw string (form input, CSV cell) into the
// stored JSON value: text → string, number → float64 ("1,5" and "1.5"),
// date → "YYYY-MM-DD" (2026-12-04, 04.12.2026, 4.12.26; 12/04/2026 is
// refused as ambiguous), boolean → bool (yes/no/ja/nein/true/false/1/0/x),
// choice → the option as defined (matched case-insensitively). Empty raw
// gives (nil, nil): the attribute is cleared. The error is a *FieldError.
func ParseAttributeValue(def AttributeDef, raw string) (any, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, nil
	}
	switch def.Type {
	case TypeText:
		if len([]rune(s)) > maxTextLen {
			return nil, &FieldError{Code: "too_long", Message: fmt.Sprintf("is longer than %d characters", maxTextLen),
				Params: map[string]any{"max": maxTextLen}}
		}
		return s, nil
	case TypeNumber:
		return parseNumber(s)
	case TypeDate:
		return parseDate(s)
	case TypeBoolean:
		switch strings.ToLower(s) {
		case "yes", "ja", "true", "1", "x", "y", "j", "wahr":
			return true, nil
		case "no", "nein", "false", "0", "n", "falsch":
			return false, nil
		}
		return nil, &FieldError{Code: "invalid_boolean", Message: "is not yes or no"}
	case TypeChoice:
		for _, o := range def.Options {
			if strings.EqualFold(o, s) {
				return o, nil
			}
		}
		return nil, &FieldError{Code: "not_an_option", Message: fmt.Sprintf("is not one of %s", strings.Join(def.Options, ", ")),
			Params: map[string]any{"options": def.Options}}
	}
	return nil, &FieldError{Code: "invalid_type", Message: "has an unknown attribute type"}
}

func parseNumber(s string) (any, error) {
	bad := &FieldError{Code: "invalid_number", Message: "is not a number"}
	t := strings.ReplaceAll(s, " ", "")
	switch {
	case strings.Contains(t, ",") && strings.Contains(t, "."):
		// 1.234,5 (German) or 1,234.5 (English): the last one is the decimal mark.
		if strings.LastIndex(t, ",") > strings.LastIndex(t, ".") {
			t = strings.ReplaceAll(t, ".", "")
			t = strings.Replace(t, ",", ".", 1)
		} else {
			t = strings.ReplaceAll(t, ",", "")
		}
	case strings.Count(t, ",") == 1:
		t = strings.Replace(t, ",", ".", 1)
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E') {
			return nil, bad
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, bad
	}
	return f, nil
}

func parseDate(s string) (any, error) {
	bad := &FieldError{Code: "invalid_date", Message: "is not a date (use YYYY-MM-DD or DD.MM.YYYY)"}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006-01-02"), nil
	}
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return nil, bad
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	if len(m[3]) == 2 {
		// Two-digit years: 00–69 are this century, 70–99 the last (as spreadsheets read them).
		if year < 70 {
			year += 2000
		} else {
			year += 1900
		}
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month || t.Year() != year {
		return nil, bad
	}
	return t.Format("2006-01-02"), nil
}

// Attributes returns the account's attribute definitions in display order.
func (s *Service) Attributes(ctx context.Context, accountID int64) ([]AttributeDef, error) {
	var defs []AttributeDef
	err := s.db.NewSelect().Model(&defs).Where("account_id = ?", accountID).
		Order("position", "id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("contacts: list attributes: %w", err)
	}
	for i := range defs {
		if defs[i].Options == nil {
			defs[i].Options = []string{}
		}
	}
	return defs, nil
}

// FormatAttributeValue renders a stored attribute value as text (for
// placeholders and export); ParseAttributeValue reads it back.
func FormatAttributeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	}
	return fmt.Sprint(v)
}
