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

// Sign-in throttling. Every attempt is recorded in login_failures with the
// email and the client address before the password is checked (so parallel
// attempts see each other) and removed again when it succeeds or is refused.
// Over a sliding window of throttleWindow:
//
//   - one address may fail maxFailuresPerPair times for one email, then it is
//     refused for that email (even with the right password);
//   - one address may fail maxFailuresPerIP times over all emails;
//   - once an email has failed emailSlowdownAfter times from anywhere, an
//     address that has already failed for it must wait a growing delay
//     (1s, 2s, 4s, … up to the window) after its last failure. Addresses
//     without failures for the email, and addresses the user signed in from
//     before (login_addresses, kept for knownAddressTTL), are not slowed
//     down: guessing a password never locks its owner out.
const (
	throttleWindow     = 15 * time.Minute
	maxFailuresPerPair = 5
	maxFailuresPerIP   = 30
	emailSlowdownAfter = 5
	knownAddressTTL    = 90 * 24 * time.Hour
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

// Login checks email and password and opens a session. Attempts are
// throttled per (email, client address), per address, and slowed down per
// email (see throttleWindow); a throttled attempt is refused without checking
// the password.
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
	now := s.now()
	var attemptID int64
	err := s.db.NewRaw("INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?) RETURNING id",
		email, ip, now).Scan(ctx, &attemptID)
	if err != nil {
		return nil, fmt.Errorf("auth: record attempt: %w", err)
	}
	forget := func() error {
		_, err := s.db.NewDelete().TableExpr("login_failures").Where("id = ?", attemptID).Exec(ctx)
		return err
	}
	st, err := s.throttleState(ctx, attemptID, email, ip, now)
	if err != nil {
		return nil, err
	}
	if wait := st.wait(now); wait > 0 {
		if err := forget(); err != nil {
			return nil, fmt.Errorf("auth: forget attempt: %w", err)
		}
		return nil, throttled(wait)
	}

	var row principalRow
	err = s.db.NewSelect().TableExpr("users AS u").
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
		return nil, errBadCredentials // the attempt stays recorded as a failure
	}
	// Success: this address's failures for the email are forgiven and the
	// address is remembered as one the user signs in from.
	if _, err := s.db.NewDelete().TableExpr("login_failures").Where("email = ? AND ip = ?", email, ip).Exec(ctx); err != nil {
		return nil, fmt.Errorf("auth: clear failures: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO login_addresses (user_id, ip, last_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id, ip) DO UPDATE SET last_at = EXCLUDED.last_at`, row.UserID, ip, now); err != nil {
		return nil, fmt.Errorf("auth: remember address: %w", err)
	}

	token, csrf := randomToken(32), randomToken(32)
	expires := now.Add(s.sessionTTL)
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

// throttleState is what the window holds about an attempt's email and
// address, not counting the attempt itself.
type throttleState struct {
	IPN        int        `bun:"ip_n"`
	IPOldest   *time.Time `bun:"ip_oldest"`
	EmailN     int        `bun:"email_n"`
	PairN      int        `bun:"pair_n"`
	PairOldest *time.Time `bun:"pair_oldest"`
	PairLatest *time.Time `bun:"pair_latest"`
	Known      bool       `bun:"known"`
}

func (s *Service) throttleState(ctx context.Context, attemptID int64, email, ip string, now time.Time) (throttleState, error) {
	var st throttleState
	err := s.db.NewRaw(`SELECT
			count(*) FILTER (WHERE ip = ?1) AS ip_n,
			min(at) FILTER (WHERE ip = ?1) AS ip_oldest,
			count(*) FILTER (WHERE email = ?0) AS email_n,
			count(*) FILTER (WHERE email = ?0 AND ip = ?1) AS pair_n,
			min(at) FILTER (WHERE email = ?0 AND ip = ?1) AS pair_oldest,
			max(at) FILTER (WHERE email = ?0 AND ip = ?1) AS pair_latest,
			EXISTS (SELECT 1 FROM login_addresses AS la JOIN users AS u ON u.id = la.user_id
				WHERE lower(u.email) = ?0 AND la.ip = ?1 AND la.last_at > ?3) AS known
		FROM login_failures
		WHERE (email = ?0 OR ip = ?1) AND at > ?2 AND id <> ?4`,
		email, ip, now.Add(-throttleWindow), now.Add(-knownAddressTTL), attemptID).Scan(ctx, &st)
	if err != nil {
		return st, fmt.Errorf("auth: throttle: %w", err)
	}
	return st, nil
}

// wait returns how long the attempt must wait, or 0 when it may try.
func (t throttleState) wait(now time.Time) time.Duration {
	var wait time.Duration
	until := func(at time.Time) {
		if d := at.Sub(now); d > wait {
			wait = d
		}
	}
	if t.PairN >= maxFailuresPerPair && t.PairOldest != nil {
		until(t.PairOldest.Add(throttleWindow))
	}
	if t.IPN >= maxFailuresPerIP && t.IPOldest != nil {
		until(t.IPOldest.Add(throttleWindow))
	}
	if t.EmailN >= emailSlowdownAfter && t.PairN > 0 && !t.Known && t.PairLatest != nil {
		until(t.PairLatest.Add(emailDelay(t.EmailN)))
	}
	return wait
}

// emailDelay is how long an address waits after its last failure for an
// email that has failed n times in the window: doubling from one second.
func emailDelay(n int) time.Duration {
	if shift := n - emailSlowdownAfter; shift < 10 {
		return min(time.Second<<max(shift, 0), throttleWindow)
	}
	return throttleWindow
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
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

// PurgeExpired removes expired sessions, old sign-in failures and sign-in
// addresses not used for knownAddressTTL.
func (s *Service) PurgeExpired(ctx context.Context) error {
	if _, err := s.db.NewDelete().TableExpr("sessions").Where("expires_at < now()").Exec(ctx); err != nil {
		return err
	}
	if _, err := s.db.NewDelete().TableExpr("login_failures").Where("at < ?", s.now().Add(-throttleWindow)).Exec(ctx); err != nil {
		return err
	}
	_, err := s.db.NewDelete().TableExpr("login_addresses").Where("last_at < ?", s.now().Add(-knownAddressTTL)).Exec(ctx)
	return err
}
