package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readCSV splits a UTF-8 CSV file into records. The separator is a comma or,
// as Excel writes it in the Vietnamese locale, a semicolon: whichever the
// header line uses more of.
func readCSV(data []byte) ([]record, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 { // NUL: UTF-16
		return nil, invalid(nil,
			"Tệp không phải UTF-8. Hãy mở bằng Excel và lưu lại dưới dạng “CSV UTF-8”.",
			"The file is not UTF-8; save it as “CSV UTF-8” in Excel.")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1 // rows typed by hand vary in length
	cr.LazyQuotes = true    // a stray quote in a name fails that row, not the file
	var recs []record
	for {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
		if err != nil {
			line := 0
			if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, invalid(err,
				fmt.Sprintf("Không đọc được tệp CSV ở dòng %d.", line),
				fmt.Sprintf("The CSV file cannot be read at line %d.", line))
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, record{line: line, cells: fields})
	}
}

// separator returns ';' if the first non-blank line has more semicolons
// than commas outside quotes, ',' otherwise.
func separator(data []byte) rune {
	for line := range bytes.Lines(data) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		commas, semis, quoted := 0, 0, false
		for _, b := range line {
			switch {
			case b == '"':
				quoted = !quoted
			case b == ',' && !quoted:
				commas++
			case b == ';' && !quoted:
				semis++
			}
		}
		if semis > commas {
			return ';'
		}
		return ','
	}
	return ','
}
