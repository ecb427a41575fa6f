package server

import (
	"context"
	"fmt"

	"switchboard/backend/accounts"
	"switchboard/backend/config"
	"switchboard/backend/database"
	"switchboard/backend/inbox"
)

// EnsureDemo creates or refreshes the demo account with its users and its
// sandbox channel. It returns the account id.
func EnsureDemo(ctx context.Context, cfg *config.Config, db *database.DB) (int64, error) {
	id, err := accounts.NewService(db.Bun).EnsureDemo(ctx, cfg.DemoPassword)
	if err != nil {
		return 0, err
	}
	if _, err := inbox.NewService(inbox.Config{DB: db.Bun}).EnsureSandboxChannel(ctx, id); err != nil {
		return 0, fmt.Errorf("demo sandbox channel: %w", err)
	}
	return id, nil
}
