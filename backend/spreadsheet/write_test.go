package spreadsheet

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestNeutralize(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+436641234567":              "'+436641234567",
		"-1":                         "'-1",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\tx":                        "'\tx",
		"\rx":                        "'\rx",
		"Jürgen":                     "Jürgen",
		"":                           "",
		"'quoted":                    "'quoted",
	}
	for in, want := range tests {
		got := Neutralize(in)
		if got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
		if back := Unneutralize(got); back != in {
			t.Errorf("Unneutralize(%q) = %q, want %q", got, back, in)
		}
	}
}

func TestCSVWriterWritesWhatExcelOpens(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, err := NewCSVWriter(&buf, ';')
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range [][]string{
		{"name", "sms_number"},
		{"Müller; Hans", "+436641234567"},
		{`Say "hi"`, `=HYPERLINK("http://x","y")`},
		{"two\nlines", "@x"},
	} {
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\xef\xbb\xbfname;sms_number\r\n" +
		"\"Müller; Hans\";'+436641234567\r\n" +
		"\"Say \"\"hi\"\"\";\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n" +
		"\"two\r\nlines\";'@x\r\n"
	if got := buf.String(); got != want {
		t.Errorf("csv =\n%q\nwant\n%q", got, want)
	}
	// And it reads back as written.
	_, rows, _, err := readAll(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if rows[2][1] != `'=HYPERLINK("http://x","y")` || Unneutralize(rows[2][1]) != `=HYPERLINK("http://x","y")` {
		t.Errorf("read back %q", rows[2][1])
	}
}

func TestXLSXWriterWritesStringCells(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w, err := NewXLSXWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]string{"name", "sms_number"})
	w.Write([]string{"Jürgen", "+436641234567"})
	w.Write([]string{"=1+1", "0664"})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"name", "sms_number"}, {"Jürgen", "'+436641234567"}, {"'=1+1", "0664"}}
	if !equalRows(rows, want) {
		t.Errorf("rows = %q, want %q", rows, want)
	}
	if typ, _ := f.GetCellType(SheetName, "B3"); typ != excelize.CellTypeInlineString {
		t.Errorf("B3 type = %v, want an inline string", typ)
	}
	if formula, _ := f.GetCellFormula(SheetName, "A3"); formula != "" {
		t.Errorf("A3 has formula %q", formula)
	}
}
