package roster_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/roster"
)

// testLookups knows two communes and uses the class commune 22366; the
// clock stands in mid-2026, so birth years run 1900..2021.
func testLookups() roster.Lookups {
	communes := map[string]bool{"00004": true, "22366": true}
	return roster.Lookups{
		IsCommune:     func(code string) bool { return communes[code] },
		EthnicityCode: roster.EthnicityCode,
		DefaultUnit:   "22366",
		Now:           func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) },
	}
}

// MustParse parses a roster that must be readable as a whole.
func MustParse(tb testing.TB, name string, data []byte) *roster.Report {
	tb.Helper()
	rep, err := roster.Parse(name, bytes.NewReader(data), testLookups())
	if err != nil {
		tb.Fatalf("Parse(%s): %v", name, err)
	}
	return rep
}

// csvFile joins lines with CRLF, as Excel writes them.
func csvFile(lines ...string) []byte {
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}

// MustXLSX builds an XLSX file: rows are written from A1 down, a nil cell
// is left empty, strings are text cells and numbers number cells; edit may
// then merge cells or add formulas.
func MustXLSX(tb testing.TB, rows [][]any, edit func(f *excelize.File, sheet string) error) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	for i, row := range rows {
		for j, v := range row {
			if v == nil {
				continue
			}
			ref, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				tb.Fatal(err)
			}
			if s, ok := v.(string); ok {
				err = f.SetCellStr(sheet, ref, s) // never a formula, even "=…"
			} else {
				err = f.SetCellValue(sheet, ref, v)
			}
			if err != nil {
				tb.Fatal(err)
			}
		}
	}
	if edit != nil {
		if err := edit(f, sheet); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// wantInvalid checks err is an EINVALID *lms.Error whose Vietnamese and
// English messages contain vi and en.
func wantInvalid(tb testing.TB, err error, vi, en string) {
	tb.Helper()
	var e *lms.Error
	if !errors.As(err, &e) || e.Code != lms.EINVALID {
		tb.Fatalf("err = %v, want an EINVALID *lms.Error", err)
	}
	if !strings.Contains(strings.ToLower(e.Message.VI), strings.ToLower(vi)) {
		tb.Errorf("VI message %q does not contain %q", e.Message.VI, vi)
	}
	if !strings.Contains(strings.ToLower(e.Message.EN), strings.ToLower(en)) {
		tb.Errorf("EN message %q does not contain %q", e.Message.EN, en)
	}
}

// wantRejected checks that line was rejected with a reason containing vi
// and en, and that every reason of every rejected line is bilingual.
func wantRejected(tb testing.TB, rep *roster.Report, line int, vi, en string) {
	tb.Helper()
	checkBilingual(tb, rep)
	for _, rj := range rep.Rejected {
		if rj.Line != line {
			continue
		}
		for _, r := range rj.Reasons {
			if strings.Contains(r.VI, vi) && strings.Contains(r.EN, en) {
				return
			}
		}
		tb.Fatalf("line %d rejected for %+v, want a reason with %q / %q", line, rj.Reasons, vi, en)
	}
	tb.Fatalf("line %d not rejected; rejected: %+v; accepted: %+v", line, rep.Rejected, rep.Rows)
}

func checkBilingual(tb testing.TB, rep *roster.Report) {
	tb.Helper()
	for _, rj := range rep.Rejected {
		if rj.Line < 1 || len(rj.Reasons) == 0 {
			tb.Errorf("rejected %+v: want a line number and reasons", rj)
		}
		for _, r := range rj.Reasons {
			if r.VI == "" || r.EN == "" || r.VI == r.EN {
				tb.Errorf("line %d: reason %+v is not in both languages", rj.Line, r)
			}
		}
	}
	for _, w := range rep.Warnings {
		if w.VI == "" || w.EN == "" {
			tb.Errorf("warning %+v is not in both languages", w)
		}
	}
}

// lines returns the line numbers of the accepted rows.
func lines(rows []roster.Row) []int {
	var n []int
	for _, r := range rows {
		n = append(n, r.Line)
	}
	return n
}
