package spreadsheet

import (
	"archive/zip"
	"errors"
	"io"

	"github.com/xuri/excelize/v2"
)

// Unpacked size limits of a workbook: a zip bomb stops here.
const (
	xlsxUnzipLimit    = 512 << 20
	xlsxXMLInMemLimit = 16 << 20
)

// openXLSX reads the active sheet of a workbook. Cells come as excelize
// formats them; formula cells give their cached value, so nothing is
// evaluated.
func openXLSX(r io.ReaderAt, size int64) (*Reader, error) {
	if !isWorkbook(r, size) {
		return nil, fail("unsupported_file", "the file is a zip archive, not an XLSX workbook")
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size),
		excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxXMLInMemLimit})
	if err != nil {
		switch {
		case errors.Is(err, excelize.ErrWorkbookFileFormat):
			return nil, fail("unsupported_file", "the file is a zip archive, not an XLSX workbook")
		case errors.Is(err, excelize.ErrWorkbookPassword):
			return nil, fail("bad_xlsx", "the workbook is password-protected; remove the password and upload it again")
		case errors.Is(err, excelize.ErrOptionsUnzipSizeLimit):
			return nil, fail("bad_xlsx", "the workbook unpacks to more than %d MB", xlsxUnzipLimit>>20)
		}
		return nil, fail("bad_xlsx", "the workbook cannot be read: %v", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, fail("no_rows", "the workbook has no sheet")
	}
	sheet := f.GetSheetName(f.GetActiveSheetIndex())
	if sheet == "" {
		sheet = sheets[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, fail("bad_xlsx", "the sheet %q cannot be read: %v", sheet, err)
	}
	line := 0
	next := func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, line, &Error{Code: "bad_xlsx", Line: line, Message: "the sheet cannot be read: " + err.Error()}
			}
			return nil, 0, io.EOF
		}
		line++
		cols, err := rows.Columns()
		if err != nil {
			return nil, line, &Error{Code: "bad_xlsx", Line: line, Message: "the row cannot be read: " + err.Error()}
		}
		return cols, line, nil
	}
	closer := func() error {
		rows.Close()
		return f.Close()
	}
	return pending(&Reader{Info: Info{Format: FormatXLSX, Encoding: EncodingUTF8}, next: next, close: closer})
}

// isWorkbook tells whether the zip in r holds an Excel workbook.
func isWorkbook(r io.ReaderAt, size int64) bool {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// pending reads the first row so that Open refuses a file without rows; the
// row is handed out again by the first Next.
func pending(r *Reader) (*Reader, error) {
	row, line, err := r.Next()
	if err != nil {
		r.Close()
		if errors.Is(err, io.EOF) {
			return nil, fail("no_rows", "the file has no rows")
		}
		return nil, err
	}
	inner := r.next
	first := true
	r.next = func() ([]string, int, error) {
		if first {
			first = false
			return row, line, nil
		}
		return inner()
	}
	return r, nil
}
