package contacts

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/database"
)

// maxNameLen bounds names (in characters).
const maxNameLen = 200

// Create adds a contact to the account's phone book.
func (s *Service) Create(ctx context.Context, accountID int64, in Input) (View, error) {
	var out View
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c := &Contact{AccountID: accountID, Status: StatusActive, Attributes: map[string]any{}}
		if err := s.apply(ctx, tx, c, in, true); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(c).Returning("*").Exec(ctx); err != nil {
			return mapUnique(err)
		}
		var err error
		out, err = s.get(ctx, tx, accountID, c.ID)
		return err
	})
	return out, err
}

// Update changes the fields in names; the others stay.
func (s *Service) Update(ctx context.Context, accountID, id int64, in Input) (View, error) {
	var out View
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c := new(Contact)
		err := tx.NewSelect().Model(c).Where("id = ? AND account_id = ?", id, accountID).For("UPDATE").Scan(ctx)
		if err != nil {
			return apperror.NotFoundOr(err, "contact")
		}
		if err := s.apply(ctx, tx, c, in, false); err != nil {
			return err
		}
		_, err = tx.NewUpdate().Model(c).
			Column("name", "first_name", "last_name", "sms_number", "whatsapp_number", "status", "blocked", "attributes").
			Set("updated_at = now()").WherePK().Exec(ctx)
		if err != nil {
			return mapUnique(err)
		}
		out, err = s.get(ctx, tx, accountID, c.ID)
		return err
	})
	return out, err
}

// apply validates in and writes it onto c. Numbers are locked for the
// transaction (as inbound messages lock them) and checked for belonging to
// another contact: a conflict names the field and the other contact.
func (s *Service) apply(ctx context.Context, tx bun.Tx, c *Contact, in Input, creating bool) error {
	country, err := s.DefaultCountry(ctx, tx, c.AccountID)
	if err != nil {
		return err
	}
	defs, err := s.attributeMap(ctx, tx, c.AccountID)
	if err != nil {
		return err
	}
	var v apperror.Validation
	text := func(o Optional[string], field string, dst *string) {
		if !o.Set {
			return
		}
		val := strings.TrimSpace(o.Value)
		v.Check(utf8.RuneCountInString(val) <= maxNameLen, field, fmt.Sprintf("must be at most %d characters", maxNameLen))
		*dst = val
	}
	text(in.Name, "name", &c.Name)
	text(in.FirstName, "first_name", &c.FirstName)
	text(in.LastName, "last_name", &c.LastName)
	number := func(o Optional[string], field string, dst **string) {
		if !o.Set {
			return
		}
		if o.Null || strings.TrimSpace(o.Value) == "" {
			*dst = nil
			return
		}
		n, err := NormalizeNumber(o.Value, country)
		v.Check(err == nil, field, "is not a valid phone number (use international format, e.g. +436641234567, or set the account's default country)")
		if err == nil {
			*dst = &n
		}
	}
	number(in.SMSNumber, FieldSMS, &c.SMSNumber)
	number(in.WhatsAppNumber, FieldWhatsApp, &c.WhatsAppNumber)
	if in.Status.Set {
		v.Check(in.Status.Value == StatusActive || in.Status.Value == StatusInactive, "status", "must be active or inactive")
		c.Status = in.Status.Value
	}
	if in.Blocked.Set && !in.Blocked.Null {
		c.Blocked = in.Blocked.Value
	}
	if c.Attributes == nil {
		c.Attributes = map[string]any{}
	}
	for key, raw := range in.Attributes {
		field := "attributes." + key
		def, ok := defs[key]
		if !ok {
			v.Check(false, field, "is not an attribute of this account")
			continue
		}
		val, err := parseJSONAttribute(def, raw)
		if err != nil {
			v.Check(false, field, err.Error())
			continue
		}
		if val == nil {
			delete(c.Attributes, key)
		} else {
			c.Attributes[key] = val
		}
	}
	v.Check(c.SMSNumber != nil || c.WhatsAppNumber != nil || c.WAUserID != nil, FieldSMS,
		"a contact needs an SMS or a WhatsApp number")
	if err := v.Err(); err != nil {
		return err
	}
	for _, f := range []struct {
		field  string
		number *string
	}{{FieldSMS, c.SMSNumber}, {FieldWhatsApp, c.WhatsAppNumber}} {
		if f.number == nil {
			continue
		}
		if err := lockNumber(ctx, tx, c.AccountID, *f.number); err != nil {
			return err
		}
		var other int64
		q := tx.NewSelect().Table("contacts").Column("id").
			Where("account_id = ? AND ? = ?", c.AccountID, bun.Ident(f.field), *f.number)
		if !creating {
			q.Where("id <> ?", c.ID)
		}
		if err := q.Limit(1).Scan(ctx, &other); err == nil {
			return numberConflict(f.field, other)
		}
	}
	return nil
}

// numberConflict is the 409 for a number that belongs to contact other.
func numberConflict(field string, other int64) error {
	e := apperror.Conflict(field, fmt.Sprintf("already belongs to contact %d", other))
	e.Code = "number_taken"
	e.Details = map[string]any{"field": field, "contact_id": other}
	return e
}

// mapUnique turns a unique violation that slipped past the checks into a 409.
func mapUnique(err error) error {
	switch database.UniqueViolation(err) {
	case "contacts_sms_key":
		return apperror.Conflict(FieldSMS, "already belongs to another contact")
	case "contacts_whatsapp_key":
		return apperror.Conflict(FieldWhatsApp, "already belongs to another contact")
	case "":
		return fmt.Errorf("contacts: write: %w", err)
	}
	return apperror.Conflict("", "the contact clashes with another one")
}

// parseJSONAttribute reads one attribute value of a JSON body.
func parseJSONAttribute(def AttributeDef, raw json.RawMessage) (any, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, &FieldError{Code: "invalid_value", Message: "is not a JSON value"}
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return ParseAttributeValue(def, x)
	case float64:
		if def.Type == TypeNumber {
			return x, nil
		}
		return ParseAttributeValue(def, FormatAttributeValue(x))
	case bool:
		if def.Type == TypeBoolean {
			return x, nil
		}
	}
	return nil, &FieldError{Code: "invalid_value", Message: "must be a " + def.Type + " value"}
}

// Delete removes a contact with its conversations and messages.
func (s *Service) Delete(ctx context.Context, accountID, id int64) error {
	res, err := s.db.NewDelete().Model((*Contact)(nil)).Where("id = ? AND account_id = ?", id, accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("contacts: delete: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperror.NotFound("contact")
	}
	return nil
}
