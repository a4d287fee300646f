package units

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Expected header rows. A file whose header differs is rejected whole, since
// its columns cannot be trusted to mean what we think.
const (
	provincesHeader = "code,name,type"
	communesHeader  = "code,name,type,province_code"
)

// maxProblems caps how many problems one load reports, so a file in the
// wrong format yields a readable error rather than thousands of lines.
const maxProblems = 20

// problems collects "file:line: message" errors found while loading.
type problems struct {
	list []string
	more int
}

func (p *problems) add(file string, line int, format string, args ...any) {
	if len(p.list) >= maxProblems {
		p.more++
		return
	}
	p.list = append(p.list, fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	msg := strings.Join(p.list, "\n")
	if p.more > 0 {
		msg += fmt.Sprintf("\n(and %d more problems)", p.more)
	}
	return errors.New(msg)
}

// row is one data record with the line it starts on.
type row struct {
	line   int
	fields []string
}

// readRows checks the header and returns the data rows whose fields are
// valid UTF-8 and match the header's column count. Problems go to errs.
func readRows(file string, data []byte, header string, errs *problems) []row {
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		errs.add(file, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")
		return nil
	}
	columns := strings.Split(header, ",")
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // column counts are checked below, with clearer messages
	first, err := r.Read()
	switch {
	case err == io.EOF:
		errs.add(file, 1, "empty file; want header %q", header)
		return nil
	case err != nil:
		addCSVError(file, err, errs)
		return nil
	case !slices.Equal(first, columns):
		errs.add(file, 1, "header is %q; want %q", strings.Join(first, ","), header)
		return nil
	}
	var rows []row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			addCSVError(file, err, errs)
			return rows
		}
		line, _ := r.FieldPos(0)
		if checkRecord(file, line, rec, len(columns), errs) {
			rows = append(rows, row{line: line, fields: rec})
		}
	}
}

func addCSVError(file string, err error, errs *problems) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		errs.add(file, pe.Line, "%v", pe.Err)
		return
	}
	errs.add(file, 0, "%v", err)
}

// checkRecord reports a wrong column count or invalid UTF-8 in any field.
func checkRecord(file string, line int, rec []string, columns int, errs *problems) bool {
	if len(rec) != columns {
		errs.add(file, line, "%d columns; want %d", len(rec), columns)
		return false
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			errs.add(file, line, "column %d is not valid UTF-8", i+1)
			return false
		}
	}
	return true
}

// isDigits reports whether s is exactly n ASCII digits.
func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// nameProblem says what is wrong with a unit name, or "" if nothing is.
//
// Names must be NFC-normalised so that equal names compare equal. Every
// Vietnamese letter, with any tone, has a precomposed form, so an NFC
// Vietnamese name contains no combining marks; rejecting them (category Mn)
// catches the decomposed text that some editors and PDFs produce, without
// pulling in a Unicode normalisation library.
func nameProblem(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "empty name"
	case strings.TrimSpace(name) != name:
		return fmt.Sprintf("name %q has leading or trailing spaces", name)
	}
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Mn, r):
			return fmt.Sprintf("name %q is not NFC-normalised (combining mark U+%04X); use precomposed letters", name, r)
		case unicode.IsControl(r):
			return fmt.Sprintf("name %q contains control character U+%04X", name, r)
		}
	}
	return ""
}
