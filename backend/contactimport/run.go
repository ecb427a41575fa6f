package contactimport

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/groups"
	"switchboard/backend/realtime"
	"switchboard/backend/spreadsheet"
)

// maxStoredErrors bounds the row errors kept with an import; Failed still
// counts every failed row.
const maxStoredErrors = 10000

// progress is what an import has done so far.
type progress struct {
	Total     int `json:"total"`
	Imported  int `json:"imported"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
	errors    []RowError
}

func (p *progress) fail(errs ...RowError) {
	p.Failed++
	for _, e := range errs {
		if len(p.errors) < maxStoredErrors {
			p.errors = append(p.errors, e)
		}
	}
}

// Run works one import: the job queue calls it. final says this is the
// last attempt, so a failure marks the import failed instead of asking for
// a retry. A retried import starts over; rows a crashed attempt already
// wrote come out unchanged the second time.
func (s *Service) Run(ctx context.Context, id int64, final bool) error {
	imp := new(Import)
	err := s.db.NewUpdate().Model(imp).
		Set("status = ?", StatusRunning).Set("started_at = now()").
		Set("total = 0, imported = 0, updated = 0, unchanged = 0, failed = 0, errors = '[]'").
		Where("id = ? AND status IN (?, ?)", id, StatusQueued, StatusRunning).
		Returning("*").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // finished before, or deleted
	}
	if err != nil {
		return fmt.Errorf("contactimport: claim import %d: %w", id, err)
	}
	p, err := s.run(ctx, imp)
	var se *spreadsheet.Error
	var fe *fatalError
	switch {
	case err == nil:
		return s.finish(ctx, imp, p, StatusDone, "", "")
	case errors.As(err, &se):
		return s.finish(ctx, imp, p, StatusFailed, se.Code, se.Error())
	case errors.As(err, &fe):
		return s.finish(ctx, imp, p, StatusFailed, fe.code, fe.msg)
	case final:
		s.log.Error("contact import failed", "import_id", id, "err", err)
		return s.finish(ctx, imp, p, StatusFailed, "internal", "the import failed on our side; please try again")
	}
	return err
}

// fatalError ends an import without a retry.
type fatalError struct{ code, msg string }

func (e *fatalError) Error() string { return e.msg }

func (s *Service) finish(ctx context.Context, imp *Import, p *progress, status, code, msg string) error {
	if p == nil {
		p = &progress{}
	}
	errs := p.errors
	if errs == nil {
		errs = []RowError{}
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewUpdate().Model((*Import)(nil)).Where("id = ?", imp.ID).
			Set("status = ?", status).Set("finished_at = now()").
			Set("total = ?, imported = ?, updated = ?, unchanged = ?, failed = ?", p.Total, p.Imported, p.Updated, p.Unchanged, p.Failed).
			Set("errors = ?", errsJSON(errs)).Set("error = ?, error_code = ?", msg, code).
			Exec(ctx)
		if err != nil {
			return err
		}
		return s.publish(ctx, tx, imp, status, p)
	})
	if err != nil {
		return fmt.Errorf("contactimport: finish import %d: %w", imp.ID, err)
	}
	if err := s.store.Delete(ctx, imp.ObjectKey); err != nil {
		s.log.Warn("contact import: delete upload", "import_id", imp.ID, "err", err)
	}
	return nil
}

func (s *Service) publish(ctx context.Context, tx bun.IDB, imp *Import, status string, p *progress) error {
	if s.pub == nil {
		return nil
	}
	var aud realtime.Audience
	if imp.UserID != nil {
		aud.UserIDs = []int64{*imp.UserID}
	}
	ev, err := realtime.NewEvent(EventImportUpdated, imp.AccountID, aud, struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
		*progress
	}{imp.ID, status, p})
	if err != nil {
		return err
	}
	return s.pub.PublishTx(ctx, tx, ev)
}

// run reads the stored file twice: once to count (and to refuse a broken
// file before anything is written), then to import it in batches.
func (s *Service) run(ctx context.Context, imp *Import) (*progress, error) {
	f, err := s.spool(ctx, imp.ObjectKey)
	if err != nil {
		return nil, err
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var region string
	if err := s.db.NewSelect().Table("accounts").Column("default_country").Where("id = ?", imp.AccountID).Scan(ctx, &region); err != nil {
		return nil, fmt.Errorf("contactimport: read default country: %w", err)
	}
	attrs, err := s.contacts.Attributes(ctx, imp.AccountID)
	if err != nil {
		return nil, err
	}
	var group *groups.Group
	if imp.GroupID != nil {
		group, err = s.groups.Find(ctx, imp.AccountID, *imp.GroupID)
		if errors.Is(err, apperror.ErrNotFound) {
			group = nil // deleted since the upload: the contacts are imported all the same
		} else if err != nil {
			return nil, err
		}
	}

	p := &progress{}
	total, err := countRows(f, st.Size())
	if err != nil {
		return p, err
	}
	p.Total = total
	if _, err := s.db.NewUpdate().Model((*Import)(nil)).Set("total = ?", total).Where("id = ?", imp.ID).Exec(ctx); err != nil {
		return p, err
	}

	r, err := spreadsheet.Open(f, st.Size())
	if err != nil {
		return p, err
	}
	defer r.Close()
	headers, _, err := r.Next()
	if err != nil {
		return p, err
	}
	cols, err := resolveColumns(headers, imp.Mapping, attrs)
	if err != nil {
		return p, &fatalError{code: "bad_mapping", msg: err.Error()}
	}
	numberCol := map[string]string{}
	for _, c := range cols {
		if c.field == FieldSMSNumber || c.field == FieldWhatsAppNumber {
			numberCol[c.field] = c.header
		}
	}
	seen := map[string]int{} // number → the line it first appeared on
	batch := make([]*record, 0, s.batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if err := s.applyBatch(ctx, tx, imp, group, batch, p); err != nil {
				return err
			}
			if _, err := tx.NewUpdate().Model((*Import)(nil)).Where("id = ?", imp.ID).
				Set("imported = ?, updated = ?, unchanged = ?, failed = ?", p.Imported, p.Updated, p.Unchanged, p.Failed).
				Exec(ctx); err != nil {
				return err
			}
			return s.publish(ctx, tx, imp, StatusRunning, p)
		})
		batch = batch[:0]
		return err
	}
	for {
		cells, line, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, err
		}
		rec, errs := parseRow(cells, line, cols, region)
		if errs != nil {
			p.fail(errs...)
			continue
		}
		if dup := duplicateOf(rec, seen, numberCol); dup != nil {
			p.fail(*dup)
			continue
		}
		batch = append(batch, rec)
		if len(batch) == s.batchSize {
			if err := flush(); err != nil {
				return p, err
			}
		}
	}
	return p, flush()
}

// duplicateOf reports a row whose number an earlier row of the file had;
// otherwise it remembers the row's numbers.
func duplicateOf(rec *record, seen map[string]int, numberCol map[string]string) *RowError {
	for _, c := range []struct{ field, number string }{{FieldSMSNumber, rec.sms}, {FieldWhatsAppNumber, rec.whatsapp}} {
		if c.number == "" {
			continue
		}
		if first, ok := seen[c.number]; ok {
			return &RowError{Row: rec.line, Column: numberCol[c.field], Code: CodeDuplicateInFile,
				Message: fmt.Sprintf("%s is already in row %d; this row is skipped", c.number, first)}
		}
	}
	for _, n := range rec.numbers() {
		seen[n] = rec.line
	}
	return nil
}

// countRows counts the data rows (all rows but the header).
func countRows(f io.ReaderAt, size int64) (int, error) {
	r, err := spreadsheet.Open(f, size)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := -1
	for {
		_, _, err := r.Next()
		if errors.Is(err, io.EOF) {
			return max(n, 0), nil
		}
		if err != nil {
			return 0, err
		}
		n++
	}
}

// spool copies the stored upload to a temporary file: reading needs random
// access (XLSX) and two passes.
func (s *Service) spool(ctx context.Context, key string) (*os.File, error) {
	rc, _, err := s.store.Open(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("contactimport: open upload: %w", err)
	}
	defer rc.Close()
	f, err := os.CreateTemp("", "contact-import-*")
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(f, io.LimitReader(rc, MaxFileSize+1)); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("contactimport: copy upload: %w", err)
	}
	return f, nil
}
