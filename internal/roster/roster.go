// Package roster reads the class rosters that commune offices type by hand
// into CSV or XLSX files, and writes exports that spreadsheets open safely.
//
// Parse is strict and kind: a row with any problem is rejected whole, with
// every problem listed in Vietnamese and English, and nothing of it is
// imported; file-level problems (wrong format, too large, not UTF-8,
// missing columns) are returned as one EINVALID *lms.Error. The package does
// no I/O of its own beyond the reader it is given.
package roster

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/hocvuso/hocvuso/internal/lms"
)

// MaxBytes is the largest roster file Parse reads. A commune's class list is
// a few kilobytes; the limit only stops mistakes and abuse.
const MaxBytes = 5 << 20

// Row is an accepted learner, fully normalised: Name NFC with single spaces,
// Phone canonical +84… or "" (an assisted account is made later), Gender one
// of the lms.Gender values, Ethnicity an ethnic-group slug or "", UnitCode a
// 5-digit commune code.
type Row struct {
	Line      int
	Name      string
	Phone     string
	BirthYear int
	Gender    string
	Ethnicity string
	UnitCode  string
}

// Rejected is a row that is not imported, with every reason why. Line is the
// line (CSV) or row number (XLSX) the trainer sees in their spreadsheet.
type Rejected struct {
	Line    int
	Reasons []lms.Text
}

// Report is the outcome of parsing a roster. Warnings concern the whole
// file (ignored columns or lines) and do not stop the import.
type Report struct {
	Rows     []Row
	Rejected []Rejected
	Warnings []lms.Text
}

// Lookups tell Parse which codes exist and which commune and time to assume.
// A nil IsCommune knows no commune, so any explicit commune code is rejected;
// a nil EthnicityCode knows no group; a nil Now means time.Now.
type Lookups struct {
	IsCommune     func(code string) bool
	EthnicityCode func(nameOrSlug string) (code string, ok bool)
	DefaultUnit   string // the class's commune, for rows that name none
	Now           func() time.Time
}

// Parse reads a roster named name (".csv" or ".xlsx") from r, reading at
// most MaxBytes. It returns an EINVALID *lms.Error for problems with the
// whole file, an EINTERNAL one if r fails, and otherwise a Report of
// accepted and rejected rows.
func Parse(name string, r io.Reader, lookups Lookups) (*Report, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".csv" && ext != ".xlsx" {
		return nil, formatError(ext)
	}
	data, err := readLimited(r)
	if err != nil {
		return nil, err
	}
	if ext == ".xlsx" {
		return parseXLSX(data, lookups)
	}
	recs, err := readCSV(data)
	if err != nil {
		return nil, err
	}
	return parseRecords(recs, lookups, nil)
}

// readLimited reads all of r, or fails as soon as it has seen more than
// MaxBytes, so a huge upload is never held in memory.
func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, lms.Internal("roster.Parse: read", err)
	}
	if len(data) > MaxBytes {
		return nil, invalid(nil,
			fmt.Sprintf("Tệp quá lớn: tối đa %d MB.", MaxBytes>>20),
			fmt.Sprintf("The file is too large: the limit is %d MB.", MaxBytes>>20))
	}
	return data, nil
}

func formatError(ext string) error {
	if ext == ".xls" {
		return invalid(nil,
			"Tệp Excel cũ (.xls) không được hỗ trợ. Hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8.",
			"Old Excel files (.xls) are not supported. Save the file as .xlsx or CSV UTF-8.")
	}
	return invalid(nil,
		"Chỉ nhận tệp .csv hoặc .xlsx.",
		"Only .csv and .xlsx files are accepted.")
}

// invalid returns an EINVALID error about the whole file; cause, if any, is
// kept for the logs.
func invalid(cause error, vi, en string) *lms.Error {
	e := lms.Errorf(lms.EINVALID, vi, en)
	e.Op, e.Err = "roster.Parse", cause
	return e
}
