package server

import (
	"context"

	"switchboard/backend/accounts"
	"switchboard/backend/config"
	"switchboard/backend/database"
)

// EnsureDemo creates or refreshes the demo account with its users (and,
// as the product grows, its sandbox channel). It returns the account id.
func EnsureDemo(ctx context.Context, cfg *config.Config, db *database.DB) (int64, error) {
	return accounts.NewService(db.Bun).EnsureDemo(ctx, cfg.DemoPassword)
}
