package roster

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
	"github.com/hocvuso/hocvuso/internal/validation"
)

const minBirthYear = 1900

// checker validates data lines; it remembers the phones seen so far to
// reject duplicates inside the file.
type checker struct {
	l       Lookups
	maxYear int
	phones  map[string]int // canonical phone → line it first appeared on
}

func newChecker(l Lookups) *checker {
	return &checker{l: l, maxYear: l.now().Year() - 5, phones: map[string]int{}}
}

// rowCheck collects the reasons one line is rejected.
type rowCheck struct {
	reasons []lms.Text
}

func (rc *rowCheck) add(vi, en string) {
	rc.reasons = append(rc.reasons, lms.Text{VI: vi, EN: en})
}

// check returns the normalised row, or every reason to reject the line.
func (c *checker) check(t *table, rec *record) (Row, []lms.Text) {
	var cells [numFields]cell
	for f, col := range t.cols {
		if col >= 0 {
			cells[f] = rec.at(col)
		}
	}
	rc := &rowCheck{}
	usable := unusable(cells, rc)
	row := Row{Line: rec.line}
	if usable[fName] {
		row.Name = checkName(cells[fName].text, rc)
	}
	if usable[fPhone] {
		row.Phone = c.checkPhone(cells[fPhone], rec.line, rc)
	}
	if usable[fBirthYear] {
		row.BirthYear = c.checkBirthYear(cells[fBirthYear].text, rc)
	}
	if usable[fGender] {
		row.Gender = checkGender(cells[fGender].text, rc)
	}
	if usable[fEthnicity] {
		row.Ethnicity = c.checkEthnicity(cells[fEthnicity].text, rc)
	}
	if usable[fUnit] {
		row.UnitCode = c.checkUnit(cells[fUnit], rc)
	}
	return row, rc.reasons
}

// unusable rejects merged cells, formulas and text that a spreadsheet would
// run as a formula, one reason per kind naming the columns, and reports
// which fields are left to validate.
func unusable(cells [numFields]cell, rc *rowCheck) (usable [numFields]bool) {
	var merged, formula, injected []field
	for f := range numFields {
		switch c := cells[f]; {
		case c.merged:
			merged = append(merged, f)
		case c.formula:
			formula = append(formula, f)
		case looksLikeFormula(c.text):
			injected = append(injected, f)
		default:
			usable[f] = true
		}
	}
	if len(merged) > 0 {
		vi, en := labels(merged)
		rc.add("Không được gộp ô (cột "+vi+").", "Merged cells are not allowed (column "+en+").")
	}
	if len(formula) > 0 {
		vi, en := labels(formula)
		rc.add("Không được dùng công thức (cột "+vi+").", "Formulas are not allowed (column "+en+").")
	}
	if len(injected) > 0 {
		vi, en := labels(injected)
		rc.add("Giá trị bắt đầu bằng =, +, - hoặc @ giống công thức, không được phép (cột "+vi+").",
			"A value starting with =, +, - or @ looks like a formula and is not allowed (column "+en+").")
	}
	return usable
}

func labels(fs []field) (vi, en string) {
	v, e := make([]string, len(fs)), make([]string, len(fs))
	for i, f := range fs {
		v[i], e[i] = fieldInfo[f].label.VI, fieldInfo[f].label.EN
	}
	return strings.Join(v, ", "), strings.Join(e, ", ")
}

// looksLikeFormula reports whether a spreadsheet would treat s as a
// formula. A leading + or - is allowed only before a number, as in a phone
// written +84 912 345 678.
func looksLikeFormula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '@':
		return true
	case '+', '-':
		return strings.TrimLeft(s[1:], "0123456789 .()-") != ""
	}
	return false
}

func checkName(s string, rc *rowCheck) string {
	if s == "" {
		rc.add("Thiếu họ và tên.", "The full name is missing.")
		return ""
	}
	if !validation.ValidName(s) {
		rc.add(fmt.Sprintf("Họ và tên %s chỉ được có chữ cái, dấu cách, dấu nháy, gạch nối và dấu chấm (2–100 ký tự).", quote(s)),
			fmt.Sprintf("The name %s may only have letters, spaces, apostrophes, hyphens and dots (2–100 characters).", quote(s)))
		return ""
	}
	return validation.CleanName(s)
}

// checkPhone returns the canonical phone, "" if none is given. A number
// cell in XLSX has lost its leading 0 (0912… stored as 912…), which is put
// back; a 9-digit text cannot be told from a typo and is rejected.
func (c *checker) checkPhone(cl cell, line int, rc *rowCheck) string {
	if cl.text == "" {
		return ""
	}
	s := cl.text
	if cl.numeric && len(s) == 9 && isDigits(s) {
		s = "0" + s
	}
	p, ok := phone.Normalize(s)
	if !ok {
		rc.add(fmt.Sprintf("Số điện thoại %s không phải số di động Việt Nam hợp lệ (ví dụ 0912 345 678).", quote(cl.text)),
			fmt.Sprintf("The phone %s is not a valid Vietnamese mobile number (for example 0912 345 678).", quote(cl.text)))
		return ""
	}
	if first, dup := c.phones[p]; dup {
		rc.add(fmt.Sprintf("Số điện thoại trùng với dòng %d.", first),
			fmt.Sprintf("The phone number is the same as on line %d.", first))
		return p
	}
	c.phones[p] = line
	return p
}

func (c *checker) checkBirthYear(s string, rc *rowCheck) int {
	if s == "" {
		rc.add("Thiếu năm sinh.", "The birth year is missing.")
		return 0
	}
	if len(s) != 4 || !isDigits(s) {
		rc.add(fmt.Sprintf("Năm sinh %s phải là 4 chữ số, ví dụ 1990.", quote(s)),
			fmt.Sprintf("The birth year %s must be 4 digits, for example 1990.", quote(s)))
		return 0
	}
	y, _ := strconv.Atoi(s)
	if y < minBirthYear || y > c.maxYear {
		rc.add(fmt.Sprintf("Năm sinh %d phải từ %d đến %d.", y, minBirthYear, c.maxYear),
			fmt.Sprintf("The birth year %d must be from %d to %d.", y, minBirthYear, c.maxYear))
		return 0
	}
	return y
}

// genders maps what people write in the gender column to lms genders.
var genders = map[string]lms.Gender{
	"nam": lms.GenderMale, "nam gioi": lms.GenderMale, "male": lms.GenderMale, "m": lms.GenderMale,
	"nu": lms.GenderFemale, "nu gioi": lms.GenderFemale, "female": lms.GenderFemale, "f": lms.GenderFemale,
	"khac": lms.GenderOther, "other": lms.GenderOther,
}

func checkGender(s string, rc *rowCheck) string {
	if s == "" {
		rc.add("Thiếu giới tính.", "The gender is missing.")
		return ""
	}
	g, ok := genders[fold(s)]
	if !ok {
		rc.add(fmt.Sprintf("Giới tính %s không rõ; hãy ghi Nam, Nữ hoặc Khác.", quote(s)),
			fmt.Sprintf("Unknown gender %s; write Male, Female or Other.", quote(s)))
		return ""
	}
	return string(g)
}

func (c *checker) checkEthnicity(s string, rc *rowCheck) string {
	if s == "" {
		return ""
	}
	if c.l.EthnicityCode != nil {
		if code, ok := c.l.EthnicityCode(s); ok {
			return code
		}
	}
	rc.add(fmt.Sprintf("Dân tộc %s không có trong danh mục 54 dân tộc Việt Nam.", quote(s)),
		fmt.Sprintf("The ethnic group %s is not one of Vietnam's 54 groups.", quote(s)))
	return ""
}

// checkUnit returns the commune code of the line, the class's commune if
// the cell is empty. A number cell in XLSX has lost its leading zeros
// (00004 stored as 4), which are put back.
func (c *checker) checkUnit(cl cell, rc *rowCheck) string {
	s := cl.text
	if s == "" {
		if c.l.DefaultUnit == "" {
			rc.add("Thiếu mã xã.", "The commune code is missing.")
		}
		return c.l.DefaultUnit
	}
	if cl.numeric && len(s) < 5 && isDigits(s) {
		s = strings.Repeat("0", 5-len(s)) + s
	}
	if len(s) != 5 || !isDigits(s) {
		rc.add(fmt.Sprintf("Mã xã %s phải có 5 chữ số, ví dụ 00004.", quote(cl.text)),
			fmt.Sprintf("The commune code %s must have 5 digits, for example 00004.", quote(cl.text)))
		return ""
	}
	if c.l.IsCommune == nil || !c.l.IsCommune(s) {
		rc.add(fmt.Sprintf("Mã %s không phải mã của một xã, phường hoặc đặc khu.", quote(s)),
			fmt.Sprintf("The code %s is not the code of a commune, ward or special zone.", quote(s)))
		return ""
	}
	return s
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
