package accounts

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"switchboard/backend/apperror"
)

// Settings are the account-wide settings every member reads and
// administrators change.
type Settings struct {
	// DefaultCountry (ISO 3166-1 alpha-2, "" for none) reads national
	// phone numbers in imports, forms and searches.
	DefaultCountry string `json:"default_country"`
}

// SettingsInput changes the settings it names.
type SettingsInput struct {
	DefaultCountry *string `json:"default_country"`
}

// GetSettings returns the account's settings.
func (s *Service) GetSettings(ctx context.Context, accountID int64) (Settings, error) {
	a, err := s.GetAccount(ctx, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{}, apperror.NotFound("account")
	}
	if err != nil {
		return Settings{}, err
	}
	return Settings{DefaultCountry: a.DefaultCountry}, nil
}

// UpdateSettings changes the account's settings.
func (s *Service) UpdateSettings(ctx context.Context, accountID int64, in SettingsInput) (Settings, error) {
	if in.DefaultCountry != nil {
		cc := strings.ToUpper(strings.TrimSpace(*in.DefaultCountry))
		if cc != "" && (len(cc) != 2 || phonenumbers.GetCountryCodeForRegion(cc) == 0) {
			var v apperror.Validation
			v.Check(false, "default_country", "must be an ISO 3166-1 country code such as AT or DE")
			return Settings{}, v.Err()
		}
		_, err := s.db.NewUpdate().Model((*Account)(nil)).Set("default_country = ?", cc).Where("id = ?", accountID).Exec(ctx)
		if err != nil {
			return Settings{}, fmt.Errorf("accounts: update settings: %w", err)
		}
	}
	return s.GetSettings(ctx, accountID)
}

// MaxPreferenceSize bounds one stored preference value (bytes of JSON).
const MaxPreferenceSize = 16 << 10

// Preference returns the user's stored value for key, or JSON null.
func (s *Service) Preference(ctx context.Context, userID int64, key string) (json.RawMessage, error) {
	var raw string
	err := s.db.NewSelect().Table("user_preferences").ColumnExpr("value::text").
		Where("user_id = ? AND key = ?", userID, key).Scan(ctx, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return json.RawMessage("null"), nil
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: preference: %w", err)
	}
	return json.RawMessage(raw), nil
}

// SetPreference stores value (any JSON up to MaxPreferenceSize) under key.
func (s *Service) SetPreference(ctx context.Context, userID int64, key string, value json.RawMessage) error {
	var v apperror.Validation
	v.Check(key != "" && len(key) <= 100, "key", "must be 1 to 100 characters")
	v.Check(len(value) <= MaxPreferenceSize, "value", fmt.Sprintf("must be at most %d bytes", MaxPreferenceSize))
	v.Check(json.Valid(value), "value", "must be JSON")
	if err := v.Err(); err != nil {
		return err
	}
	_, err := s.db.NewRaw(`INSERT INTO user_preferences (user_id, key, value) VALUES (?, ?, ?)
		ON CONFLICT (user_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
		userID, key, string(value)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("accounts: set preference: %w", err)
	}
	return nil
}
