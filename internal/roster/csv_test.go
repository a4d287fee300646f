package roster_test

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/hocvuso/hocvuso/internal/roster"
)

// goodRows are what every good fixture below must parse to.
var goodRows = []roster.Row{
	{Line: 2, Name: "Nguyễn Văn An", Phone: "+84912345678", BirthYear: 1990, Gender: "male", Ethnicity: "kinh", UnitCode: "22366"},
	{Line: 3, Name: "H'Hen Niê", Phone: "+84987654321", BirthYear: 1985, Gender: "female", Ethnicity: "ede", UnitCode: "00004"},
	{Line: 4, Name: "Trần Thị Hoa", Phone: "", BirthYear: 2001, Gender: "other", Ethnicity: "", UnitCode: "22366"},
}

func TestParseCSVGood(t *testing.T) {
	// The third name is typed decomposed (NFD), as some keyboards do.
	hoa := norm.NFD.String("  Trần   Thị Hoa ")
	tests := []struct {
		name string
		data []byte
	}{
		{"comma, Vietnamese titles, BOM", append([]byte("\xEF\xBB\xBF"), csvFile(
			"STT,Họ và tên,Số điện thoại,Năm sinh,Giới tính,Dân tộc,Mã xã,Ghi chú",
			`1,"  Nguyễn   Văn An ",0912 345 678,1990,Nam,Kinh,,đã đóng phí`,
			"2,H'Hen Niê,+84 987 654 321,1985,nữ,Ê-đê,00004,",
			"3,"+hoa+",,2001,Khác,-,,",
			"",
			"4,,,,,,,",
		)...)},
		{"semicolon, English titles in another order", csvFile(
			"Gender;Full name;Year of birth;Phone;Commune;Ethnicity;Ghi chú",
			"male;Nguyễn Văn An;1990;84912345678;;kinh;",
			"F;H'Hen Niê;1985;0987.654.321;00004;Ede;x",
			"other;"+hoa+";2001;;;;",
		)},
		{"semicolon, titles without diacritics, LF", []byte(
			"HO TEN;SDT;NAM SINH;GIOI TINH;DAN TOC;XA\n" +
				"Nguyễn Văn An;'+84912345678;1990;nam;KINH;22366\n" +
				"H'Hen Niê;(+84) 987 654 321;1985;Nữ;ê đê;00004\n" +
				hoa + ";;2001;khac;;\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := MustParse(t, "lop.csv", tt.data)
			checkBilingual(t, rep)
			if len(rep.Rejected) > 0 {
				t.Fatalf("rejected: %+v", rep.Rejected)
			}
			if !slices.Equal(rep.Rows, goodRows) {
				t.Errorf("rows:\n got %+v\nwant %+v", rep.Rows, goodRows)
			}
			for _, r := range rep.Rows {
				if !norm.NFC.IsNormalString(r.Name) {
					t.Errorf("line %d: name %q is not NFC", r.Line, r.Name)
				}
			}
		})
	}
}

func TestParseCSVWarnsUnknownColumns(t *testing.T) {
	rep := MustParse(t, "lop.csv", csvFile(
		"Họ và tên,Năm sinh,Giới tính,Địa chỉ,,Ghi chú",
		"Nguyễn Văn An,1990,Nam,Thôn 3,lạ,",
	))
	checkBilingual(t, rep)
	if len(rep.Rows) != 1 {
		t.Fatalf("rows = %+v", rep.Rows)
	}
	all := fmt.Sprint(rep.Warnings)
	for _, want := range []string{"“Địa chỉ”", "“Ghi chú”", "Columns not recognised", "Cột thứ 5", "Column(s) 5"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings %v do not mention %q", rep.Warnings, want)
		}
	}
}

func TestParseFileErrors(t *testing.T) {
	header := "Họ và tên,Số điện thoại,Năm sinh,Giới tính"
	many := []string{header}
	for i := range roster.MaxRows + 1 {
		many = append(many, fmt.Sprintf("Nguyễn Văn An,,%d,Nam", 1950+i%50))
	}
	tests := []struct {
		name   string
		file   string
		data   []byte
		vi, en string
	}{
		{"text file", "lop.txt", csvFile(header), ".csv hoặc .xlsx", ".csv and .xlsx"},
		{"old Excel", "LOP.XLS", []byte{0xD0, 0xCF}, ".xls", "Old Excel"},
		{"no extension", "lop", nil, ".csv hoặc .xlsx", ".csv and .xlsx"},
		{"empty", "lop.csv", nil, "không có dữ liệu", "empty"},
		{"only blank lines", "lop.csv", []byte("\r\n,,\r\n \t \r\n,-,\r\n"), "không có dữ liệu", "empty"},
		{"header only", "lop.csv", csvFile(header), "không có dòng học viên", "no learners"},
		{"missing birth year and gender", "lop.csv", csvFile("Họ và tên,SĐT", "An,0912345678"),
			"thiếu cột: năm sinh, giới tính", "missing the columns: birth year, gender"},
		{"no known column", "lop.csv", csvFile("a,b,c", "1,2,3"),
			"dòng tiêu đề (dòng 1) thiếu cột: họ và tên, năm sinh, giới tính", "line 1) is missing the columns: full name, birth year, gender"},
		{"column twice", "lop.csv", csvFile(header+",SĐT", "An,,1990,Nam,"),
			"số điện thoại xuất hiện hai lần", "phone column appears twice"},
		{"family name apart", "lop.csv", csvFile("Họ,Tên,Năm sinh,Giới tính", "Nguyễn,An,1990,Nam"),
			"một cột “Họ và tên”", "one “Full name” column"},
		{"Latin-1", "lop.csv", []byte("Họ và tên,Năm sinh,Giới tính\r\nJos\xe9 Nguy\xean,1990,Nam\r\n"),
			"không phải UTF-8", "not UTF-8; save it as “CSV UTF-8”"},
		{"Windows-1258 without header diacritics", "lop.csv", []byte("Ho ten,Nam sinh,Gioi tinh\r\nTr\xe2\xd2n An,1990,Nam\r\n"),
			"không phải UTF-8", "not UTF-8"},
		{"UTF-16", "lop.csv", []byte("\xFF\xFEH\x00o\x00,\x00"), "không phải UTF-8", "not UTF-8"},
		{"too many rows", "lop.csv", csvFile(many...), "tối đa 10000 dòng", "at most 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := roster.Parse(tt.file, bytes.NewReader(tt.data), testLookups())
			if rep != nil {
				t.Errorf("report %+v, want none", rep)
			}
			wantInvalid(t, err, tt.vi, tt.en)
		})
	}
}

// endless yields a CSV-like stream of any length without holding it, and
// counts what was read from it.
type endless struct{ left, read int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.left == 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	n = min(n, e.left)
	for i := range p[:n] {
		p[i] = "Nguyễn An,0912345678,1990,Nam\n"[(e.read+int64(i))%32]
	}
	e.left -= n
	e.read += n
	return int(n), nil
}

func TestParseTooLarge(t *testing.T) {
	for _, file := range []string{"lop.csv", "lop.xlsx"} {
		src := &endless{left: 50 << 20}
		_, err := roster.Parse(file, src, testLookups())
		wantInvalid(t, err, "quá lớn: tối đa 5 MB", "too large: the limit is 5 MB")
		if src.read > roster.MaxBytes+1 {
			t.Errorf("%s: read %d bytes of a 50 MB upload, want at most %d", file, src.read, roster.MaxBytes+1)
		}
	}
	// Exactly MaxBytes is not too large.
	data := bytes.Repeat([]byte(" "), roster.MaxBytes)
	copy(data, "Họ và tên,Năm sinh,Giới tính\nNguyễn An,1990,Nam\n")
	if _, err := roster.Parse("lop.csv", bytes.NewReader(data), testLookups()); err != nil {
		t.Errorf("a file of exactly MaxBytes: %v", err)
	}
}

func TestParseCSVRejectsRows(t *testing.T) {
	const header = "Họ và tên,Số điện thoại,Năm sinh,Giới tính,Dân tộc,Mã xã"
	tests := []struct {
		name   string
		row    string
		vi, en string
	}{
		{"landline", "Nguyễn An,024 3825 1234,1990,Nam,,", "Số điện thoại “024 3825 1234” không phải", "not a valid Vietnamese mobile"},
		{"old 11-digit mobile", "Nguyễn An,0168 123 4567,1990,Nam,,", "không phải số di động", "not a valid Vietnamese mobile"},
		{"9 digits typed", "Nguyễn An,912345678,1990,Nam,,", "“912345678” không phải", "not a valid"},
		{"foreign number", "Nguyễn An,+1 202 555 0100,1990,Nam,,", "không phải số di động", "not a valid"},
		{"letters in phone", "Nguyễn An,0912abc678,1990,Nam,,", "không phải số di động", "not a valid"},
		{"digits in name", "Nguyễn Văn 3,,1990,Nam,,", "Họ và tên “Nguyễn Văn 3” chỉ được có chữ cái", "may only have letters"},
		{"markup in name", "<b>An</b>,,1990,Nam,,", "chỉ được có chữ cái", "may only have letters"},
		{"one-letter name", "A,,1990,Nam,,", "chỉ được có chữ cái", "may only have letters"},
		{"no name", ",0912345678,1990,Nam,,", "Thiếu họ và tên", "full name is missing"},
		{"two-digit year", "Nguyễn An,,90,Nam,,", "Năm sinh “90” phải là 4 chữ số", "must be 4 digits"},
		{"date for year", "Nguyễn An,,01/02/1990,Nam,,", "phải là 4 chữ số", "must be 4 digits"},
		{"year too early", "Nguyễn An,,1899,Nam,,", "Năm sinh 1899 phải từ 1900 đến 2021", "from 1900 to 2021"},
		{"year too late", "Nguyễn An,,2022,Nam,,", "phải từ 1900 đến 2021", "from 1900 to 2021"},
		{"no year", "Nguyễn An,,,Nam,,", "Thiếu năm sinh", "birth year is missing"},
		{"unknown gender", "Nguyễn An,,1990,trai,,", "Giới tính “trai” không rõ", "Unknown gender"},
		{"no gender", "Nguyễn An,,1990,,,", "Thiếu giới tính", "gender is missing"},
		{"unknown ethnicity", "Nguyễn An,,1990,Nam,Việt,", "Dân tộc “Việt” không có", "not one of Vietnam's 54"},
		{"commune code short", "Nguyễn An,,1990,Nam,,123", "Mã xã “123” phải có 5 chữ số", "must have 5 digits"},
		{"commune name for code", "Nguyễn An,,1990,Nam,,Xã Ba Chẽ", "phải có 5 chữ số", "must have 5 digits"},
		{"not a commune", "Nguyễn An,,1990,Nam,,99999", "không phải mã của một xã", "not the code of a commune"},
		{"hyperlink in name", `"=HYPERLINK(""http://x"",""y"")",,1990,Nam,,`, "giống công thức", "looks like a formula"},
		{"formula after spaces", `"  =1+1",,1990,Nam,,`, "giống công thức", "looks like a formula"},
		{"at sign", "Nguyễn An,,1990,Nam,@SUM(A1),", "không được phép (cột dân tộc)", "(column ethnicity)"},
		{"minus formula", "Nguyễn An,-2+3+cmd|' /C calc'!A0,1990,Nam,,", "không được phép (cột số điện thoại)", "(column phone)"},
		{"plus formula", "+cmd An,,1990,Nam,,", "giống công thức", "looks like a formula"},
		{"re-imported neutralised formula", "'=1+1,,1990,Nam,,", "giống công thức", "looks like a formula"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := MustParse(t, "lop.csv", csvFile(header, "Lò Thị Mai,0912345678,1995,Nữ,Thái,", tt.row))
			wantRejected(t, rep, 3, tt.vi, tt.en)
			if got := lines(rep.Rows); !slices.Equal(got, []int{2}) {
				t.Errorf("accepted lines %v, want [2]", got)
			}
		})
	}
}

func TestParseCSVListsEveryReason(t *testing.T) {
	rep := MustParse(t, "lop.csv", csvFile(
		"Họ và tên;Số điện thoại;Năm sinh;Giới tính;Dân tộc;Mã xã",
		"An 2;0123;19;x;Việt;1",
	))
	wantRejected(t, rep, 2, "Họ và tên", "name")
	if n := len(rep.Rejected[0].Reasons); n != 6 {
		t.Errorf("%d reasons, want 6 (name, phone, year, gender, ethnicity, commune): %+v", n, rep.Rejected[0].Reasons)
	}
	if len(rep.Rows) != 0 {
		t.Errorf("rows %+v imported from a rejected line", rep.Rows)
	}
}

func TestParseDuplicatePhones(t *testing.T) {
	rep := MustParse(t, "lop.csv", csvFile(
		"Họ và tên,Số điện thoại,Năm sinh,Giới tính",
		"Nguyễn An,0912345678,1990,Nam",
		"Lò Thị Mai,0987654321,1995,Nữ",
		"Nguyễn Văn An,+84 912 345 678,1990,Nam",
		"Ka Ly,,2000,Nữ",
		"Ka Ly,,2000,Nữ", // no phone: people may share a name
		"An Nguyễn,84912345678,1991,Nam",
	))
	wantRejected(t, rep, 4, "trùng với dòng 2", "same as on line 2")
	wantRejected(t, rep, 7, "trùng với dòng 2", "same as on line 2")
	if got := lines(rep.Rows); !slices.Equal(got, []int{2, 3, 5, 6}) {
		t.Errorf("accepted lines %v, want [2 3 5 6]", got)
	}
}

func TestParseCSVQuotingAndLineNumbers(t *testing.T) {
	// A quoted field spanning two physical lines: the next record's line
	// number is where it starts in the file, as an editor shows it.
	rep := MustParse(t, "lop.csv", csvFile(
		"Họ và tên,Ghi chú,Năm sinh,Giới tính",
		`Nguyễn An,"dòng 1`,
		`dòng 2",1990,Nam`,
		"Lò Mai,,19x5,Nữ",
	))
	if got := lines(rep.Rows); !slices.Equal(got, []int{2}) {
		t.Errorf("accepted lines %v, want [2]", got)
	}
	wantRejected(t, rep, 4, "4 chữ số", "4 digits")
}

func TestParseNoDefaultCommune(t *testing.T) {
	l := testLookups()
	l.DefaultUnit = ""
	rep, err := roster.Parse("lop.csv", bytes.NewReader(csvFile(
		"Họ và tên,Năm sinh,Giới tính,Mã xã",
		"Nguyễn An,1990,Nam,",
		"Lò Mai,1990,Nữ,00004",
	)), l)
	if err != nil {
		t.Fatal(err)
	}
	wantRejected(t, rep, 2, "Thiếu mã xã", "commune code is missing")
	if got := lines(rep.Rows); !slices.Equal(got, []int{3}) {
		t.Errorf("accepted lines %v, want [3]", got)
	}
}
