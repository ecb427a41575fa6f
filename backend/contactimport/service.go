// Package contactimport brings contacts in from spreadsheets and takes them
// out again: uploads are checked at once, stored in the media store and
// imported by a background job in batches; exports stream the filtered
// phone book as CSV or XLSX. Column names are the same both ways, so an
// export edited in a spreadsheet imports back onto the same contacts.
//
// Formula cells: a cell such as =HYPERLINK("http://x","y") is kept as text
// (nothing is ever evaluated; XLSX gives the cached value of real formula
// cells) and is neutralised with a leading ' again on export.
package contactimport

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/consent"
	"switchboard/backend/contacts"
	"switchboard/backend/groups"
	"switchboard/backend/media"
	"switchboard/backend/realtime"
	"switchboard/backend/spreadsheet"
)

// MaxFileSize is the largest file accepted for import.
const MaxFileSize = 50 << 20

// EventImportUpdated tells the importing user about progress.
const EventImportUpdated = "contact_import.updated"

// Statuses of an import.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Jobs queues imports; jobs.Queue implements it.
type Jobs interface {
	EnqueueContactImport(ctx context.Context, importID int64) error
}

// Publisher sends realtime events within a transaction (realtime.Broker).
type Publisher interface {
	PublishTx(ctx context.Context, tx bun.IDB, ev *realtime.Event) error
}

// Config is what the service needs.
type Config struct {
	DB       *bun.DB
	Media    media.Store
	Contacts *contacts.Service
	// Consent writes the consents a file declares, Groups the members of
	// an import into a group; nil: services on DB.
	Consent *consent.Service
	Groups  *groups.Service
	// Publisher may be nil: then progress is only seen by polling.
	Publisher Publisher
	Logger    *slog.Logger
	// BatchSize is how many rows one statement writes (default 1,000).
	BatchSize int
}

// Service imports and exports contacts.
type Service struct {
	db        *bun.DB
	store     media.Store
	contacts  *contacts.Service
	consent   *consent.Service
	groups    *groups.Service
	pub       Publisher
	jobs      Jobs
	log       *slog.Logger
	batchSize int
	src       Source
}

// New builds the service; SetJobs must be called before Create.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 1000
	}
	if cfg.Consent == nil {
		cfg.Consent = consent.NewService(cfg.DB)
	}
	if cfg.Groups == nil {
		cfg.Groups = groups.NewService(cfg.DB)
	}
	return &Service{db: cfg.DB, store: cfg.Media, contacts: cfg.Contacts, consent: cfg.Consent, groups: cfg.Groups,
		pub: cfg.Publisher, log: cfg.Logger, batchSize: cfg.BatchSize}
}

// SetJobs connects the job queue (built after the service).
func (s *Service) SetJobs(j Jobs) { s.jobs = j }

// Import is one uploaded file and how far its import got.
type Import struct {
	bun.BaseModel `bun:"table:contact_imports"`

	ID             int64             `bun:",pk,autoincrement" json:"id"`
	AccountID      int64             `bun:",notnull" json:"-"`
	UserID         *int64            `json:"user_id"`
	FileName       string            `bun:",notnull" json:"file_name"`
	ObjectKey      string            `bun:",notnull" json:"-"`
	Mapping        map[string]string `bun:"type:jsonb,notnull" json:"mapping"`
	UpdateExisting bool              `bun:",notnull" json:"update_existing"`
	GroupID        *int64            `json:"group_id"` // the group the file's contacts join; nil: none, or deleted since
	Status         string            `bun:",notnull" json:"status"`
	Total          int               `bun:",notnull" json:"total"`
	Imported       int               `bun:",notnull" json:"imported"`
	Updated        int               `bun:",notnull" json:"updated"`
	Unchanged      int               `bun:",notnull" json:"unchanged"`
	Failed         int               `bun:",notnull" json:"failed"`
	Errors         []RowError        `bun:"type:jsonb,notnull" json:"errors"`
	Error          string            `bun:",notnull" json:"error,omitempty"`
	ErrorCode      string            `bun:",notnull" json:"error_code,omitempty"`
	CreatedAt      time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"created_at"`
	StartedAt      *time.Time        `json:"started_at"`
	FinishedAt     *time.Time        `json:"finished_at"`
}

// Options are the choices made on upload.
type Options struct {
	// Mapping maps column headers to fields ("name", "attr.<key>",
	// "ignore"); empty: headers are matched by name.
	Mapping map[string]string
	// UpdateExisting updates contacts matched by either number; otherwise
	// they are left as they are.
	UpdateExisting bool
	// GroupID, if not 0, is a group of the account every contact of the
	// file joins: imported, updated and unchanged alike.
	GroupID int64
}

// Upload is the file as received.
type Upload struct {
	Name        string
	ContentType string
	Size        int64
	File        io.ReaderAt
}

// Preview is what the mapping step shows.
type Preview struct {
	spreadsheet.Info
	Headers          []string          `json:"headers"`
	Rows             [][]string        `json:"rows"`
	SuggestedMapping map[string]string `json:"suggested_mapping"`
}

// previewRows is how many rows Preview shows.
const previewRows = 10

// fileError turns a refused file into the API's validation error.
func fileError(err error) error {
	var se *spreadsheet.Error
	if errors.As(err, &se) {
		return &apperror.Error{Kind: apperror.ErrValidation, Code: se.Code, Message: se.Error(),
			Fields: map[string]string{"file": se.Error()}}
	}
	return err
}

func checkSize(size int64) error {
	if size > MaxFileSize {
		return &apperror.Error{Kind: apperror.ErrValidation, Code: "too_large",
			Message: fmt.Sprintf("the file is larger than %d MB", MaxFileSize>>20), Fields: map[string]string{"file": "too large"}}
	}
	return nil
}

// Preview reads the header and the first rows of an upload and suggests a
// mapping. It stores nothing.
func (s *Service) Preview(ctx context.Context, accountID int64, up Upload) (*Preview, error) {
	if err := checkSize(up.Size); err != nil {
		return nil, err
	}
	r, err := spreadsheet.Open(up.File, up.Size)
	if err != nil {
		return nil, fileError(err)
	}
	defer r.Close()
	headers, _, err := r.Next()
	if err != nil {
		return nil, fileError(err)
	}
	attrs, err := s.contacts.Attributes(ctx, accountID)
	if err != nil {
		return nil, err
	}
	p := &Preview{Info: r.Info, Headers: headers, Rows: [][]string{}, SuggestedMapping: SuggestMapping(headers, attrs)}
	for len(p.Rows) < previewRows {
		row, _, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fileError(err)
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// Create checks an upload (a readable CSV or XLSX file with a number
// column and at least one row), stores it and queues its import. A refused
// file stores nothing.
func (s *Service) Create(ctx context.Context, accountID, userID int64, up Upload, opts Options) (*Import, error) {
	if err := checkSize(up.Size); err != nil {
		return nil, err
	}
	r, err := spreadsheet.Open(up.File, up.Size)
	if err != nil {
		return nil, fileError(err)
	}
	headers, _, err := r.Next()
	if err == nil {
		_, _, err = r.Next()
		if errors.Is(err, io.EOF) {
			err = &spreadsheet.Error{Code: "no_rows", Message: "the file has a header row but no contacts"}
		}
	}
	r.Close()
	if err != nil {
		return nil, fileError(err)
	}
	attrs, err := s.contacts.Attributes(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if _, err := resolveColumns(headers, opts.Mapping, attrs); err != nil {
		return nil, err
	}
	var groupID *int64
	if opts.GroupID != 0 {
		if _, err := s.groups.Find(ctx, accountID, opts.GroupID); errors.Is(err, apperror.ErrNotFound) {
			var v apperror.Validation
			v.Check(false, "group_id", "is not a group of this account")
			return nil, v.Err()
		} else if err != nil {
			return nil, err
		}
		groupID = &opts.GroupID
	}

	name := path.Base(strings.ReplaceAll(up.Name, "\\", "/"))
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	key := uploadKey(accountID, name)
	if err := s.store.Put(ctx, key, io.NewSectionReader(up.File, 0, up.Size), up.Size, contentType(up)); err != nil {
		return nil, fmt.Errorf("contactimport: store upload: %w", err)
	}
	mapping := opts.Mapping
	if mapping == nil {
		mapping = map[string]string{}
	}
	var uid *int64
	if userID > 0 {
		uid = &userID
	}
	imp := &Import{AccountID: accountID, UserID: uid, FileName: name, ObjectKey: key, Mapping: mapping,
		UpdateExisting: opts.UpdateExisting, GroupID: groupID, Status: StatusQueued, Errors: []RowError{}}
	if _, err := s.db.NewInsert().Model(imp).Returning("*").Exec(ctx); err != nil {
		_ = s.store.Delete(ctx, key)
		return nil, fmt.Errorf("contactimport: create import: %w", err)
	}
	if err := s.jobs.EnqueueContactImport(ctx, imp.ID); err != nil {
		_, _ = s.db.NewDelete().Model((*Import)(nil)).Where("id = ?", imp.ID).Exec(ctx)
		_ = s.store.Delete(ctx, key)
		return nil, fmt.Errorf("contactimport: queue import: %w", err)
	}
	return imp, nil
}

func contentType(up Upload) string {
	if up.ContentType != "" {
		return up.ContentType
	}
	return media.DefaultContentType
}

func uploadKey(accountID int64, name string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	ext := strings.ToLower(path.Ext(name))
	if ext != ".csv" && ext != ".xlsx" && ext != ".txt" && ext != ".tsv" {
		ext = ""
	}
	return fmt.Sprintf("acct-%d/imports/%s%s", accountID, hex.EncodeToString(b), ext)
}

// Get returns an import of the account.
func (s *Service) Get(ctx context.Context, accountID, id int64) (*Import, error) {
	imp := new(Import)
	err := s.db.NewSelect().Model(imp).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("import")
	}
	if err != nil {
		return nil, fmt.Errorf("contactimport: get import: %w", err)
	}
	if imp.Errors == nil {
		imp.Errors = []RowError{}
	}
	return imp, nil
}

// WriteErrorsCSV writes an import's row errors as CSV (row, column, code,
// message) for download.
func (s *Service) WriteErrorsCSV(ctx context.Context, accountID, id int64, w io.Writer) error {
	imp, err := s.Get(ctx, accountID, id)
	if err != nil {
		return err
	}
	cw, err := spreadsheet.NewCSVWriter(w, ',')
	if err != nil {
		return err
	}
	if err := cw.Write([]string{"row", "column", "code", "message"}); err != nil {
		return err
	}
	for _, e := range imp.Errors {
		if err := cw.Write([]string{strconv.Itoa(e.Row), e.Column, e.Code, e.Message}); err != nil {
			return err
		}
	}
	return cw.Close()
}
