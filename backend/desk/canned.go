package desk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/database"
	"switchboard/backend/placeholders"
)

// Limits of a canned response.
const (
	MaxShortcode  = 32
	MaxCannedText = 4096
)

var shortcodeRE = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)

// Attachment is a file sent along with a canned response's text.
type Attachment struct {
	Key      string `json:"-"`
	MIME     string `json:"mime"`
	Size     int64  `json:"size"`
	Filename string `json:"filename"`
}

// storedAttachment is the jsonb form, which keeps the key.
type storedAttachment struct {
	Key      string `json:"key"`
	MIME     string `json:"mime"`
	Size     int64  `json:"size"`
	Filename string `json:"filename"`
}

// CannedResponse is a saved reply of an account.
type CannedResponse struct {
	bun.BaseModel `bun:"table:canned_responses"`

	ID         int64             `bun:",pk,autoincrement" json:"id"`
	AccountID  int64             `bun:",notnull" json:"-"`
	Shortcode  string            `bun:",notnull" json:"shortcode"`
	Text       string            `bun:",notnull" json:"text"`
	Stored     *storedAttachment `bun:"attachment,type:jsonb" json:"-"`
	CreatedBy  *int64            `json:"created_by"`
	CreatedAt  time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	UpdatedAt  time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"updated_at"`
	Attachment *Attachment       `bun:"-" json:"attachment"`
	// Placeholders lists the {{…}} names the text uses.
	Placeholders []string `bun:"-" json:"placeholders"`
}

// fill derives the JSON-only fields from the stored ones.
func (c *CannedResponse) fill() {
	c.Attachment = nil
	if c.Stored != nil {
		c.Attachment = &Attachment{Key: c.Stored.Key, MIME: c.Stored.MIME, Size: c.Stored.Size, Filename: c.Stored.Filename}
	}
	c.Placeholders = placeholders.Names(c.Text)
	if c.Placeholders == nil {
		c.Placeholders = []string{}
	}
}

// CannedInput creates a canned response.
type CannedInput struct {
	Shortcode string `json:"shortcode"`
	Text      string `json:"text"`
}

// CannedUpdate changes a canned response; nil fields stay as they are.
type CannedUpdate struct {
	Shortcode *string `json:"shortcode"`
	Text      *string `json:"text"`
}

func normShortcode(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func checkShortcode(v *apperror.Validation, s string) {
	v.Check(s != "", "shortcode", "is required")
	v.Check(utf8.RuneCountInString(s) <= MaxShortcode, "shortcode", fmt.Sprintf("must be at most %d characters", MaxShortcode))
	v.Check(shortcodeRE.MatchString(s), "shortcode", "may only contain a-z, 0-9, _ and -")
}

func checkText(v *apperror.Validation, s string) {
	v.Check(strings.TrimSpace(s) != "", "text", "is required")
	v.Check(utf8.RuneCountInString(s) <= MaxCannedText, "text", fmt.Sprintf("must be at most %d characters", MaxCannedText))
}

func mapCannedConflict(err error) error {
	if database.UniqueViolation(err) == "canned_responses_shortcode_key" {
		return apperror.Conflict("shortcode", "is already used by another canned response")
	}
	return err
}

// DefaultCannedLimit is the page size when CannedFilter.Limit is 0.
const DefaultCannedLimit = 100

// CannedFilter selects canned responses. With Query, responses whose
// shortcode starts with it come first, then those whose text contains it;
// without, the list is ordered by shortcode and paginated by After.
type CannedFilter struct {
	Query string
	After string
	Limit int
}

// ListCanned returns the account's canned responses matching f.
func (s *Service) ListCanned(ctx context.Context, accountID int64, f CannedFilter) ([]CannedResponse, error) {
	if f.Limit == 0 {
		f.Limit = DefaultCannedLimit
	}
	var v apperror.Validation
	v.Check(f.Limit > 0 && f.Limit <= 500, "limit", "must be 1 to 500")
	v.Check(utf8.RuneCountInString(f.Query) <= 200, "q", "must be at most 200 characters")
	if err := v.Err(); err != nil {
		return nil, err
	}
	q := s.db.NewSelect().Model((*CannedResponse)(nil)).Where("account_id = ?", accountID)
	// A leading "/" is how agents type shortcodes; it is not part of them.
	term := strings.TrimPrefix(strings.TrimSpace(f.Query), "/")
	if term != "" {
		prefix := escapeLike(strings.ToLower(term)) + "%"
		q.Where("(shortcode LIKE ? OR text ILIKE ?)", prefix, "%"+escapeLike(term)+"%").
			OrderExpr("(shortcode LIKE ?) DESC", prefix)
	} else if f.After != "" {
		q.Where("shortcode > ?", f.After)
	}
	var out []CannedResponse
	if err := q.OrderExpr("shortcode").Limit(int64(f.Limit)).Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("desk: list canned responses: %w", err)
	}
	for i := range out {
		out[i].fill()
	}
	if out == nil {
		out = []CannedResponse{}
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// GetCanned returns one canned response of the account.
func (s *Service) GetCanned(ctx context.Context, accountID, id int64) (*CannedResponse, error) {
	return s.getCanned(ctx, s.db, accountID, id, false)
}

func (s *Service) getCanned(ctx context.Context, db bun.IDB, accountID, id int64, forUpdate bool) (*CannedResponse, error) {
	c := new(CannedResponse)
	q := db.NewSelect().Model(c).Where("id = ? AND account_id = ?", id, accountID)
	if forUpdate {
		q.For("UPDATE")
	}
	err := q.Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("canned response")
	}
	if err != nil {
		return nil, fmt.Errorf("desk: get canned response: %w", err)
	}
	c.fill()
	return c, nil
}

// CreateCanned adds a canned response to the account; userID is its author
// (0 for API tokens without a person).
func (s *Service) CreateCanned(ctx context.Context, accountID, userID int64, in CannedInput) (*CannedResponse, error) {
	in.Shortcode = normShortcode(in.Shortcode)
	var v apperror.Validation
	checkShortcode(&v, in.Shortcode)
	checkText(&v, in.Text)
	if err := v.Err(); err != nil {
		return nil, err
	}
	c := &CannedResponse{AccountID: accountID, Shortcode: in.Shortcode, Text: in.Text}
	if userID != 0 {
		c.CreatedBy = &userID
	}
	if _, err := s.db.NewInsert().Model(c).Returning("*").Exec(ctx); err != nil {
		return nil, fmt.Errorf("desk: create canned response: %w", mapCannedConflict(err))
	}
	c.fill()
	return c, nil
}

// UpdateCanned changes a canned response of the account.
func (s *Service) UpdateCanned(ctx context.Context, accountID, id int64, in CannedUpdate) (*CannedResponse, error) {
	var v apperror.Validation
	if in.Shortcode != nil {
		*in.Shortcode = normShortcode(*in.Shortcode)
		checkShortcode(&v, *in.Shortcode)
	}
	if in.Text != nil {
		checkText(&v, *in.Text)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	q := s.db.NewUpdate().Model((*CannedResponse)(nil)).Where("id = ? AND account_id = ?", id, accountID).
		Set("updated_at = now()").Returning("*")
	if in.Shortcode != nil {
		q.Set("shortcode = ?", *in.Shortcode)
	}
	if in.Text != nil {
		q.Set("text = ?", *in.Text)
	}
	c := new(CannedResponse)
	if err := q.Scan(ctx, c); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, apperror.NotFound("canned response")
		}
		return nil, fmt.Errorf("desk: update canned response: %w", mapCannedConflict(err))
	}
	c.fill()
	return c, nil
}

// DeleteCanned removes a canned response and, after that, its attachment.
func (s *Service) DeleteCanned(ctx context.Context, accountID, id int64) error {
	c := new(CannedResponse)
	err := s.db.NewDelete().Model(c).Where("id = ? AND account_id = ?", id, accountID).Returning("*").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return apperror.NotFound("canned response")
	}
	if err != nil {
		return fmt.Errorf("desk: delete canned response: %w", err)
	}
	if c.Stored != nil {
		s.deleteObject(ctx, c.Stored.Key)
	}
	return nil
}
