package spreadsheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func readAll(t testing.TB, data []byte) (Info, [][]string, []int, error) {
	t.Helper()
	r, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Info{}, nil, nil, err
	}
	defer r.Close()
	var rows [][]string
	var lines []int
	for {
		row, line, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.Info, rows, lines, nil
		}
		if err != nil {
			return r.Info, rows, lines, err
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
}

func TestOpenReadsCSVInEveryEncodingAndDelimiter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		data  string
		info  Info
		rows  [][]string
		lines []int
	}{
		{"semicolon with BOM and umlauts", "\xef\xbb\xbfName;SMS\r\nJürgen Müller;0664 1234567\r\n",
			Info{FormatCSV, EncodingUTF8BOM, ";"}, [][]string{{"Name", "SMS"}, {"Jürgen Müller", "0664 1234567"}}, []int{1, 2}},
		{"comma without BOM", "name,sms_number\nAnna,+43664\n",
			Info{FormatCSV, EncodingUTF8, ","}, [][]string{{"name", "sms_number"}, {"Anna", "+43664"}}, []int{1, 2}},
		{"tab", "name\tsms\nA\t1\n", Info{FormatCSV, EncodingUTF8, "\t"}, [][]string{{"name", "sms"}, {"A", "1"}}, []int{1, 2}},
		{"windows-1252 as German Excel writes it", "Name;Ort\r\nJ\xf6rg Wei\xdf;Gr\xfcnau \x80\r\n",
			Info{FormatCSV, EncodingWindows1252, ";"}, [][]string{{"Name", "Ort"}, {"Jörg Weiß", "Grünau €"}}, []int{1, 2}},
		{"commas inside quotes do not win over semicolons", "Name;SMS\n\"Müller, Hans\";1\n\"Meier, Eva\";2\n",
			Info{FormatCSV, EncodingUTF8, ";"}, [][]string{{"Name", "SMS"}, {"Müller, Hans", "1"}, {"Meier, Eva", "2"}}, []int{1, 2, 3}},
		{"quoted newline keeps the line numbers of the file", "a,b\n\"x\ny\",2\nz,3\n",
			Info{FormatCSV, EncodingUTF8, ","}, [][]string{{"a", "b"}, {"x\ny", "2"}, {"z", "3"}}, []int{1, 2, 4}},
		{"blank rows are skipped, lines still counted", "a;b\n;\n\nc;d\n",
			Info{FormatCSV, EncodingUTF8, ";"}, [][]string{{"a", "b"}, {"c", "d"}}, []int{1, 4}},
		{"single column", "SMS\n0664 1\n", Info{FormatCSV, EncodingUTF8, ","}, [][]string{{"SMS"}, {"0664 1"}}, []int{1, 2}},
		{"stray quote is read lazily", "a,b\nsay \"hi,2\n", Info{FormatCSV, EncodingUTF8, ","}, [][]string{{"a", "b"}, {"say \"hi", "2"}}, []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			info, rows, lines, err := readAll(t, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if info != tt.info {
				t.Errorf("info = %+v, want %+v", info, tt.info)
			}
			if !equalRows(rows, tt.rows) {
				t.Errorf("rows = %q, want %q", rows, tt.rows)
			}
			if len(lines) != len(tt.lines) || !equalInts(lines, tt.lines) {
				t.Errorf("lines = %v, want %v", lines, tt.lines)
			}
		})
	}
}

func TestOpenRefusesWhatIsNoSpreadsheet(t *testing.T) {
	t.Parallel()
	plainZip := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create("notes.txt")
		w.Write([]byte("hello"))
		zw.Close()
		return b.Bytes()
	}()
	garbage := make([]byte, 50<<20)
	for i := range garbage {
		garbage[i] = byte('a' + i%7) // text, but one endless line
	}
	tests := []struct {
		name string
		data []byte
		code string
	}{
		{"empty", nil, "empty_file"},
		{"only blanks", []byte(" \r\n\n\t"), "empty_file"},
		{"only a BOM", []byte("\xef\xbb\xbf"), "empty_file"},
		{"only blank cells", []byte(";;;\n;;\n"), "no_rows"},
		{"PDF", []byte("%PDF-1.7\n1 0 obj\n"), "unsupported_file"},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "unsupported_file"},
		{"old xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "unsupported_file"},
		{"zip that is no workbook", plainZip, "unsupported_file"},
		{"NUL byte", []byte("name,sms\nA\x00B,1\n"), "binary_content"},
		{"control characters", bytes.Repeat([]byte{1, 2, 3, 'a'}, 100), "binary_content"},
		{"50 MB on one line", garbage, "line_too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, _, err := readAll(t, tt.data)
			var se *Error
			if !errors.As(err, &se) || se.Code != tt.code {
				t.Fatalf("err = %v, want code %s", err, tt.code)
			}
			if se.Message == "" {
				t.Error("no message")
			}
		})
	}
}

func TestUnclosedQuoteDoesNotSwallowTheFile(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("name,sms\n\"open,1\n")
	for b.Len() < 3<<20 {
		b.WriteString("row,1234567\n")
	}
	_, _, _, err := readAll(t, []byte(b.String()))
	var se *Error
	if !errors.As(err, &se) || se.Code != "line_too_long" || se.Line != 2 {
		t.Fatalf("err = %#v, want line_too_long at line 2", err)
	}
}

func TestOpenReadsTheActiveSheetOfAWorkbook(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Name", "SMS", "Activated"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Jürgen", "0664 1234567", 1})
	f.SetSheetRow("Sheet1", "A4", &[]any{"=HYPERLINK(\"http://x\",\"y\")", 436641234567, 0})
	f.SetCellFormula("Sheet1", "D4", "1+1")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	info, rows, lines, err := readAll(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != FormatXLSX {
		t.Errorf("format = %s", info.Format)
	}
	want := [][]string{{"Name", "SMS", "Activated"}, {"Jürgen", "0664 1234567", "1"}, {"=HYPERLINK(\"http://x\",\"y\")", "436641234567", "0"}}
	if !equalRows(rows, want) {
		t.Errorf("rows = %q, want %q", rows, want)
	}
	if !equalInts(lines, []int{1, 2, 4}) {
		t.Errorf("lines = %v", lines)
	}
}

func TestDetectDelimiter(t *testing.T) {
	t.Parallel()
	tests := map[string]rune{
		"a;b;c\n1;2;3\n":              ';',
		"a,b,c\n1,2,3\n":              ',',
		"a\tb\n1\t2\n":                '\t',
		"a;b\n\"1,5\";2\n\"3,5\";4\n": ';',
		"a,b\n1;2;3,4\n5,6\n":         ',',
		"single\n":                    ',',
		"":                            ',',
		"\"a;b\",c\n\"1;2\",3\n":      ',',
	}
	for in, want := range tests {
		if got := DetectDelimiter([]byte(in)); got != want {
			t.Errorf("DetectDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSniff checks that Open never panics and that whatever it accepts can
// be read to the end.
func FuzzSniff(f *testing.F) {
	for _, data := range seedCorpus(f) {
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte("%PDF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, _, _ = readAll(t, data)
	})
}

// FuzzReadCSV checks that rows read from text have no more cells than the
// limit and line numbers that never go backwards.
func FuzzReadCSV(f *testing.F) {
	for _, data := range seedCorpus(f) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			f.Add(data)
		}
	}
	f.Add([]byte("a;\"b\nc\";d\n1;2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("PK")) {
			return
		}
		_, rows, lines, err := readAll(t, data)
		if err != nil {
			return
		}
		for i := range rows {
			if len(rows[i]) == 0 || len(rows[i]) > MaxColumns {
				t.Fatalf("row %d has %d cells", i, len(rows[i]))
			}
			if i > 0 && lines[i] <= lines[i-1] {
				t.Fatalf("line %d after %d", lines[i], lines[i-1])
			}
		}
	})
}

// seedCorpus is the import fixtures of backend/contactimport.
func seedCorpus(tb testing.TB) [][]byte {
	paths, _ := filepath.Glob("../contactimport/testdata/*")
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") || len(a[i]) != len(b[i]) {
			return false
		}
	}
	return true
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
