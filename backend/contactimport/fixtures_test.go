package contactimport

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"
)

var updateFixtures = flag.Bool("update-fixtures", false, "rewrite testdata/ from the definitions in fixtures_test.go")

// textFixtures are the CSV fixtures, byte for byte. windows1252.csv holds
// bytes that are not UTF-8 (ö = F6, ß = DF, ü = FC, Ä = C4), as German
// Excel saves "CSV (Trennzeichen-getrennt)".
var textFixtures = map[string]string{
	"semicolon_bom_umlauts.csv": "\xef\xbb\xbfName;SMS;WhatsApp;Status;Geburtstag;Tarif\r\n" +
		"Jürgen Müller;0664 1234567;;active;04.12.1980;Premium\r\n" +
		"\"Öztürk; Ayşe\";+43 676 1111111;+43 676 1111111;inaktiv;1990-01-31;basis\r\n" +
		"Zoë Straße;;0699 22233344;;;\r\n",
	"windows1252.csv": "Vorname;Nachname;Handy;Aktiv\r\n" +
		"J\xf6rg;Wei\xdf;0664 2222222;1\r\n" +
		"\xc4nne;Gr\xfcn;0664 3333333;0\r\n",
	"national_numbers.csv": "name,sms_number,whatsapp_number\n" +
		"Local AT,0664 1234567,\n" +
		"International 00,00436641234568,\n" +
		"German +49,+49 151 12345678,+49 151 12345678\n" +
		"Brackets,(0664) 123-4569,\n" +
		"Lost plus,,436641234570\n",
	"duplicates.csv": "Name;SMS;WhatsApp\n" +
		"First;0664 1000001;\n" +
		"Second;+436641000001;\n" +
		"Third;0664 1000002;0664 1000003\n" +
		"Fourth;;00436641000003\n",
	"bad_numbers.csv": "Name;SMS;WhatsApp;Status;Kundennummer\n" +
		"Too short;12;;;\n" +
		"Letters;abc;;;\n" +
		"No number;;;;\n" +
		"Good;0664 5555555;;;1.234,5\n" +
		"Bad status;0664 5555556;;maybe;\n" +
		"Bad attribute;0664 5555557;;;zwölf\n",
	"formula.csv": "name,sms_number\n" +
		"\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",0664 7000001\n" +
		"@SUM(1+1),0664 7000002\n" +
		"'-minus,'+43 664 7000003\n" +
		"Formula number,=1+2\n",
	"seed_format.csv": "Name;SMS;WhatsApp;Activated\r\n" +
		"Max Mustermann;+436641111111;+436641111111;1\r\n" +
		"Erika Musterfrau;+436642222222;;0\r\n" +
		"Nur WhatsApp;;+436643333333;1\r\n",
	// consent.csv declares consent as a trade-fair form export would:
	// German headers, ja/nein/x, a source column, one value not understood.
	"consent.csv": "Name;Handy;WhatsApp;WhatsApp-Freigabe;SMS-Freigabe;Quelle der Freigabe\r\n" +
		"Anna Auer;0664 9000001;0664 9000001;ja;ja;Messe 2026 Formular\r\n" +
		"Bernd Berg;0664 9000002;;;nein;Messe 2026 Formular\r\n" +
		"Clara Chen;;0664 9000003;x;;\r\n" +
		"Dora Dorn;0664 9000004;0664 9000004;vielleicht;;Messe 2026 Formular\r\n" +
		"Emil Ernst;0664 9000005;;;;\r\n",
	"no_number_column.csv": "Name;Email\nAnna;anna@example.com\n",
	"header_only.csv":      "Name;SMS\n",
}

// writeXLSXFixture builds contacts.xlsx: a text number, a number stored as
// a number (Excel drops the +), a formula cell and an empty row.
func writeXLSXFixture(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"Name", "SMS", "WhatsApp", "Activated", "Labels"},
		{"Anna Äpfel", "0664 8000001", nil, 1, "VIP, Wien"},
		{"Bert Birne", 436648000002, 436648000002, 0, "Wien"},
		nil,
		{nil, "+43 664 8000003", nil, "ja", nil}, // A5 is a formula, below
	}
	for i, r := range rows {
		if r == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			return err
		}
	}
	if err := f.SetCellStr("Sheet1", "A5", "@A5"); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	// A5 becomes a formula with the cached result Excel stores with it
	// (excelize writes formulas without one).
	return rewriteZip(buf.Bytes(), path, "xl/worksheets/sheet1.xml", func(xml string) string {
		return regexp.MustCompile(`<c r="A5" t="s"><v>\d+</v></c>`).ReplaceAllString(xml,
			`<c r="A5" t="str"><f>CONCATENATE("Carla"," ","Citrus")</f><v>Carla Citrus</v></c>`)
	})
}

func rewriteZip(data []byte, path, name string, edit func(string) string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if f.Name == name {
			body = []byte(edit(string(body)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return err
		}
		if _, err := w.Write(body); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

func TestFixturesAreUpToDate(t *testing.T) {
	for name, data := range textFixtures {
		path := filepath.Join("testdata", name)
		if *updateFixtures {
			if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./backend/contactimport -run TestFixturesAreUpToDate -update-fixtures)", err)
		}
		if string(got) != data {
			t.Errorf("%s differs from its definition; run with -update-fixtures", name)
		}
	}
	xlsx := filepath.Join("testdata", "contacts.xlsx")
	if *updateFixtures {
		if err := writeXLSXFixture(xlsx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(xlsx); err != nil {
		t.Fatal(err)
	}
}
