package campaigns

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/media"
	"switchboard/backend/templates"
)

// Waker is told when a campaign becomes running or retrying, so the send
// engine looks for work at once instead of at its next poll.
type Waker interface {
	Wake()
}

// Config holds the collaborators of the campaigns service.
type Config struct {
	DB        *bun.DB
	Contacts  *contacts.Service
	Consent   *consent.Service
	Templates *templates.Service
	// Media keeps campaign media files (MMS, template header media).
	Media  media.Store
	Logger *slog.Logger
}

// Service creates campaigns, resolves their recipients, moves them through
// their statuses and reads their results.
type Service struct {
	db        *bun.DB
	contacts  *contacts.Service
	consent   *consent.Service
	templates *templates.Service
	log       *slog.Logger
	now       func() time.Time
	waker     Waker
	media     *mediaFiles
}

// NewService builds the campaigns service.
func NewService(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{db: cfg.DB, contacts: cfg.Contacts, consent: cfg.Consent,
		templates: cfg.Templates, log: cfg.Logger, now: time.Now, media: &mediaFiles{db: cfg.DB, store: cfg.Media}}
}

// SetWaker connects the send engine; until then nothing is woken.
func (s *Service) SetWaker(w Waker) { s.waker = w }

// DB returns the database the service works on (the engine shares it).
func (s *Service) DB() *bun.DB { return s.db }

func (s *Service) wake() {
	if s.waker != nil {
		s.waker.Wake()
	}
}

// Actor is who creates a campaign (nil for an API token without a user).
type Actor struct {
	UserID *int64
}

// Preview counts who a campaign with in would reach, storing nothing.
func (s *Service) Preview(ctx context.Context, accountID int64, in Input) (Preview, error) {
	in.Draft = true // a preview has no send time to check
	p, err := s.check(ctx, accountID, in)
	if err != nil {
		return Preview{}, err
	}
	return s.preview(ctx, accountID, p)
}

// Create validates in, stores the campaign with its recipients (queued or
// excluded with the reason) and starts it when it is due now.
func (s *Service) Create(ctx context.Context, accountID int64, in Input, who Actor) (*Campaign, error) {
	p, err := s.check(ctx, accountID, in)
	if err != nil {
		return nil, err
	}
	c := &Campaign{AccountID: accountID, CreatedBy: who.UserID}
	if err := s.fillRow(c, p); err != nil {
		return nil, err
	}
	started := false
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(c).Returning("*").Exec(ctx); err != nil {
			return fmt.Errorf("campaigns: insert: %w", err)
		}
		if err := s.storeRecipients(ctx, tx, c, p); err != nil {
			return err
		}
		if c.Status == StatusRunning {
			c.Status = ""
			var err error
			started, err = s.start(ctx, tx, c, StatusRunning)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if started {
		s.wake()
	}
	return s.Get(ctx, accountID, c.ID)
}

// fillRow copies a checked input into c; the status follows from draft and
// the send time (StatusRunning here means "start now").
func (s *Service) fillRow(c *Campaign, p *plan) error {
	in := p.in
	c.Name, c.ChannelID, c.SenderID = in.Name, in.ChannelID, in.SenderID
	c.Mode, c.TrackLinks, c.TimeZone, c.SendAt = in.Mode, in.TrackLinks, in.TimeZone, p.sendAt
	var err error
	if c.RecipientsSpec, err = json.Marshal(in.Recipients); err != nil {
		return err
	}
	if c.Content, err = json.Marshal(in.Content); err != nil {
		return err
	}
	if c.Route, err = json.Marshal(in.Route); err != nil {
		return err
	}
	switch {
	case in.Draft:
		c.Status = StatusDraft
	case p.sendAt != nil && p.sendAt.After(s.now()):
		c.Status = StatusScheduled
	default:
		c.Status, c.SendAt = StatusRunning, nil
	}
	return nil
}

func (s *Service) storeRecipients(ctx context.Context, db bun.IDB, c *Campaign, p *plan) error {
	dups, err := s.resolve(ctx, db, c, p)
	if err != nil {
		return err
	}
	c.Duplicates = dups
	_, err = db.NewUpdate().Model(c).Column("duplicates").WherePK().Exec(ctx)
	return err
}

// Get returns a campaign of the account with its counts.
func (s *Service) Get(ctx context.Context, accountID, id int64) (*Campaign, error) {
	c, err := s.load(ctx, s.db, accountID, id, false)
	if err != nil {
		return nil, err
	}
	if err := s.withCounts(ctx, []*Campaign{c}); err != nil {
		return nil, err
	}
	return c, nil
}

// load reads a campaign of the account, locking it in a transaction when
// forUpdate is set.
func (s *Service) load(ctx context.Context, db bun.IDB, accountID, id int64, forUpdate bool) (*Campaign, error) {
	c := new(Campaign)
	q := withChannel(db.NewSelect().Model(c)).Where("cp.id = ? AND cp.account_id = ?", id, accountID)
	if forUpdate {
		q = q.For("UPDATE OF cp")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, apperror.NotFoundOr(fmt.Errorf("campaigns: get: %w", err), "campaign")
	}
	return c, nil
}

// withChannel adds the channel's kind and name and the sender's number.
func withChannel(q *bun.SelectQuery) *bun.SelectQuery {
	return q.ColumnExpr("cp.*").
		ColumnExpr("ch.kind AS channel_kind, ch.name AS channel_name, cs.phone_number AS sender_number").
		Join("JOIN channels AS ch ON ch.id = cp.channel_id").
		Join("JOIN channel_senders AS cs ON cs.id = cp.sender_id")
}

// ListFilter selects a page of campaigns, newest first.
type ListFilter struct {
	Status string
	// Before is the cursor: the id of the previous page's last campaign.
	Before int64
	Limit  int
}

// Page is one page of campaigns.
type Page struct {
	Items      []*Campaign `json:"items"`
	NextCursor *string     `json:"next_cursor"`
}

var statuses = map[string]bool{StatusDraft: true, StatusScheduled: true, StatusPending: true, StatusRunning: true,
	StatusPaused: true, StatusCompleted: true, StatusStopped: true, StatusRetrying: true}

// List returns a page of the account's campaigns with their counts.
func (s *Service) List(ctx context.Context, accountID int64, f ListFilter) (*Page, error) {
	if f.Status != "" && !statuses[f.Status] {
		return nil, &apperror.Error{Kind: apperror.ErrBadRequest, Code: "bad_query", Message: "invalid query parameters",
			Fields: map[string]string{"status": "is not a campaign status"}}
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	items := []*Campaign{}
	q := withChannel(s.db.NewSelect().Model(&items)).Where("cp.account_id = ?", accountID).OrderExpr("cp.id DESC").Limit(int64(f.Limit + 1))
	if f.Status != "" {
		q = q.Where("cp.status = ?", f.Status)
	}
	if f.Before > 0 {
		q = q.Where("cp.id < ?", f.Before)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("campaigns: list: %w", err)
	}
	page := &Page{Items: items}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		cur := fmt.Sprint(page.Items[f.Limit-1].ID)
		page.NextCursor = &cur
	}
	if err := s.withCounts(ctx, page.Items); err != nil {
		return nil, err
	}
	return page, nil
}

// editable are the statuses a campaign may be changed in.
func editable(status string) bool { return status == StatusDraft || status == StatusScheduled }

// Update applies a PATCH (any key of the create body) to a draft or
// scheduled campaign; its recipients are resolved again.
func (s *Service) Update(ctx context.Context, accountID, id int64, patch json.RawMessage) (*Campaign, error) {
	cur, err := s.load(ctx, s.db, accountID, id, false)
	if err != nil {
		return nil, err
	}
	if !editable(cur.Status) {
		return nil, notEditable(cur.Status)
	}
	in, err := inputOf(cur)
	if err != nil {
		return nil, err
	}
	if in, err = merge(in, patch); err != nil {
		return nil, &apperror.Error{Kind: apperror.ErrBadRequest, Code: "bad_json", Message: "the body is not a campaign change: " + err.Error()}
	}
	p, err := s.check(ctx, accountID, in)
	if err != nil {
		return nil, err
	}
	started := false
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.load(ctx, tx, accountID, id, true)
		if err != nil {
			return err
		}
		if !editable(c.Status) {
			return notEditable(c.Status)
		}
		if err := s.fillRow(c, p); err != nil {
			return err
		}
		startNow := c.Status == StatusRunning
		if startNow {
			c.Status = StatusScheduled // until start decides
		}
		c.UpdatedAt = s.now()
		if _, err := tx.NewUpdate().Model(c).ExcludeColumn("id", "account_id", "created_by", "created_at",
			"started_at", "finished_at", "stop_reason", "stop_message").WherePK().Exec(ctx); err != nil {
			return fmt.Errorf("campaigns: update: %w", err)
		}
		if err := s.storeRecipients(ctx, tx, c, p); err != nil {
			return err
		}
		if startNow {
			started, err = s.start(ctx, tx, c, StatusRunning)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if started {
		s.wake()
	}
	return s.Get(ctx, accountID, id)
}

func notEditable(status string) error {
	return &apperror.Error{Kind: apperror.ErrConflict, Code: "not_editable",
		Message: "only draft and scheduled campaigns can be changed; this one is " + status,
		Fields:  map[string]string{"status": "is " + status}}
}

// Delete removes a draft campaign.
func (s *Service) Delete(ctx context.Context, accountID, id int64) error {
	res, err := s.db.NewDelete().Model((*Campaign)(nil)).
		Where("id = ? AND account_id = ? AND status = ?", id, accountID, StatusDraft).Exec(ctx)
	if err != nil {
		return fmt.Errorf("campaigns: delete: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	c, err := s.load(ctx, s.db, accountID, id, false)
	if err != nil {
		return err
	}
	return &apperror.Error{Kind: apperror.ErrConflict, Code: "not_draft",
		Message: "only drafts can be deleted; stop the campaign instead (it is " + c.Status + ")",
		Fields:  map[string]string{"status": "is " + c.Status}}
}

// Duplicate copies a campaign into a new draft named "… (copy)"; its
// recipients are resolved afresh from the same sources.
func (s *Service) Duplicate(ctx context.Context, accountID, id int64, who Actor) (*Campaign, error) {
	c, err := s.load(ctx, s.db, accountID, id, false)
	if err != nil {
		return nil, err
	}
	in, err := inputOf(c)
	if err != nil {
		return nil, err
	}
	in.Name, in.Draft, in.SendAt = c.Name+" (copy)", true, nil
	if _, err := s.check(ctx, accountID, in); err != nil {
		// The source changed since (a template no longer approved, a
		// recipients file removed): the copy is still made, as the user
		// fixes it in the draft.
		var ae *apperror.Error
		if !errors.As(err, &ae) {
			return nil, err
		}
		return s.duplicateRaw(ctx, c, in, who)
	}
	return s.Create(ctx, accountID, in, who)
}

// duplicateRaw copies c's definition without recipients.
func (s *Service) duplicateRaw(ctx context.Context, c *Campaign, in Input, who Actor) (*Campaign, error) {
	cp := &Campaign{AccountID: c.AccountID, Name: in.Name, ChannelID: c.ChannelID, SenderID: c.SenderID,
		Status: StatusDraft, RecipientsSpec: c.RecipientsSpec, Content: c.Content, Mode: c.Mode, Route: c.Route,
		TrackLinks: c.TrackLinks, TimeZone: c.TimeZone, CreatedBy: who.UserID}
	if _, err := s.db.NewInsert().Model(cp).Returning("*").Exec(ctx); err != nil {
		return nil, fmt.Errorf("campaigns: duplicate: %w", err)
	}
	return s.Get(ctx, c.AccountID, cp.ID)
}

// errNoRows reports a missing row.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
