package contactimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"switchboard/backend/apperror"
	"switchboard/backend/contacts"
	"switchboard/backend/spreadsheet"
)

// Export-only columns: the importer ignores them.
const (
	ColumnFirstContactAt = "first_contact_at"
	ColumnLastChatAt     = "last_chat_at"
	ColumnCreatedAt      = "created_at"
)

// exportColumns are the columns an export may have besides attributes, in
// their default order.
var exportColumns = []string{FieldName, FieldFirstName, FieldLastName, FieldSMSNumber, FieldWhatsAppNumber,
	FieldStatus, FieldBlocked, FieldLabels, ColumnFirstContactAt, ColumnLastChatAt, ColumnCreatedAt}

// MaxExportIDs bounds a selection exported by ids.
const MaxExportIDs = 10000

// Source hands out the contacts an export writes, in order.
type Source interface {
	EachContact(ctx context.Context, accountID int64, f contacts.Filter, ids []int64, fn func(*contacts.View) error) error
}

// ExportRequest says what to export.
type ExportRequest struct {
	Format spreadsheet.Format
	// Columns are field names and attr.<key>; empty: all.
	Columns []string
	Filter  contacts.Filter
	// IDs, when set, export exactly these contacts (a selection).
	IDs []int64
	// Delimiter of CSV: ',' (default) or ';' or '\t'.
	Delimiter rune
}

// Export is a checked export, ready to write.
type Export struct {
	s         *Service
	accountID int64
	req       ExportRequest
	attrs     map[string]contacts.AttributeDef
}

// PrepareExport checks an export request; the error names the parameter.
func (s *Service) PrepareExport(ctx context.Context, accountID int64, req ExportRequest) (*Export, error) {
	var v apperror.Validation
	if req.Format == "" {
		req.Format = spreadsheet.FormatCSV
	}
	v.Check(req.Format == spreadsheet.FormatCSV || req.Format == spreadsheet.FormatXLSX, "format", "must be csv or xlsx")
	if req.Delimiter == 0 {
		req.Delimiter = ','
	}
	v.Check(req.Delimiter == ',' || req.Delimiter == ';' || req.Delimiter == '\t', "delimiter", "must be , ; or tab")
	v.Check(len(req.IDs) <= MaxExportIDs, "ids", fmt.Sprintf("at most %d ids", MaxExportIDs))
	defs, err := s.contacts.Attributes(ctx, accountID)
	if err != nil {
		return nil, err
	}
	attrs := map[string]contacts.AttributeDef{}
	for _, d := range defs {
		attrs[d.Key] = d
	}
	if len(req.Columns) == 0 {
		req.Columns = slices.Clone(exportColumns)
		for _, d := range defs {
			req.Columns = append(req.Columns, attrPrefix+d.Key)
		}
	}
	seen := map[string]bool{}
	for _, c := range req.Columns {
		key, isAttr := strings.CutPrefix(c, attrPrefix)
		_, known := attrs[key]
		v.Check(isAttr && known || !isAttr && slices.Contains(exportColumns, c), "columns",
			fmt.Sprintf("%q is not a column (use %s or attr.<key>)", c, strings.Join(exportColumns, ", ")))
		v.Check(!seen[c], "columns", fmt.Sprintf("%q is listed twice", c))
		seen[c] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Export{s: s, accountID: accountID, req: req, attrs: attrs}, nil
}

// ContentType is the export's media type.
func (e *Export) ContentType() string { return e.req.Format.ContentType() }

// FileName is what the download is called.
func (e *Export) FileName(now time.Time) string {
	return fmt.Sprintf("contacts-%s.%s", now.Format("2006-01-02"), e.req.Format)
}

// flusher is an http.ResponseWriter that can push what was written so far.
type flusher interface{ Flush() }

// WriteTo streams the file to w: CSV row by row (flushed every 500 rows
// when w can flush), XLSX when the last row is in.
func (e *Export) WriteTo(ctx context.Context, w io.Writer) error {
	out, err := spreadsheet.NewWriter(e.req.Format, w, e.req.Delimiter)
	if err != nil {
		return err
	}
	csvw, _ := out.(*spreadsheet.CSVWriter)
	if err := out.Write(e.req.Columns); err != nil {
		return err
	}
	cells := make([]string, len(e.req.Columns))
	// Without first and last name columns, "name" is the name the table
	// shows (first and last name for a contact without a display name).
	shown := !slices.Contains(e.req.Columns, FieldFirstName) && !slices.Contains(e.req.Columns, FieldLastName)
	n := 0
	err = e.s.source().EachContact(ctx, e.accountID, e.req.Filter, e.req.IDs, func(c *contacts.View) error {
		for i, col := range e.req.Columns {
			cells[i] = cell(c, col)
			if col == FieldName && shown {
				cells[i] = c.DisplayName
			}
		}
		if err := out.Write(cells); err != nil {
			return err
		}
		n++
		if csvw != nil && n%500 == 0 {
			if err := csvw.Flush(); err != nil {
				return err
			}
			if f, ok := w.(flusher); ok {
				f.Flush()
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("contactimport: export: %w", err)
	}
	return out.Close()
}

// cell is one column of a contact as the importer reads it back.
func cell(c *contacts.View, col string) string {
	switch col {
	case FieldName:
		return c.Name
	case FieldFirstName:
		return c.FirstName
	case FieldLastName:
		return c.LastName
	case FieldSMSNumber:
		return deref(c.SMSNumber)
	case FieldWhatsAppNumber:
		return deref(c.WhatsAppNumber)
	case FieldStatus:
		return c.Status
	case FieldBlocked:
		if c.Blocked {
			return "yes"
		}
		return "no"
	case FieldLabels:
		names := make([]string, len(c.Labels))
		for i, l := range c.Labels {
			names[i] = l.Name
		}
		return strings.Join(names, ", ")
	case ColumnFirstContactAt:
		return formatTime(&c.FirstContactAt)
	case ColumnLastChatAt:
		return formatTime(c.LastChatAt)
	case ColumnCreatedAt:
		return formatTime(&c.CreatedAt)
	}
	if key, ok := strings.CutPrefix(col, attrPrefix); ok {
		return contacts.FormatAttributeValue(c.Attributes[key])
	}
	return ""
}

func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Service) source() Source {
	if s.src != nil {
		return s.src
	}
	return listSource{s.contacts}
}

// SetSource replaces where exports read contacts from (by default the
// contacts list, page by page).
func (s *Service) SetSource(src Source) { s.src = src }

// listSource reads an export through the contacts list: the filter means
// exactly what it means in the list, in the list's default order.
type listSource struct{ contacts *contacts.Service }

func (l listSource) EachContact(ctx context.Context, accountID int64, f contacts.Filter, ids []int64, fn func(*contacts.View) error) error {
	if len(ids) > 0 {
		for _, id := range ids {
			v, err := l.contacts.Get(ctx, accountID, id)
			if err != nil {
				if errors.Is(err, apperror.ErrNotFound) {
					continue // deleted since it was selected
				}
				return err
			}
			if err := fn(&v); err != nil {
				return err
			}
		}
		return nil
	}
	cursor := ""
	for {
		page, err := l.contacts.List(ctx, accountID, f, contacts.DefaultSort, cursor, 200)
		if err != nil {
			return err
		}
		for i := range page.Items {
			if err := fn(&page.Items[i]); err != nil {
				return err
			}
		}
		if page.NextCursor == nil {
			return nil
		}
		cursor = *page.NextCursor
	}
}
