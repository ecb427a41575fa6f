package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"switchboard/backend/auth"
	"switchboard/backend/authz"
)

// Demo account defaults, documented in the README.
const (
	DemoAccountName = "Demo"
	DemoAdminEmail  = "admin@demo.test"
	DemoAgentEmail  = "agent@demo.test"
	// DemoCountry reads the demo's national numbers (0664 1234567).
	DemoCountry = "AT"
)

// DemoUser is one login of the demo account.
type DemoUser struct {
	Email, Name, Role string
	Extension         string
}

// DemoUsers are the users EnsureDemo creates.
var DemoUsers = []DemoUser{
	{DemoAdminEmail, "Demo Admin", authz.RoleAdmin, "100"},
	{DemoAgentEmail, "Demo Agent", authz.RoleAgent, "101"},
}

// EnsureDemo creates the demo account and its users, or refreshes them
// (password, role, active) when they exist. It returns the account id.
func (s *Service) EnsureDemo(ctx context.Context, password string) (int64, error) {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return 0, err
	}
	var accountID int64
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// One demo set-up at a time, even from two processes.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(2, 0)"); err != nil {
			return err
		}
		var acct Account
		err := tx.NewSelect().Model(&acct).
			Where("id = (SELECT m.account_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE lower(u.email) = ?)", DemoAdminEmail).
			Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			acct = Account{Name: DemoAccountName, DefaultCountry: DemoCountry}
			if _, err := tx.NewInsert().Model(&acct).Returning("id").Exec(ctx); err != nil {
				return err
			}
		} else if err != nil {
			return err
		} else if acct.DefaultCountry == "" {
			// Demo accounts from before default countries existed.
			if _, err := tx.NewUpdate().Model(&acct).Set("default_country = ?", DemoCountry).WherePK().Exec(ctx); err != nil {
				return err
			}
		}
		accountID = acct.ID
		for _, du := range DemoUsers {
			u := &User{Email: du.Email, Name: du.Name, PasswordHash: hash, Active: true}
			_, err := tx.NewInsert().Model(u).
				On("CONFLICT ((lower(email))) DO UPDATE").
				Set("password_hash = EXCLUDED.password_hash, active = true, updated_at = now()").
				Returning("id").Exec(ctx)
			if err != nil {
				return err
			}
			ext := du.Extension
			_, err = tx.NewInsert().Model(&Membership{AccountID: acct.ID, UserID: u.ID, Role: du.Role, Extension: &ext}).
				On("CONFLICT (account_id, user_id) DO UPDATE").Set("role = EXCLUDED.role").Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("accounts: demo: %w", err)
	}
	return accountID, nil
}

// CreateAccount creates an empty account (used by tests and set-up tools).
func (s *Service) CreateAccount(ctx context.Context, name string) (Account, error) {
	a := Account{Name: name}
	// Named columns, not *: columns added by later migrations must not break it.
	if _, err := s.db.NewInsert().Model(&a).Returning("id, default_country, created_at").Exec(ctx); err != nil {
		return Account{}, fmt.Errorf("accounts: create account: %w", err)
	}
	return a, nil
}

// GetAccount returns one account.
func (s *Service) GetAccount(ctx context.Context, id int64) (Account, error) {
	var a Account
	if err := s.db.NewSelect().Model(&a).Where("id = ?", id).Scan(ctx); err != nil {
		return a, fmt.Errorf("accounts: get account: %w", err)
	}
	return a, nil
}
