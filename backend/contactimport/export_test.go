package contactimport

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"switchboard/backend/contacts"
	"switchboard/backend/spreadsheet"
)

func (b *bundle) export(t *testing.T, req ExportRequest) []byte {
	t.Helper()
	e, err := b.svc.PrepareExport(context.Background(), b.accountID, req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.WriteTo(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSVExportHasBOMQuotingAndNeutralisedFormulas(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.importData(t, "f.csv", fixture(t, "formula.csv"), Options{})
	b.importData(t, "u.csv", []byte("Name;SMS;Tarif\n\"Müller; Hans\";0664 6000001;premium\n"), Options{})
	got := string(b.export(t, ExportRequest{Columns: []string{"name", "sms_number", "attr.tarif"}, Delimiter: ';'}))
	header := "\xef\xbb\xbfname;sms_number;attr.tarif\r\n"
	want := []string{
		"'-minus;'+436647000003;",
		"'@SUM(1+1);'+436647000002;",
		"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";'+436647000001;",
		"\"Müller; Hans\";'+436646000001;Premium",
	}
	body, ok := strings.CutPrefix(got, header)
	lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	slices.Sort(lines)
	slices.Sort(want)
	if !ok || !strings.HasSuffix(body, "\r\n") || !slices.Equal(lines, want) {
		t.Errorf("csv =\n%q\nwant the header and (in any order)\n%q", got, want)
	}
}

func TestXLSXExportIsReadableWithTheRightCells(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.importData(t, "c.xlsx", fixture(t, "contacts.xlsx"), Options{})
	data := b.export(t, ExportRequest{Format: spreadsheet.FormatXLSX, Columns: []string{"name", "sms_number", "whatsapp_number", "status", "labels"}})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(spreadsheet.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"name", "sms_number", "whatsapp_number", "status", "labels"},
		{"Anna Äpfel", "'+436648000001", "", "active", "VIP, Wien"},
		{"Bert Birne", "'+436648000002", "'+436648000002", "inactive", "Wien"},
		{"Carla Citrus", "'+436648000003", "", "active"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
}

func TestExportEditImportUpdatesExactlyTheEditedContact(t *testing.T) {
	t.Parallel()
	for _, format := range []spreadsheet.Format{spreadsheet.FormatCSV, spreadsheet.FormatXLSX} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.importData(t, "a.csv", fixture(t, "semicolon_bom_umlauts.csv"), Options{})
			b.importData(t, "b.csv", fixture(t, "seed_format.csv"), Options{})
			before := b.contacts(t)
			data := b.export(t, ExportRequest{Format: format})

			// Unedited, the export imports as all unchanged.
			same := b.importData(t, "export."+string(format), data, Options{UpdateExisting: true})
			if same.Unchanged != len(before) || same.Updated != 0 || same.Imported != 0 || same.Failed != 0 {
				t.Fatalf("unedited export: %+v", same)
			}
			edited := editCell(t, format, data, "Erika Musterfrau", "Erika Neumann")
			imp := b.importData(t, "edited."+string(format), edited, Options{UpdateExisting: true})
			if imp.Updated != 1 || imp.Unchanged != len(before)-1 || imp.Imported != 0 || imp.Failed != 0 {
				t.Fatalf("edited export: %+v", imp)
			}
			after := b.contacts(t)
			for k, v := range before {
				if k == "+436642222222" {
					v.Name = "Erika Neumann"
				}
				if !equalStored(after[k], v) {
					t.Errorf("contact %s = %+v, want %+v", k, after[k], v)
				}
			}
		})
	}
}

// editCell changes one cell as a spreadsheet user would.
func editCell(t *testing.T, format spreadsheet.Format, data []byte, from, to string) []byte {
	t.Helper()
	if format == spreadsheet.FormatCSV {
		if !bytes.Contains(data, []byte(from)) {
			t.Fatalf("%q not in export", from)
		}
		return bytes.Replace(data, []byte(from), []byte(to), 1)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cells, err := f.SearchSheet(spreadsheet.SheetName, from)
	if err != nil || len(cells) != 1 {
		t.Fatalf("search %q: %v %v", from, cells, err)
	}
	if err := f.SetCellStr(spreadsheet.SheetName, cells[0], to); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportFollowsTheFilterAndTheSelection(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.importData(t, "b.csv", fixture(t, "seed_format.csv"), Options{})
	got := string(b.export(t, ExportRequest{Columns: []string{"name"}, Filter: contacts.Filter{Status: "inactive"}}))
	if got != "\xef\xbb\xbfname\r\nErika Musterfrau\r\n" {
		t.Errorf("filtered export = %q", got)
	}
	var id int64
	if err := b.db.NewRaw("SELECT id FROM contacts WHERE name = 'Nur WhatsApp'").Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	got = string(b.export(t, ExportRequest{Columns: []string{"name"}, IDs: []int64{id}}))
	if got != "\xef\xbb\xbfname\r\nNur WhatsApp\r\n" {
		t.Errorf("selection export = %q", got)
	}
	if _, err := b.svc.PrepareExport(context.Background(), b.accountID, ExportRequest{Columns: []string{"nope"}}); err == nil {
		t.Error("unknown column accepted")
	}
}

func TestNameColumnAloneShowsFirstAndLastNameAndImportsBackUnchanged(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.importData(t, "w.csv", fixture(t, "windows1252.csv"), Options{})
	data := b.export(t, ExportRequest{Columns: []string{"name", "sms_number"}})
	if !bytes.Contains(data, []byte("Jörg Weiß;'+436642222222")) && !bytes.Contains(data, []byte("Jörg Weiß,'+436642222222")) {
		t.Fatalf("export = %q", data)
	}
	again := b.importData(t, "export.csv", data, Options{UpdateExisting: true})
	if again.Unchanged != 2 || again.Updated != 0 {
		t.Errorf("re-import: %+v", again)
	}
	if got := b.contacts(t)["+436642222222"]; got.Name != "" || got.FirstName != "Jörg" {
		t.Errorf("contact = %+v", got)
	}
}
