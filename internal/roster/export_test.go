package roster_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hocvuso/hocvuso/internal/roster"
)

var exportRows = [][]string{
	{"=1+1", "+84912345678", "-2+3", "@SUM(A1)", "\tx", "\rx"},
	{"Nguyễn Văn An", "0912345678", "1990", "a=b", "", "Ê-đê"},
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := roster.WriteCSV(&buf, []string{"Họ và tên", "=cmd", "c", "d", "e", "f"}, exportRows); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 BOM: %q", out[:min(len(out), 8)])
	}
	got, err := csv.NewReader(bytes.NewReader(out[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Họ và tên", "'=cmd", "c", "d", "e", "f"},
		{"'=1+1", "'+84912345678", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx"},
		{"Nguyễn Văn An", "0912345678", "1990", "a=b", "", "Ê-đê"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("CSV read back:\n got %q\nwant %q", got, want)
	}
}

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := roster.WriteXLSX(&buf, "Học viên", []string{"Họ và tên", "=cmd"}, exportRows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Học viên"}) {
		t.Fatalf("sheets = %q", got)
	}
	for ref, want := range map[string]string{
		"A1": "Họ và tên", "B1": "=cmd",
		"A2": "=1+1", "B2": "+84912345678", "C2": "-2+3", "D2": "@SUM(A1)", "E2": "\tx",
		"A3": "Nguyễn Văn An", "B3": "0912345678", "F3": "Ê-đê",
	} {
		formula, err := f.GetCellFormula("Học viên", ref)
		if err != nil || formula != "" {
			t.Errorf("%s: formula %q (%v), want none", ref, formula, err)
		}
		if got, _ := f.GetCellValue("Học viên", ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
		if typ, _ := f.GetCellType("Học viên", ref); typ != excelize.CellTypeInlineString {
			t.Errorf("%s: cell type %v, want a text cell", ref, typ)
		}
	}
}

func TestWriteXLSXBadSheetName(t *testing.T) {
	if err := roster.WriteXLSX(&bytes.Buffer{}, "a/b", nil, nil); err == nil {
		t.Error("a sheet name with / was accepted")
	}
}

// An exported roster can be imported again: the apostrophes WriteCSV adds
// before "+84…" are taken off, and a neutralised formula is still refused.
func TestExportImportRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	err := roster.WriteCSV(&buf, []string{"Họ và tên", "Số điện thoại", "Năm sinh", "Giới tính"}, [][]string{
		{"Nguyễn Văn An", "+84912345678", "1990", "Nam"},
		{"=HYPERLINK(\"http://x\",\"y\")", "+84987654321", "1990", "Nam"},
	})
	if err != nil {
		t.Fatal(err)
	}
	rep := MustParse(t, "lop.csv", buf.Bytes())
	if len(rep.Rows) != 1 || rep.Rows[0].Phone != "+84912345678" {
		t.Errorf("rows = %+v", rep.Rows)
	}
	wantRejected(t, rep, 3, "giống công thức", "looks like a formula")
	if strings.Contains(buf.String(), "\n=") {
		t.Error("a line starts with =")
	}
}
