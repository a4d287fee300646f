package roster

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// maxUnzipped bounds what an XLSX file may expand to. Excelize holds a
// worksheet in memory many times the size of its XML, so the limit is kept
// near what MaxRows lines need, and worksheets are never spilled to temporary
// files.
const maxUnzipped = 32 << 20

// maxMerges bounds the merged ranges Parse looks at: excelize scans them all
// on every cell it reads.
const maxMerges = 1000

// parseXLSX parses the first sheet of an XLSX file.
func parseXLSX(data []byte, l Lookups) (*Report, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped,
	})
	if err != nil {
		return nil, invalid(err,
			"Không mở được tệp Excel. Hãy kiểm tra đó là tệp .xlsx và không đặt mật khẩu.",
			"The Excel file cannot be opened. Check that it is an .xlsx file without a password.")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, invalid(nil, "Tệp không có dữ liệu.", "The file is empty.")
	}
	sh := sheet{f: f, name: sheets[0]}
	recs, err := sh.records()
	if err != nil {
		return nil, err
	}
	return parseRecords(recs, l, sh.annotate)
}

// sheet is the worksheet being parsed.
type sheet struct {
	f    *excelize.File
	name string
}

// records reads the sheet's raw values: numbers without their display
// format, so a phone formatted "0912 345 678" reads as its digits, and
// formula cells as the result Excel cached, which annotate then rejects.
func (s sheet) records() ([]record, error) {
	rows, err := s.f.GetRows(s.name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, s.unreadable(err)
	}
	recs := make([]record, len(rows))
	for i, cells := range rows {
		recs[i] = record{line: i + 1, cells: cells}
	}
	return recs, nil
}

// annotate flags the merged, formula and number cells of the known columns,
// from the header down. A merged cell in the header is a file-level error:
// the columns cannot be told apart.
func (s sheet) annotate(t *table) error {
	merges, err := s.mergedRanges()
	if err != nil {
		return err
	}
	n := maxKnownCol(t) + 1
	for i := t.header; i < len(t.recs); i++ {
		rec := &t.recs[i]
		rec.numeric, rec.formula, rec.merged = make([]bool, n), make([]bool, n), make([]bool, n)
		for _, col := range t.cols {
			if col < 0 {
				continue
			}
			rec.merged[col] = merges.contains(col+1, rec.line)
			if i > t.header {
				if err := s.flagCell(rec, col); err != nil {
					return err
				}
			}
		}
		if i == t.header && t.anyMerged(rec) {
			return invalid(nil,
				fmt.Sprintf("Dòng tiêu đề (dòng %d) có ô gộp. Hãy bỏ gộp ô để mỗi cột có một tiêu đề riêng.", rec.line),
				fmt.Sprintf("The header (line %d) has merged cells. Unmerge them so every column has its own title.", rec.line))
		}
	}
	return nil
}

func maxKnownCol(t *table) int {
	m := -1
	for _, col := range t.cols {
		m = max(m, col)
	}
	return m
}

func (t *table) anyMerged(rec *record) bool {
	for _, col := range t.cols {
		if col >= 0 && rec.at(col).merged {
			return true
		}
	}
	return false
}

// flagCell reads whether a cell holds a formula, not its cached value, and
// whether it holds a number.
func (s sheet) flagCell(rec *record, col int) error {
	ref, err := excelize.CoordinatesToCellName(col+1, rec.line)
	if err != nil {
		return s.unreadable(err)
	}
	formula, err := s.f.GetCellFormula(s.name, ref)
	if err != nil {
		return s.unreadable(err)
	}
	typ, err := s.f.GetCellType(s.name, ref)
	if err != nil {
		return s.unreadable(err)
	}
	rec.formula[col] = formula != ""
	// Numbers are written without a type or with t="n".
	rec.numeric[col] = typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber
	return nil
}

// ranges are merged cell ranges as [col1, row1, col2, row2], 1-based.
type ranges [][4]int

func (rs ranges) contains(col, row int) bool {
	for _, r := range rs {
		if col >= r[0] && col <= r[2] && row >= r[1] && row <= r[3] {
			return true
		}
	}
	return false
}

func (s sheet) mergedRanges() (ranges, error) {
	mcs, err := s.f.GetMergeCells(s.name, true)
	if err != nil {
		return nil, s.unreadable(err)
	}
	if len(mcs) > maxMerges {
		return nil, invalid(nil,
			fmt.Sprintf("Trang tính có %d vùng ô gộp; hãy bỏ gộp ô.", len(mcs)),
			fmt.Sprintf("The sheet has %d merged ranges; unmerge the cells.", len(mcs)))
	}
	rs := make(ranges, 0, len(mcs))
	for _, mc := range mcs {
		c1, r1, err := excelize.CellNameToCoordinates(mc.GetStartAxis())
		if err != nil {
			return nil, s.unreadable(err)
		}
		c2, r2, err := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err != nil {
			return nil, s.unreadable(err)
		}
		rs = append(rs, [4]int{c1, r1, c2, r2})
	}
	return rs, nil
}

func (s sheet) unreadable(err error) error {
	return invalid(err,
		fmt.Sprintf("Không đọc được trang tính %s của tệp Excel.", quote(s.name)),
		fmt.Sprintf("The sheet %s of the Excel file cannot be read.", quote(s.name)))
}
