package auth

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// Sign-in throttling: failures counted over a sliding window.
const (
	throttleWindow      = 15 * time.Minute
	maxFailuresPerEmail = 5
	maxFailuresPerIP    = 30
)

// Service signs users in and out and resolves credentials to principals.
type Service struct {
	db         *bun.DB
	sessionTTL time.Duration
	now        func() time.Time
}

// NewService returns a Service whose sessions live for ttl.
func NewService(db *bun.DB, ttl time.Duration) *Service {
	return &Service{db: db, sessionTTL: ttl, now: time.Now}
}

// Session is a fresh sign-in: the cookie value (never stored) and its CSRF token.
type Session struct {
	Token     string
	CSRFToken string
	ExpiresAt time.Time
	Principal *Principal
}

type principalRow struct {
	UserID       int64  `bun:"user_id"`
	AccountID    int64  `bun:"account_id"`
	Role         string `bun:"role"`
	Email        string `bun:"email"`
	Name         string `bun:"name"`
	PasswordHash string `bun:"password_hash"`
	CSRFToken    string `bun:"csrf_token"`
}

func throttled(retryAfter time.Duration) error {
	return &apperror.Error{Kind: apperror.ErrTooMany, Code: "too_many_attempts",
		Message:           "too many failed sign-ins; try again later",
		RetryAfterSeconds: int(retryAfter.Seconds()) + 1}
}

var errBadCredentials = &apperror.Error{Kind: apperror.ErrUnauthenticated, Code: "invalid_credentials",
	Message: "email or password is wrong"}

// Login checks email and password and opens a session. Failures are
// counted per email and per client address; past the limits Login refuses
// without checking the password.
func (s *Service) Login(ctx context.Context, email, password, ip, userAgent string) (*Session, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var v apperror.Validation
	v.Check(email != "", "email", "is required")
	v.Check(len(email) <= 254, "email", "is too long")
	v.Check(password != "", "password", "is required")
	v.Check(len(password) <= 256, "password", "is too long")
	if err := v.Err(); err != nil {
		return nil, err
	}
	emailKey, ipKey := "email:"+email, "ip:"+ip
	if wait, err := s.retryAfter(ctx, emailKey, maxFailuresPerEmail); err != nil || wait > 0 {
		if err != nil {
			return nil, err
		}
		return nil, throttled(wait)
	}
	if wait, err := s.retryAfter(ctx, ipKey, maxFailuresPerIP); err != nil || wait > 0 {
		if err != nil {
			return nil, err
		}
		return nil, throttled(wait)
	}

	var row principalRow
	err := s.db.NewSelect().TableExpr("users AS u").
		Join("JOIN memberships AS m ON m.user_id = u.id").
		ColumnExpr("u.id AS user_id, m.account_id, m.role, u.email, u.name, u.password_hash").
		Where("lower(u.email) = ? AND u.active", email).
		OrderExpr("m.account_id").Limit(1).Scan(ctx, &row)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("auth: login: %w", err)
	}
	hash := dummyHash
	if found {
		hash = row.PasswordHash
	}
	ok, _ := CheckPassword(hash, password)
	if !found || !ok {
		if _, err := s.db.ExecContext(ctx, "INSERT INTO login_failures (key) VALUES (?), (?)", emailKey, ipKey); err != nil {
			return nil, fmt.Errorf("auth: record failure: %w", err)
		}
		return nil, errBadCredentials
	}
	if _, err := s.db.NewDelete().TableExpr("login_failures").Where("key = ?", emailKey).Exec(ctx); err != nil {
		return nil, fmt.Errorf("auth: clear failures: %w", err)
	}

	token, csrf := randomToken(32), randomToken(32)
	expires := s.now().Add(s.sessionTTL)
	_, err = s.db.NewInsert().TableExpr("sessions").Model(&map[string]any{
		"id_hash": hashSecret(token), "user_id": row.UserID, "account_id": row.AccountID,
		"csrf_token": csrf, "expires_at": expires, "user_agent": truncate(userAgent, 255), "ip": ip,
	}).Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: create session: %w", err)
	}
	return &Session{Token: token, CSRFToken: csrf, ExpiresAt: expires, Principal: &Principal{
		UserID: row.UserID, AccountID: row.AccountID, Role: row.Role, Email: row.Email, Name: row.Name,
		SessionHash: hashSecret(token), CSRFToken: csrf,
	}}, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// retryAfter returns how long key must wait, or 0 when it may try.
func (s *Service) retryAfter(ctx context.Context, key string, limit int) (time.Duration, error) {
	var res struct {
		N      int        `bun:"n"`
		Oldest *time.Time `bun:"oldest"`
	}
	since := s.now().Add(-throttleWindow)
	err := s.db.NewSelect().TableExpr("login_failures").
		ColumnExpr("count(*) AS n, min(at) AS oldest").
		Where("key = ? AND at > ?", key, since).Scan(ctx, &res)
	if err != nil {
		return 0, fmt.Errorf("auth: throttle: %w", err)
	}
	if res.N < limit || res.Oldest == nil {
		return 0, nil
	}
	return res.Oldest.Add(throttleWindow).Sub(s.now()), nil
}

// Logout ends the session.
func (s *Service) Logout(ctx context.Context, sessionHash []byte) error {
	_, err := s.db.NewDelete().TableExpr("sessions").Where("id_hash = ?", sessionHash).Exec(ctx)
	return err
}

// SessionPrincipal resolves a session cookie value. The role is read fresh
// from the membership, so changes apply to the next request.
func (s *Service) SessionPrincipal(ctx context.Context, token string) (*Principal, error) {
	hash := hashSecret(token)
	var row principalRow
	err := s.db.NewSelect().TableExpr("sessions AS s").
		Join("JOIN users AS u ON u.id = s.user_id AND u.active").
		Join("JOIN memberships AS m ON m.user_id = s.user_id AND m.account_id = s.account_id").
		ColumnExpr("u.id AS user_id, s.account_id, m.role, u.email, u.name, s.csrf_token").
		Where("s.id_hash = ? AND s.expires_at > ?", hash, s.now()).Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("auth: session: %w", err)
	}
	// Touch at most once a minute; cheap enough and keeps last_seen useful.
	_, _ = s.db.NewUpdate().TableExpr("sessions").Set("last_seen_at = now()").
		Where("id_hash = ? AND last_seen_at < now() - interval '1 minute'", hash).Exec(ctx)
	return &Principal{UserID: row.UserID, AccountID: row.AccountID, Role: row.Role, Email: row.Email,
		Name: row.Name, SessionHash: hash, CSRFToken: row.CSRFToken}, nil
}

// TokenPrincipal resolves an API token.
func (s *Service) TokenPrincipal(ctx context.Context, token string) (*Principal, error) {
	if !strings.HasPrefix(token, APITokenPrefix) {
		return nil, apperror.ErrUnauthenticated
	}
	var row struct {
		ID        int64  `bun:"id"`
		AccountID int64  `bun:"account_id"`
		Role      string `bun:"role"`
		Name      string `bun:"name"`
	}
	err := s.db.NewUpdate().TableExpr("api_tokens").Set("last_used_at = now()").
		Where("token_hash = ? AND revoked_at IS NULL", hashSecret(token)).
		Returning("id, account_id, role, name").Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("auth: token: %w", err)
	}
	return &Principal{AccountID: row.AccountID, Role: row.Role, Name: row.Name, TokenID: row.ID}, nil
}

// CSRFValid compares the request's CSRF header with the session's token.
func (p *Principal) CSRFValid(header string) bool {
	return header != "" && subtle.ConstantTimeCompare([]byte(header), []byte(p.CSRFToken)) == 1
}

// PurgeExpired removes expired sessions and old sign-in failures.
func (s *Service) PurgeExpired(ctx context.Context) error {
	if _, err := s.db.NewDelete().TableExpr("sessions").Where("expires_at < now()").Exec(ctx); err != nil {
		return err
	}
	_, err := s.db.NewDelete().TableExpr("login_failures").Where("at < ?", s.now().Add(-throttleWindow)).Exec(ctx)
	return err
}
