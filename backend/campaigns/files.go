package campaigns

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"switchboard/backend/apperror"
	"switchboard/backend/contacts"
	"switchboard/backend/spreadsheet"
)

// MaxFileRows bounds the rows of a recipients file.
const MaxFileRows = 100000

// MaxFileSize bounds a recipients file upload.
const MaxFileSize = 50 << 20

// numberHeaders name the number column; without one the first column is it.
var numberHeaders = map[string]bool{"number": true, "phone": true, "phone_number": true, "mobile": true,
	"msisdn": true, "nummer": true, "telefon": true, "telefonnummer": true, "handy": true,
	"sms_number": true, "whatsapp_number": true, "e164": true}

var notPlaceholder = regexp.MustCompile(`[^a-z0-9_]+`)

// columnName turns a header into the placeholder name of its column
// ("First name" → first_name).
func columnName(h string) string {
	return strings.Trim(notPlaceholder.ReplaceAllString(strings.ToLower(strings.TrimSpace(h)), "_"), "_")
}

// File is a recipients file as read.
type File struct {
	ID      int64       `json:"id"`
	Name    string      `json:"name"`
	Rows    int         `json:"rows"`
	Columns []string    `json:"columns"`
	Errors  []FileError `json:"errors"`
}

// FileError is a row left out of a recipients file.
type FileError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// maxFileErrors bounds the errors reported for one file.
const maxFileErrors = 1000

type fileRow struct {
	Number    string            `json:"number"`
	Variables map[string]string `json:"variables,omitempty"`
}

// ReadFile reads a recipients file (CSV or XLSX): a header row, a number
// column and optional variable columns. Rows whose number cannot be read
// are reported and left out; the rest are kept for a campaign to use.
func (s *Service) ReadFile(ctx context.Context, accountID int64, who Actor, name string, r io.ReaderAt, size int64) (*File, error) {
	rd, err := spreadsheet.Open(r, size)
	if err != nil {
		return nil, fileError(err)
	}
	defer rd.Close()
	header, _, err := rd.Next()
	if errors.Is(err, io.EOF) {
		return nil, apperror.Invalid("no_rows", "the file has no rows")
	}
	if err != nil {
		return nil, fileError(err)
	}
	numberCol := 0
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = columnName(h)
		if numberHeaders[names[i]] {
			numberCol = i
		}
	}
	var columns []string
	seen := map[string]bool{}
	for i, n := range names {
		if i == numberCol || n == "" || seen[n] {
			continue
		}
		seen[n] = true
		columns = append(columns, n)
	}
	country, err := s.contacts.DefaultCountry(ctx, s.db, accountID)
	if err != nil {
		return nil, err
	}
	out := &File{Name: name, Columns: columns, Errors: []FileError{}}
	if out.Columns == nil {
		out.Columns = []string{}
	}
	addErr := func(e FileError) {
		if len(out.Errors) < maxFileErrors {
			out.Errors = append(out.Errors, e)
		}
	}
	var rows []fileRow
	for {
		row, line, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fileError(err)
		}
		if len(rows) >= MaxFileRows {
			return nil, apperror.Invalid("too_many_rows", fmt.Sprintf("a recipients file holds at most %d rows", MaxFileRows))
		}
		raw := ""
		if numberCol < len(row) {
			raw = strings.TrimSpace(row[numberCol])
		}
		if raw == "" {
			addErr(FileError{Row: line, Column: header[numberCol], Code: "no_number", Message: "the row has no number"})
			continue
		}
		n, err := contacts.NormalizeNumber(raw, country)
		if err != nil {
			addErr(FileError{Row: line, Column: header[numberCol], Code: "invalid_number",
				Message: fmt.Sprintf("%q is not a phone number", raw)})
			continue
		}
		fr := fileRow{Number: n}
		for i, cell := range row {
			if i == numberCol || i >= len(names) || names[i] == "" || !seen[names[i]] {
				continue
			}
			if fr.Variables == nil {
				fr.Variables = map[string]string{}
			}
			if _, dup := fr.Variables[names[i]]; !dup {
				fr.Variables[names[i]] = strings.TrimSpace(cell)
			}
		}
		rows = append(rows, fr)
	}
	if rows == nil {
		rows = []fileRow{}
	}
	out.Rows = len(rows)
	err = s.db.NewRaw(`INSERT INTO campaign_files (account_id, name, columns, rows, row_count, created_by)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, accountID, name, jsonValue{out.Columns}, jsonValue{rows},
		len(rows), who.UserID).Scan(ctx, &out.ID)
	if err != nil {
		return nil, fmt.Errorf("campaigns: store recipients file: %w", err)
	}
	return out, nil
}

func fileError(err error) error {
	var se *spreadsheet.Error
	if errors.As(err, &se) {
		return apperror.Invalid(se.Code, se.Error())
	}
	return err
}
