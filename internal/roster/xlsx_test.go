package roster_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hocvuso/hocvuso/internal/roster"
)

var xlsxHeader = []any{"STT", "Họ và tên", "Số điện thoại", "Năm sinh", "Giới tính", "Dân tộc", "Mã xã"}

func TestParseXLSXGood(t *testing.T) {
	// As offices make them: a merged title above the table, the running
	// number as a formula, phones and codes typed into number cells, which
	// lose their leading zeros.
	data := MustXLSX(t, [][]any{
		{"DANH SÁCH HỌC VIÊN LỚP KỸ NĂNG SỐ"},
		xlsxHeader,
		{1, " Nguyễn  Văn An", 912345678, 1990, "Nam", "Kinh"},
		{nil, "H'Hen Niê", "0987 654 321", "1985", "Nữ", "Ê-đê", 4},
		{nil, "Trần Thị Hoa", nil, 2001, "khác", nil, "22366"},
		{},
		{99},
	}, func(f *excelize.File, sh string) error {
		if err := f.MergeCell(sh, "A1", "G1"); err != nil {
			return err
		}
		for _, ref := range []string{"A4", "A5"} {
			if err := f.SetCellFormula(sh, ref, "=A3+1"); err != nil {
				return err
			}
		}
		return nil
	})
	rep := MustParse(t, "Lop 1.XLSX", data)
	checkBilingual(t, rep)
	if len(rep.Rejected) > 0 {
		t.Fatalf("rejected: %+v", rep.Rejected)
	}
	want := slices.Clone(goodRows)
	for i := range want {
		want[i].Line++ // the title takes line 1
	}
	if !slices.Equal(rep.Rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", rep.Rows, want)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].EN != "Skipped 1 line(s) above the header (line 2)." {
		t.Errorf("warnings = %+v, want one about the title line", rep.Warnings)
	}
}

func TestParseXLSXRejectsRows(t *testing.T) {
	rows := [][]any{
		xlsxHeader,
		{1, "Lò Thị Mai", "0912345678", 1995, "Nữ", "Thái"},               // 2 good
		{2, "Nguyễn An", "0912000001", 1990, "Nam"},                       // 3 merged name, with 4
		{3, nil, "0912000002", 1991, "Nam"},                               // 4
		{4, "Nguyễn Bình", "0912000003", nil, "Nam"},                      // 5 formula birth year
		{5, nil, "0912000004", 1990, "Nam"},                               // 6 formula name
		{6, `=HYPERLINK("http://x","y")`, "0912000005", 1990, "Nam"},      // 7 text, not formula
		{7, "Nguyễn Cường", "0912345678", 1990, "Nam"},                    // 8 duplicate of 2
		{8, "Nguyễn Dũng", 123456789, 1990, "Nam"},                        // 9 number, bad prefix
		{9, "Nguyễn Em", "0912000006", 1990, "Nam", "Klingon", 99999},     // 10
		{10, "Nguyễn Giang", "0912000007", 1990, "Nam", nil, nil, "note"}, // 11 good; note ignored
		{11, "Nguyễn Hà", "0912000008", 1990, "Nam"},                      // 12 merged gender, with 13
		{12, "Nguyễn Hải", "0912000009", 1990, nil},                       // 13
	}
	data := MustXLSX(t, rows, func(f *excelize.File, sh string) error {
		for _, m := range [][2]string{{"B3", "B4"}, {"E12", "E13"}} {
			if err := f.MergeCell(sh, m[0], m[1]); err != nil {
				return err
			}
		}
		// The cached value (1990) is a good year; the formula is what counts.
		if err := f.SetCellValue(sh, "D5", 1990); err != nil {
			return err
		}
		if err := f.SetCellFormula(sh, "D5", "1980+10"); err != nil {
			return err
		}
		return f.SetCellFormula(sh, "B6", `CONCAT("Nguyễn"," Bình")`)
	})
	rep := MustParse(t, "lop.xlsx", data)
	checkBilingual(t, rep)
	wantRejected(t, rep, 3, "Không được gộp ô (cột họ và tên)", "Merged cells are not allowed (column full name)")
	wantRejected(t, rep, 4, "Không được gộp ô (cột họ và tên)", "Merged cells are not allowed (column full name)")
	wantRejected(t, rep, 5, "Không được dùng công thức (cột năm sinh)", "Formulas are not allowed (column birth year)")
	wantRejected(t, rep, 6, "Không được dùng công thức (cột họ và tên)", "Formulas are not allowed (column full name)")
	wantRejected(t, rep, 7, "giống công thức", "looks like a formula")
	wantRejected(t, rep, 8, "trùng với dòng 2", "same as on line 2")
	wantRejected(t, rep, 9, "“123456789” không phải", "not a valid Vietnamese mobile")
	wantRejected(t, rep, 10, "Dân tộc “Klingon”", "ethnic group “Klingon”")
	wantRejected(t, rep, 10, "Mã “99999”", "not the code of a commune")
	wantRejected(t, rep, 12, "Không được gộp ô (cột giới tính)", "(column gender)")
	wantRejected(t, rep, 13, "Không được gộp ô (cột giới tính)", "(column gender)")
	if got := lines(rep.Rows); !slices.Equal(got, []int{2, 11}) {
		t.Errorf("accepted lines %v, want [2 11]", got)
	}
	if len(rep.Rejected) != 10 {
		t.Errorf("%d lines rejected, want 10: %+v", len(rep.Rejected), rep.Rejected)
	}
}

func TestParseXLSXFileErrors(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		vi, en string
	}{
		{"merged header", MustXLSX(t, [][]any{
			{"Họ và tên", "Năm sinh", "Giới tính"},
			{"Nguyễn An", 1990, "Nam"},
		}, func(f *excelize.File, sh string) error { return f.MergeCell(sh, "B1", "C1") }),
			"Dòng tiêu đề (dòng 1) có ô gộp", "header (line 1) has merged cells"},
		{"header over two lines", MustXLSX(t, [][]any{
			{"Họ và tên", "Năm sinh", "Giới tính", "Liên hệ"},
			{nil, nil, nil, "Số điện thoại"},
			{"Nguyễn An", 1990, "Nam", "0912345678"},
		}, func(f *excelize.File, sh string) error { return f.MergeCell(sh, "A1", "A2") }),
			"có ô gộp", "has merged cells"},
		{"missing gender", MustXLSX(t, [][]any{{"Họ tên", "Năm sinh"}, {"Nguyễn An", 1990}}, nil),
			"thiếu cột: giới tính", "missing the columns: gender"},
		{"not a zip", []byte("Họ và tên,Năm sinh,Giới tính\n"), "Không mở được tệp Excel", "cannot be opened"},
		{"empty sheet", MustXLSX(t, nil, nil), "không có dữ liệu", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := roster.Parse("lop.xlsx", bytes.NewReader(tt.data), testLookups())
			if rep != nil {
				t.Errorf("report %+v, want none", rep)
			}
			wantInvalid(t, err, tt.vi, tt.en)
		})
	}
}

func TestParseXLSXFirstSheetOnly(t *testing.T) {
	data := MustXLSX(t, [][]any{{"Họ và tên", "Năm sinh", "Giới tính"}, {"Nguyễn An", 1990, "Nam"}},
		func(f *excelize.File, sh string) error {
			if _, err := f.NewSheet("Hướng dẫn"); err != nil {
				return err
			}
			return f.SetCellStr("Hướng dẫn", "A1", "=HYPERLINK(\"http://x\")")
		})
	rep := MustParse(t, "lop.xlsx", data)
	if len(rep.Rows) != 1 || len(rep.Rejected) != 0 {
		t.Errorf("report %+v, want the first sheet's one learner", rep)
	}
}

func TestParseXLSXTooManyMerges(t *testing.T) {
	data := MustXLSX(t, [][]any{{"Họ và tên", "Năm sinh", "Giới tính"}, {"Nguyễn An", 1990, "Nam"}},
		func(f *excelize.File, sh string) error {
			for i := range 1001 {
				if err := f.MergeCell(sh, fmt.Sprintf("E%d", 2*i+3), fmt.Sprintf("F%d", 2*i+3)); err != nil {
					return err
				}
			}
			return nil
		})
	_, err := roster.Parse("lop.xlsx", bytes.NewReader(data), testLookups())
	wantInvalid(t, err, "1001 vùng ô gộp", "1001 merged ranges")
}
