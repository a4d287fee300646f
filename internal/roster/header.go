package roster

import (
	"fmt"
	"strings"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// field is a column Parse knows.
type field int

const (
	fName field = iota
	fPhone
	fBirthYear
	fGender
	fEthnicity
	fUnit
	numFields
)

// fieldInfo describes a field: its label in messages, whether the file
// must have it, and the folded column titles that name it.
var fieldInfo = [numFields]struct {
	label    lms.Text
	required bool
	titles   []string
}{
	fName:      {lms.Text{VI: "họ và tên", EN: "full name"}, true, []string{"ho va ten", "ho ten", "ten", "name", "full name", "fullname"}},
	fPhone:     {lms.Text{VI: "số điện thoại", EN: "phone"}, false, []string{"so dien thoai", "dien thoai", "sdt", "phone", "phone number"}},
	fBirthYear: {lms.Text{VI: "năm sinh", EN: "birth year"}, true, []string{"nam sinh", "birth year", "year of birth"}},
	fGender:    {lms.Text{VI: "giới tính", EN: "gender"}, true, []string{"gioi tinh", "gender"}},
	fEthnicity: {lms.Text{VI: "dân tộc", EN: "ethnicity"}, false, []string{"dan toc", "ethnicity"}},
	fUnit:      {lms.Text{VI: "mã xã", EN: "commune code"}, false, []string{"ma xa", "xa", "commune", "unit code", "commune code"}},
}

// ignoredTitles are columns rosters commonly carry that Parse skips
// without a warning: the running number.
var ignoredTitles = map[string]bool{"stt": true, "tt": true, "so tt": true, "so thu tu": true, "no": true}

// splitNameTitles name a column holding only part of a name. With one of
// them beside "Tên", the "Tên" column holds given names only, and importing
// it would silently lose the family names.
var splitNameTitles = map[string]bool{
	"ho": true, "ho dem": true, "ho lot": true, "ho va dem": true, "ho va ten dem": true, "ho va chu dem": true,
	"surname": true, "last name": true, "family name": true, "first name": true, "given name": true,
}

// headerSearch is how many non-blank lines may precede the header: the
// title lines ("DANH SÁCH HỌC VIÊN…") offices put above a table.
const headerSearch = 10

// table is a roster whose header is known.
type table struct {
	recs    []record
	header  int            // index in recs of the header line
	cols    [numFields]int // column of each field, -1 if absent
	known   map[int]bool   // columns with a recognised or ignored title
	unknown []string       // titles of unrecognised columns
	skipped int            // non-blank lines above the header
}

// fieldOf returns the field a column title names.
func fieldOf(title string) (field, bool) {
	t := fold(dropParens(title))
	for f := range numFields {
		for _, alias := range fieldInfo[f].titles {
			if t == alias {
				return f, true
			}
		}
	}
	return 0, false
}

// findHeader picks the header line: the first of the leading non-blank
// lines that names at least two known columns, else the first non-blank
// line, so that the error about missing columns points at it.
func findHeader(recs []record) (int, bool) {
	first, seen := -1, 0
	for i := range recs {
		if recs[i].blank() {
			continue
		}
		if first < 0 {
			first = i
		}
		if seen == headerSearch {
			break
		}
		seen++
		if knownTitles(recs[i].cells) >= 2 {
			return i, true
		}
	}
	return first, first >= 0
}

func knownTitles(cells []string) int {
	n := 0
	for _, c := range cells {
		if _, ok := fieldOf(c); ok {
			n++
		}
	}
	return n
}

// newTable maps the header's columns to fields. It returns an EINVALID
// error if a column appears twice or a name is split over two columns;
// checkRequired then checks that no required column is missing.
func newTable(recs []record) (*table, error) {
	h, ok := findHeader(recs)
	if !ok {
		return nil, invalid(nil, "Tệp không có dữ liệu.", "The file is empty.")
	}
	t := &table{recs: recs, header: h, known: map[int]bool{}}
	for f := range t.cols {
		t.cols[f] = -1
	}
	for i := range h {
		if !recs[i].blank() {
			t.skipped++
		}
	}
	split := ""
	for col, title := range recs[h].cells {
		title = strings.TrimSpace(title)
		f, ok := fieldOf(title)
		switch {
		case ok && t.cols[f] >= 0:
			return nil, invalid(nil,
				fmt.Sprintf("Cột %s xuất hiện hai lần ở dòng tiêu đề (dòng %d).", fieldInfo[f].label.VI, recs[h].line),
				fmt.Sprintf("The %s column appears twice in the header (line %d).", fieldInfo[f].label.EN, recs[h].line))
		case ok:
			t.cols[f], t.known[col] = col, true
		case ignoredTitles[fold(dropParens(title))]:
			t.known[col] = true
		case splitNameTitles[fold(dropParens(title))]:
			split = title
		case title != "":
			t.unknown = append(t.unknown, title)
		}
	}
	if split != "" && t.cols[fName] >= 0 {
		return nil, invalid(nil,
			fmt.Sprintf("Họ và tên phải nằm trong một cột “Họ và tên”; tệp có cột riêng %s.", quote(split)),
			fmt.Sprintf("Put the whole name in one “Full name” column; the file has a separate %s column.", quote(split)))
	}
	return t, nil
}

// checkRequired returns the error naming every missing required column.
func (t *table) checkRequired() error {
	var vi, en []string
	for f := range numFields {
		if fieldInfo[f].required && t.cols[f] < 0 {
			vi, en = append(vi, fieldInfo[f].label.VI), append(en, fieldInfo[f].label.EN)
		}
	}
	if len(vi) == 0 {
		return nil
	}
	line := t.recs[t.header].line
	return invalid(nil,
		fmt.Sprintf("Dòng tiêu đề (dòng %d) thiếu cột: %s. Không có dòng nào được nhập.", line, strings.Join(vi, ", ")),
		fmt.Sprintf("The header (line %d) is missing the columns: %s. Nothing was imported.", line, strings.Join(en, ", ")))
}

// warnings describes what the table ignores.
func (t *table) warnings() []lms.Text {
	var w []lms.Text
	if t.skipped > 0 {
		line := t.recs[t.header].line
		w = append(w, lms.Text{
			VI: fmt.Sprintf("Đã bỏ qua %d dòng phía trên dòng tiêu đề (dòng %d).", t.skipped, line),
			EN: fmt.Sprintf("Skipped %d line(s) above the header (line %d).", t.skipped, line),
		})
	}
	if len(t.unknown) > 0 {
		q := make([]string, len(t.unknown))
		for i, u := range t.unknown {
			q[i] = quote(u)
		}
		w = append(w, lms.Text{
			VI: "Các cột không nhận ra, đã bỏ qua: " + strings.Join(q, ", ") + ".",
			EN: "Columns not recognised, ignored: " + strings.Join(q, ", ") + ".",
		})
	}
	return w
}
