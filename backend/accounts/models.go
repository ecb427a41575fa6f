// Package accounts keeps tenants, their users with roles, and API tokens.
package accounts

import (
	"time"

	"github.com/uptrace/bun"
)

// Account is one tenant; everything else belongs to exactly one account.
type Account struct {
	bun.BaseModel `bun:"table:accounts"`

	ID   int64  `bun:",pk,autoincrement" json:"id"`
	Name string `bun:",notnull" json:"name"`
	// DefaultCountry (ISO 3166-1 alpha-2, "" when unset) reads national
	// phone numbers such as 0664 1234567.
	DefaultCountry string    `bun:",notnull" json:"default_country"`
	CreatedAt      time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
}

// User is a person who signs in.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID           int64     `bun:",pk,autoincrement"`
	Email        string    `bun:",notnull"`
	Name         string    `bun:",notnull"`
	PasswordHash string    `bun:",notnull"`
	Active       bool      `bun:",notnull"`
	CreatedAt    time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	UpdatedAt    time.Time `bun:",nullzero,notnull,default:current_timestamp"`
}

// Membership gives a user a role (and optionally an extension) in an account.
type Membership struct {
	bun.BaseModel `bun:"table:memberships"`

	AccountID int64     `bun:",pk"`
	UserID    int64     `bun:",pk"`
	Role      string    `bun:",notnull"`
	Extension *string   `bun:","`
	CreatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp"`
}

// Member is a user as seen within one account: what the users API returns.
type Member struct {
	ID        int64     `bun:"id" json:"id"`
	Email     string    `bun:"email" json:"email"`
	Name      string    `bun:"name" json:"name"`
	Role      string    `bun:"role" json:"role"`
	Extension *string   `bun:"extension" json:"extension"`
	Active    bool      `bun:"active" json:"active"`
	CreatedAt time.Time `bun:"created_at" json:"created_at"`
}

// APIToken authenticates an integration within one account, with a role.
type APIToken struct {
	bun.BaseModel `bun:"table:api_tokens"`

	ID         int64      `bun:",pk,autoincrement" json:"id"`
	AccountID  int64      `bun:",notnull" json:"-"`
	Name       string     `bun:",notnull" json:"name"`
	Role       string     `bun:",notnull" json:"role"`
	TokenHash  []byte     `bun:",notnull" json:"-"`
	Prefix     string     `bun:",notnull" json:"prefix"`
	CreatedBy  *int64     `json:"created_by"`
	CreatedAt  time.Time  `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}
