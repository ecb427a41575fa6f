package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"switchboard/backend/apperror"
	"switchboard/backend/auth"
)

// ListTokens returns the account's API tokens, newest first.
func (s *Service) ListTokens(ctx context.Context, accountID int64) ([]APIToken, error) {
	var out []APIToken
	if err := s.db.NewSelect().Model(&out).Where("account_id = ?", accountID).OrderExpr("id DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("accounts: list tokens: %w", err)
	}
	return out, nil
}

// CreateTokenInput names a new API token and its role.
type CreateTokenInput struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// CreateToken stores a new token and returns it with its secret, which is
// shown this once and stored only hashed.
func (s *Service) CreateToken(ctx context.Context, accountID, createdBy int64, in CreateTokenInput) (APIToken, string, error) {
	in.Name = strings.TrimSpace(in.Name)
	var v apperror.Validation
	validateName(&v, in.Name)
	validateRole(&v, in.Role)
	if err := v.Err(); err != nil {
		return APIToken{}, "", err
	}
	secret, prefix, hash := auth.NewAPITokenSecret()
	t := APIToken{AccountID: accountID, Name: in.Name, Role: in.Role, TokenHash: hash, Prefix: prefix}
	if createdBy != 0 {
		t.CreatedBy = &createdBy
	}
	if _, err := s.db.NewInsert().Model(&t).Returning("*").Exec(ctx); err != nil {
		return APIToken{}, "", fmt.Errorf("accounts: create token: %w", err)
	}
	return t, secret, nil
}

// RevokeToken makes the token unusable at once.
func (s *Service) RevokeToken(ctx context.Context, accountID, tokenID int64) error {
	res, err := s.db.NewUpdate().Model((*APIToken)(nil)).Set("revoked_at = ?", time.Now()).
		Where("id = ? AND account_id = ? AND revoked_at IS NULL", tokenID, accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("accounts: revoke token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		exists, err := s.db.NewSelect().Model((*APIToken)(nil)).Where("id = ? AND account_id = ?", tokenID, accountID).Exists(ctx)
		if err != nil {
			return fmt.Errorf("accounts: revoke token: %w", err)
		}
		if !exists {
			return apperror.NotFound("token")
		}
	}
	return nil
}
