package spreadsheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Neutralize defuses a cell a spreadsheet program would read as a formula
// (starting with = + - @, a tab or a carriage return) by putting a ' in
// front, as OWASP recommends against CSV injection. Unneutralize undoes it
// when such a file is imported again.
func Neutralize(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// Unneutralize removes the ' that Neutralize put in front of a cell; any
// other cell is returned as it is.
func Unneutralize(cell string) string {
	if len(cell) >= 2 && cell[0] == '\'' && Neutralize(cell[1:]) != cell[1:] {
		return cell[1:]
	}
	return cell
}

// Writer writes a table row by row; Close finishes the file.
type Writer interface {
	Write(row []string) error
	Close() error
}

// CSVWriter writes CSV that Excel opens correctly: UTF-8 with a BOM, CRLF
// line ends, cells quoted when needed and formulas neutralised.
type CSVWriter struct {
	w   *csv.Writer
	buf []string
}

// NewCSVWriter starts a CSV file on w with the delimiter (',', ';' or '\t').
func NewCSVWriter(w io.Writer, delim rune) (*CSVWriter, error) {
	if delim != ',' && delim != ';' && delim != '\t' {
		return nil, fmt.Errorf("spreadsheet: delimiter %q is not one of , ; tab", delim)
	}
	if _, err := w.Write(utf8BOM); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = delim
	cw.UseCRLF = true
	return &CSVWriter{w: cw}, nil
}

// Write writes one row.
func (c *CSVWriter) Write(row []string) error {
	c.buf = c.buf[:0]
	for _, cell := range row {
		c.buf = append(c.buf, Neutralize(cell))
	}
	return c.w.Write(c.buf)
}

// Flush writes buffered rows to the underlying writer (e.g. to stream an
// HTTP response in chunks).
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// Close flushes the last rows.
func (c *CSVWriter) Close() error { return c.Flush() }

// XLSXWriter writes one sheet with excelize's StreamWriter: every cell is a
// string (nothing is a formula, numbers keep their leading + and zeros),
// neutralised like CSV. Rows go to a temporary file past 16 MB; the
// workbook is written to w on Close.
type XLSXWriter struct {
	out  io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	row  int
	vals []any
}

// SheetName is the name of the sheet XLSXWriter writes.
const SheetName = "Contacts"

// NewXLSXWriter starts a workbook that Close writes to w.
func NewXLSXWriter(w io.Writer) (*XLSXWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		f.Close()
		return nil, err
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &XLSXWriter{out: w, f: f, sw: sw}, nil
}

// Write appends one row.
func (x *XLSXWriter) Write(row []string) error {
	x.row++
	if x.row > excelize.TotalRows {
		return fmt.Errorf("spreadsheet: more than %d rows do not fit a sheet", excelize.TotalRows)
	}
	x.vals = x.vals[:0]
	for _, cell := range row {
		x.vals = append(x.vals, Neutralize(xmlSafe(cell)))
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.vals)
}

// xmlSafe drops what XML cannot hold (control characters other than tab
// and line ends, invalid UTF-8), which would make the workbook unreadable.
func xmlSafe(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xfffe || r == 0xffff {
			return -1
		}
		return r
	}, s)
}

// Close finishes the sheet and writes the workbook.
func (x *XLSXWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err := x.f.WriteTo(x.out)
	return err
}

// ContentType is the media type a file of format f is served with.
func (f Format) ContentType() string {
	if f == FormatXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// NewWriter starts a file of format f on w: XLSX, or CSV with delim.
func NewWriter(f Format, w io.Writer, delim rune) (Writer, error) {
	if f == FormatXLSX {
		return NewXLSXWriter(w)
	}
	return NewCSVWriter(w, delim)
}
