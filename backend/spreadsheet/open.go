// Package spreadsheet reads and writes the tables people keep contacts in:
// CSV in the encodings and delimiters spreadsheet programs write, and XLSX.
// It knows nothing about contacts; backend/contactimport gives the columns
// their meaning.
//
// Reading is streaming with bounded memory for CSV: Open checks the whole
// file once (encoding, NUL bytes, line length) before the first row is
// handed out, so a large garbage file fails fast and nothing of it is
// imported. XLSX workbooks are opened with excelize, which holds the zip in
// memory; uploads are capped at 50 MB by the caller.
package spreadsheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Format is the kind of file: FormatCSV or FormatXLSX.
type Format string

// The formats Open reads.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Encoding is the character encoding of a CSV file.
type Encoding string

// The encodings Open recognises. XLSX is always UTF-8.
const (
	EncodingUTF8        Encoding = "utf-8"
	EncodingUTF8BOM     Encoding = "utf-8-bom"
	EncodingWindows1252 Encoding = "windows-1252"
)

// Limits of what Open accepts.
const (
	// MaxLine is the longest physical line of a CSV file, in bytes.
	MaxLine = 64 << 10
	// MaxColumns is the most cells a row may have.
	MaxColumns = 500
)

// Error is a file Open or a Reader refuses. Code is stable for clients
// ("empty_file", "unsupported_file", "binary_content", "line_too_long",
// "no_rows", "bad_xlsx", "too_many_columns", "bad_csv"); Message is English.
type Error struct {
	Code    string
	Message string
	// Line is the line of the file the problem was found on, or 0.
	Line int
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return e.Message
}

func fail(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Info is what Open found out about a file.
type Info struct {
	Format    Format   `json:"format"`
	Encoding  Encoding `json:"encoding"`
	Delimiter string   `json:"delimiter,omitempty"` // CSV only: ",", ";" or "\t"
}

// Reader hands out the rows of a file one by one.
type Reader struct {
	Info Info

	next  func() ([]string, int, error)
	close func() error
}

// Next returns the next row that has at least one non-blank cell, with the
// line of the file it starts on (the first line is 1; for XLSX the row
// number). At the end it returns io.EOF. Trailing blank cells are dropped.
func (r *Reader) Next() ([]string, int, error) {
	for {
		row, line, err := r.next()
		if err != nil {
			return nil, line, err
		}
		if len(row) > MaxColumns {
			return nil, line, &Error{Code: "too_many_columns", Line: line,
				Message: fmt.Sprintf("a row has %d cells; at most %d are read", len(row), MaxColumns)}
		}
		n := len(row)
		for n > 0 && isBlank(row[n-1]) {
			n--
		}
		if n > 0 {
			return row[:n], line, nil
		}
	}
}

// Close releases what the reader holds (excelize's temporary files).
func (r *Reader) Close() error {
	if r.close == nil {
		return nil
	}
	return r.close()
}

func isBlank(s string) bool { return len(bytes.TrimSpace([]byte(s))) == 0 }

// magic numbers of files that are certainly no spreadsheet we read, with
// what to tell the user.
var magics = []struct {
	prefix string
	what   string
}{
	{"%PDF", "a PDF document"},
	{"\x89PNG", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF8", "a GIF image"},
	{"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Office file; save it as .xlsx or CSV"},
	{"\x1f\x8b", "a gzip archive"},
	{"Rar!", "a RAR archive"},
	{"7z\xbc\xaf", "a 7-Zip archive"},
	{"\xff\xfe", "a UTF-16 text file; save it as \"CSV UTF-8\""},
	{"\xfe\xff", "a UTF-16 text file; save it as \"CSV UTF-8\""},
}

// Open sniffs the file in r (size bytes) and returns a reader over its
// rows. A zip that is an XLSX workbook is read as XLSX; anything else must
// be text and is read as CSV. Refused files give an *Error.
func Open(r io.ReaderAt, size int64) (*Reader, error) {
	if size == 0 {
		return nil, fail("empty_file", "the file is empty")
	}
	head := make([]byte, min(size, 512))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("spreadsheet: read: %w", err)
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")) {
		return openXLSX(r, size)
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return nil, fail("unsupported_file", "the file is %s, not a CSV or XLSX file", m.what)
		}
	}
	return openCSV(r, size)
}
