package roster

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// MaxRows is the most learners one file may list. A class has tens; the
// limit bounds the work a crafted file can cause.
const MaxRows = 10_000

// parseRecords turns records into a Report. annotate, for XLSX, sets the
// cell flags of the table's known columns once the header is found.
func parseRecords(recs []record, l Lookups, annotate func(*table) error) (*Report, error) {
	t, err := newTable(recs)
	if err != nil {
		return nil, err
	}
	data := recs[t.header+1:]
	if n := countFunc(data, func(r *record) bool { return !r.blank() }); n > MaxRows {
		return nil, invalid(nil,
			fmt.Sprintf("Tệp có %d dòng; tối đa %d dòng mỗi lần nhập. Hãy chia thành nhiều tệp.", n, MaxRows),
			fmt.Sprintf("The file has %d lines; at most %d can be imported at once. Split it into several files.", n, MaxRows))
	}
	if annotate != nil { // first: a merged header explains a missing column
		if err := annotate(t); err != nil {
			return nil, err
		}
	}
	if err := t.checkRequired(); err != nil {
		return nil, err
	}
	rep := &Report{Warnings: t.warnings()}
	c := newChecker(l)
	unheaded := map[int]bool{}
	for i := range data {
		rec := &data[i]
		if t.empty(rec) {
			continue
		}
		t.markUnheaded(rec, unheaded)
		row, reasons := c.check(t, rec)
		if len(reasons) > 0 {
			rep.Rejected = append(rep.Rejected, Rejected{Line: rec.line, Reasons: reasons})
			continue
		}
		rep.Rows = append(rep.Rows, row)
	}
	if len(rep.Rows)+len(rep.Rejected) == 0 {
		return nil, invalid(nil, "Tệp không có dòng học viên nào dưới dòng tiêu đề.", "The file has no learners below the header.")
	}
	if w, ok := unheadedWarning(unheaded); ok {
		rep.Warnings = append(rep.Warnings, w)
	}
	return rep, nil
}

func countFunc(recs []record, keep func(*record) bool) int {
	n := 0
	for i := range recs {
		if keep(&recs[i]) {
			n++
		}
	}
	return n
}

// empty reports whether a data line has nothing in the known columns: a
// blank line, or a template line with only its running number filled in.
func (t *table) empty(rec *record) bool {
	for _, col := range t.cols {
		if col < 0 {
			continue
		}
		if c := rec.at(col); c.text != "" || c.formula {
			return false
		}
	}
	return true
}

// markUnheaded notes the columns without a title that hold data.
func (t *table) markUnheaded(rec *record, unheaded map[int]bool) {
	header := &t.recs[t.header]
	for col := range rec.cells {
		if !t.known[col] && header.at(col).text == "" && rec.at(col).text != "" {
			unheaded[col] = true
		}
	}
}

func unheadedWarning(unheaded map[int]bool) (lms.Text, bool) {
	if len(unheaded) == 0 {
		return lms.Text{}, false
	}
	var nums []string
	for _, col := range slices.Sorted(maps.Keys(unheaded)) {
		nums = append(nums, fmt.Sprint(col+1))
	}
	list := strings.Join(nums, ", ")
	return lms.Text{
		VI: fmt.Sprintf("Cột thứ %s không có tiêu đề; dữ liệu trong đó đã bỏ qua.", list),
		EN: fmt.Sprintf("Column(s) %s have no title; their data was ignored.", list),
	}, true
}

// now returns the lookups' clock.
func (l Lookups) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}
