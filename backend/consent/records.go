package consent

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// Channel kinds a consent is kept for. The sandbox channel counts as
// WhatsApp.
const (
	KindWhatsApp = "whatsapp"
	KindSMS      = "sms"
)

// States of a consent.
const (
	Granted = "granted"
	Revoked = "revoked"
	Pending = "pending"
)

// Sources of a consent change.
const (
	SourceInbound  = "inbound_message"
	SourceKeyword  = "keyword"
	SourceWidget   = "widget"
	SourceImport   = "import"
	SourceAPI      = "api"
	SourceAgent    = "agent"
	SourceProvider = "provider"
)

// Record is the current consent of one number on one channel kind.
type Record struct {
	bun.BaseModel `bun:"table:consents"`

	AccountID   int64     `bun:",pk" json:"-"`
	Number      string    `bun:",pk" json:"number"`
	ChannelKind string    `bun:",pk" json:"channel_kind"`
	State       string    `bun:",notnull" json:"state"`
	Source      string    `bun:",notnull" json:"source"`
	Detail      string    `bun:",notnull" json:"detail"`
	Note        string    `bun:",notnull" json:"note"`
	UserID      *int64    `json:"user_id"`
	TokenID     *int64    `json:"token_id"`
	ChangedAt   time.Time `bun:",notnull" json:"changed_at"`
	// WroteSince: the contact has written since the consent was revoked.
	WroteSince bool `bun:",notnull" json:"wrote_since"`
}

// HistoryEntry is one change of a consent, as it happened.
type HistoryEntry struct {
	bun.BaseModel `bun:"table:consent_history"`

	ID          int64     `bun:",pk,autoincrement" json:"id"`
	AccountID   int64     `json:"-"`
	Number      string    `json:"number"`
	ChannelKind string    `json:"channel_kind"`
	State       string    `json:"state"`
	Source      string    `json:"source"`
	Detail      string    `json:"detail"`
	Note        string    `json:"note"`
	UserID      *int64    `json:"user_id"`
	TokenID     *int64    `json:"token_id"`
	At          time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"at"`
}

// Change sets a number's consent on a channel kind.
type Change struct {
	Number      string
	ChannelKind string
	State       string
	Source      string
	Detail      string
	Note        string
	UserID      *int64
	TokenID     *int64
	// UnlessRevoked leaves a revoked consent as it is (a first message
	// counts as opt-in, but never undoes a STOP).
	UnlessRevoked bool
}

// Service keeps consent records.
type Service struct {
	db  *bun.DB
	now func() time.Time
	// settings caches each account's settings briefly: ingest reads them
	// for every inbound message.
	settings sync.Map // account id → cachedSettings
}

// NewService returns the consent service.
func NewService(db *bun.DB) *Service { return &Service{db: db, now: time.Now} }

// Apply records c in db (the caller's transaction, if any). It returns the
// new record and true when the state changed (the change is then in the
// history too), or nil and false when it did not: the same state again,
// a "pending" after a decision, or a grant with UnlessRevoked after a STOP.
func (s *Service) Apply(ctx context.Context, db bun.IDB, accountID int64, c Change) (*Record, bool, error) {
	if c.ChannelKind != KindWhatsApp && c.ChannelKind != KindSMS {
		return nil, false, fmt.Errorf("consent: unknown channel kind %q", c.ChannelKind)
	}
	if c.State != Granted && c.State != Revoked && c.State != Pending {
		return nil, false, fmt.Errorf("consent: unknown state %q", c.State)
	}
	rec := &Record{AccountID: accountID, Number: c.Number, ChannelKind: c.ChannelKind, State: c.State,
		Source: c.Source, Detail: c.Detail, Note: c.Note, UserID: c.UserID, TokenID: c.TokenID, ChangedAt: s.now()}
	// One statement: insert, or update when the state changes (pending
	// never downgrades a decision). xmax = 0 tells an insert from an update.
	var changed bool
	err := db.NewRaw(`INSERT INTO consents AS c (account_id, number, channel_kind, state, source, detail, note, user_id, token_id, changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, number, channel_kind) DO UPDATE
			SET state = EXCLUDED.state, source = EXCLUDED.source, detail = EXCLUDED.detail, note = EXCLUDED.note,
				user_id = EXCLUDED.user_id, token_id = EXCLUDED.token_id, changed_at = EXCLUDED.changed_at, wrote_since = false
			WHERE c.state <> EXCLUDED.state AND EXCLUDED.state <> 'pending' AND NOT (? AND c.state = 'revoked')
		RETURNING true`, accountID, c.Number, c.ChannelKind, c.State, c.Source, c.Detail, c.Note, c.UserID, c.TokenID, rec.ChangedAt,
		c.UnlessRevoked).Scan(ctx, &changed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("consent: apply: %w", err)
	}
	h := &HistoryEntry{AccountID: accountID, Number: c.Number, ChannelKind: c.ChannelKind, State: c.State,
		Source: c.Source, Detail: c.Detail, Note: c.Note, UserID: c.UserID, TokenID: c.TokenID, At: rec.ChangedAt}
	if _, err := db.NewInsert().Model(h).Exec(ctx); err != nil {
		return nil, false, fmt.Errorf("consent: history: %w", err)
	}
	return rec, true, nil
}

// Get returns the consent of number on kind, or nil when there is none.
func (s *Service) Get(ctx context.Context, accountID int64, number, kind string) (*Record, error) {
	return s.get(ctx, s.db, accountID, number, kind)
}

func (s *Service) get(ctx context.Context, db bun.IDB, accountID int64, number, kind string) (*Record, error) {
	rec := new(Record)
	err := db.NewSelect().Model(rec).Where("account_id = ? AND number = ? AND channel_kind = ?", accountID, number, kind).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("consent: get: %w", err)
	}
	return rec, nil
}

// History returns every change of number's consents, newest first.
func (s *Service) History(ctx context.Context, accountID int64, number string) ([]HistoryEntry, error) {
	out := []HistoryEntry{}
	err := s.db.NewSelect().Model(&out).Where("account_id = ? AND number = ?", accountID, number).
		OrderExpr("id DESC").Limit(500).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("consent: history: %w", err)
	}
	return out, nil
}

// ValidKind checks a channel kind given by a caller.
func ValidKind(v *apperror.Validation, field, kind string) {
	v.Check(kind == KindWhatsApp || kind == KindSMS, field, "must be whatsapp or sms")
}

// Wrote records that the contact wrote an ordinary message to number on
// kind: after a STOP this lets service replies within the window through
// again (the consent itself stays revoked).
func (s *Service) Wrote(ctx context.Context, db bun.IDB, accountID int64, number, kind string) error {
	_, err := db.NewRaw(`UPDATE consents SET wrote_since = true
		WHERE account_id = ? AND number = ? AND channel_kind = ? AND state = 'revoked' AND NOT wrote_since`,
		accountID, number, kind).Exec(ctx)
	if err != nil {
		return fmt.Errorf("consent: wrote: %w", err)
	}
	return nil
}
