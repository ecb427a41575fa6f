package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/auth"
	"switchboard/backend/authz"
	"switchboard/backend/database"
)

// Service manages accounts, members and API tokens.
type Service struct {
	db *bun.DB
	// OnUserDeactivated is called after a user lost access (sessions are
	// already gone); the server closes their websockets.
	OnUserDeactivated func(accountID, userID int64)
}

// NewService returns a Service on db.
func NewService(db *bun.DB) *Service { return &Service{db: db} }

var extensionRE = regexp.MustCompile(`^[0-9]{1,8}$`)

const (
	maxEmail    = 254
	maxName     = 120
	minPassword = 8
	maxPassword = 256
)

func memberQuery(db bun.IDB, accountID int64) *bun.SelectQuery {
	return db.NewSelect().
		TableExpr("memberships AS m").
		Join("JOIN users AS u ON u.id = m.user_id").
		ColumnExpr("u.id, u.email, u.name, m.role, m.extension, u.active, u.created_at").
		Where("m.account_id = ?", accountID)
}

// ListMembers returns the account's users ordered by id, after the given id.
func (s *Service) ListMembers(ctx context.Context, accountID, after int64, limit int) ([]Member, error) {
	var out []Member
	err := memberQuery(s.db, accountID).Where("u.id > ?", after).OrderExpr("u.id").Limit(int64(limit)).Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("accounts: list members: %w", err)
	}
	return out, nil
}

// GetMember returns one user of the account; a user of another account is
// not found.
func (s *Service) GetMember(ctx context.Context, accountID, userID int64) (Member, error) {
	var m Member
	err := memberQuery(s.db, accountID).Where("u.id = ?", userID).Scan(ctx, &m)
	if errors.Is(err, sql.ErrNoRows) {
		return m, apperror.NotFound("user")
	}
	if err != nil {
		return m, fmt.Errorf("accounts: get member: %w", err)
	}
	return m, nil
}

// CreateMemberInput is a new user for an account.
type CreateMemberInput struct {
	Email     string  `json:"email"`
	Name      string  `json:"name"`
	Role      string  `json:"role"`
	Password  string  `json:"password"`
	Extension *string `json:"extension"`
}

func validateEmail(v *apperror.Validation, email string) {
	_, err := mail.ParseAddress(email)
	v.Check(email != "", "email", "is required")
	v.Check(len(email) <= maxEmail, "email", fmt.Sprintf("must be at most %d characters", maxEmail))
	v.Check(err == nil && !strings.ContainsAny(email, " <>"), "email", "is not a valid email address")
}

func validateName(v *apperror.Validation, name string) {
	v.Check(strings.TrimSpace(name) != "", "name", "is required")
	v.Check(utf8.RuneCountInString(name) <= maxName, "name", fmt.Sprintf("must be at most %d characters", maxName))
}

func validateRole(v *apperror.Validation, role string) {
	v.Check(authz.ValidRole(role), "role", "must be one of admin, supervisor, agent, campaign_manager")
}

func validateExtension(v *apperror.Validation, ext *string) {
	if ext != nil && *ext != "" {
		v.Check(extensionRE.MatchString(*ext), "extension", "must be 1 to 8 digits")
	}
}

func normExtension(ext *string) *string {
	if ext == nil || strings.TrimSpace(*ext) == "" {
		return nil
	}
	e := strings.TrimSpace(*ext)
	return &e
}

func mapMemberConflict(err error) error {
	switch database.UniqueViolation(err) {
	case "users_email_key":
		return apperror.Conflict("email", "is already in use")
	case "memberships_account_id_extension_key":
		return apperror.Conflict("extension", "is already taken by another user")
	}
	return err
}

// CreateMember creates a user with a role in the account, all or nothing.
func (s *Service) CreateMember(ctx context.Context, accountID int64, in CreateMemberInput) (Member, error) {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Name = strings.TrimSpace(in.Name)
	in.Extension = normExtension(in.Extension)
	var v apperror.Validation
	validateEmail(&v, in.Email)
	validateName(&v, in.Name)
	validateRole(&v, in.Role)
	v.Check(len(in.Password) >= minPassword, "password", fmt.Sprintf("must be at least %d characters", minPassword))
	v.Check(len(in.Password) <= maxPassword, "password", fmt.Sprintf("must be at most %d characters", maxPassword))
	validateExtension(&v, in.Extension)
	if err := v.Err(); err != nil {
		return Member{}, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return Member{}, err
	}
	var userID int64
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u := &User{Email: in.Email, Name: in.Name, PasswordHash: hash, Active: true}
		if _, err := tx.NewInsert().Model(u).Returning("id").Exec(ctx); err != nil {
			return err
		}
		userID = u.ID
		_, err := tx.NewInsert().Model(&Membership{AccountID: accountID, UserID: u.ID, Role: in.Role, Extension: in.Extension}).Exec(ctx)
		return err
	})
	if err != nil {
		return Member{}, fmt.Errorf("accounts: create member: %w", mapMemberConflict(err))
	}
	return s.GetMember(ctx, accountID, userID)
}

// UpdateMemberInput changes a user; nil fields stay as they are. An empty
// Extension removes it.
type UpdateMemberInput struct {
	Name      *string `json:"name"`
	Role      *string `json:"role"`
	Extension *string `json:"extension"`
	Active    *bool   `json:"active"`
	Password  *string `json:"password"`
}

// UpdateMember changes a user of the account. Deactivating ends the user's
// sessions at once. The account always keeps one active administrator.
func (s *Service) UpdateMember(ctx context.Context, accountID, userID int64, in UpdateMemberInput) (Member, error) {
	var v apperror.Validation
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		validateName(&v, *in.Name)
	}
	if in.Role != nil {
		validateRole(&v, *in.Role)
	}
	validateExtension(&v, in.Extension)
	if in.Password != nil {
		v.Check(len(*in.Password) >= minPassword && len(*in.Password) <= maxPassword, "password",
			fmt.Sprintf("must be %d to %d characters", minPassword, maxPassword))
	}
	if err := v.Err(); err != nil {
		return Member{}, err
	}
	var hash string
	if in.Password != nil {
		h, err := auth.HashPassword(*in.Password)
		if err != nil {
			return Member{}, err
		}
		hash = h
	}
	deactivated := false
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var cur Member
		err := memberQuery(tx, accountID).Where("u.id = ?", userID).For("UPDATE OF m").Scan(ctx, &cur)
		if errors.Is(err, sql.ErrNoRows) {
			return apperror.NotFound("user")
		}
		if err != nil {
			return err
		}
		// Serialise admin changes per account so two demotions cannot both pass.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?, ?)", 1, accountID); err != nil {
			return err
		}
		losesAdmin := cur.Role == authz.RoleAdmin && cur.Active &&
			((in.Role != nil && *in.Role != authz.RoleAdmin) || (in.Active != nil && !*in.Active))
		if losesAdmin {
			n, err := tx.NewSelect().TableExpr("memberships AS m").Join("JOIN users AS u ON u.id = m.user_id").
				Where("m.account_id = ? AND m.role = 'admin' AND u.active AND u.id <> ?", accountID, userID).Count(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				return apperror.Invalid("last_admin", "the account needs at least one active administrator")
			}
		}
		mq := tx.NewUpdate().Model((*Membership)(nil)).Where("account_id = ? AND user_id = ?", accountID, userID)
		set := false
		if in.Role != nil {
			mq.Set("role = ?", *in.Role)
			set = true
		}
		if in.Extension != nil {
			mq.Set("extension = ?", normExtension(in.Extension))
			set = true
		}
		if set {
			if _, err := mq.Exec(ctx); err != nil {
				return err
			}
		}
		uq := tx.NewUpdate().Model((*User)(nil)).Where("id = ?", userID).Set("updated_at = now()")
		if in.Name != nil {
			uq.Set("name = ?", *in.Name)
		}
		if in.Active != nil {
			uq.Set("active = ?", *in.Active)
		}
		if hash != "" {
			uq.Set("password_hash = ?", hash)
		}
		if _, err := uq.Exec(ctx); err != nil {
			return err
		}
		if (in.Active != nil && !*in.Active) || hash != "" {
			if _, err := tx.NewDelete().TableExpr("sessions").Where("user_id = ?", userID).Exec(ctx); err != nil {
				return err
			}
			deactivated = in.Active != nil && !*in.Active
		}
		return nil
	})
	if err != nil {
		return Member{}, fmt.Errorf("accounts: update member: %w", mapMemberConflict(err))
	}
	if deactivated && s.OnUserDeactivated != nil {
		s.OnUserDeactivated(accountID, userID)
	}
	return s.GetMember(ctx, accountID, userID)
}

// Agent is a user conversations can be assigned to.
type Agent struct {
	ID        int64   `bun:"id" json:"id"`
	Name      string  `bun:"name" json:"name"`
	Role      string  `bun:"role" json:"role"`
	Extension *string `bun:"extension" json:"extension"`
}

// ListAgents returns the account's active users who answer conversations.
func (s *Service) ListAgents(ctx context.Context, accountID int64) ([]Agent, error) {
	out := []Agent{}
	err := s.db.NewSelect().TableExpr("memberships AS m").Join("JOIN users AS u ON u.id = m.user_id").
		ColumnExpr("u.id, u.name, m.role, m.extension").
		Where("m.account_id = ? AND u.active AND m.role IN ('admin', 'supervisor', 'agent')", accountID).
		OrderExpr("u.name, u.id").Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("accounts: list agents: %w", err)
	}
	return out, nil
}
