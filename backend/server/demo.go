package server

import (
	"context"
	"fmt"
	"log/slog"

	"switchboard/backend/accounts"
	"switchboard/backend/config"
	"switchboard/backend/contacts"
	"switchboard/backend/database"
	"switchboard/backend/groups"
	"switchboard/backend/inbox"
	"switchboard/backend/routing"
	"switchboard/backend/templates"
)

// EnsureDemo creates or refreshes the demo account with its users, a few
// contacts and its sandbox channel with its templates. It returns the account id.
func EnsureDemo(ctx context.Context, cfg *config.Config, db *database.DB) (int64, error) {
	id, err := accounts.NewService(db.Bun).EnsureDemo(ctx, cfg.DemoPassword)
	if err != nil {
		return 0, err
	}
	if err := contacts.NewService(db.Bun, nil).EnsureDemo(ctx, id); err != nil {
		return 0, fmt.Errorf("demo contacts: %w", err)
	}
	ib := inbox.NewService(inbox.Config{DB: db.Bun})
	sandbox, err := ib.EnsureSandboxChannel(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("demo sandbox channel: %w", err)
	}
	// The sandbox's built-in WhatsApp templates, so the demo can send templates.
	if _, err := templates.NewService(templates.Config{DB: db.Bun, Inbox: ib}).Sync(ctx, id, sandbox.ID); err != nil {
		return 0, fmt.Errorf("demo sandbox templates: %w", err)
	}
	// A "Support" queue with both demo users; the first to reply takes a
	// conversation, so the demo agent sees every new sandbox conversation.
	members := []routing.MemberInput{}
	for _, email := range []string{accounts.DemoAdminEmail, accounts.DemoAgentEmail} {
		var userID int64
		if err := db.Bun.NewSelect().TableExpr("users").Column("id").Where("lower(email) = ?", email).Scan(ctx, &userID); err != nil {
			return 0, err
		}
		members = append(members, routing.MemberInput{UserID: userID, Capacity: 10})
	}
	rt := routing.NewService(db.Bun, ib, nil, slog.Default())
	q, err := rt.EnsureQueue(ctx, id, "Support", routing.ModeFirstReply, members)
	if err != nil {
		return 0, fmt.Errorf("demo queue: %w", err)
	}
	for _, snd := range sandbox.Senders {
		if snd.RouteQueueID == nil && snd.RouteUserID == nil {
			if _, err := rt.SetSenderRoute(ctx, id, snd.ID, routing.RouteInput{QueueID: &q.ID}); err != nil {
				return 0, fmt.Errorf("demo route: %w", err)
			}
		}
	}
	if err := groups.NewService(db.Bun).EnsureDemo(ctx, id); err != nil {
		return 0, err
	}
	return id, nil
}
