package roster

import (
	"encoding/csv"
	"io"

	"github.com/xuri/excelize/v2"
)

// neutralise prefixes an apostrophe to a value a spreadsheet would run as a
// formula: one starting with =, +, -, @, tab or carriage return (OWASP, CSV
// injection). Excel hides the apostrophe and shows the text.
func neutralise(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// WriteCSV writes header and rows as CSV for Excel: UTF-8 with a byte-order
// mark, so Vietnamese text shows correctly, and every cell that could be a
// formula neutralised. Lines end in LF: csv.Writer in CRLF mode drops a
// lone CR inside a cell, and Excel reads LF.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := w.Write(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, rec := range append([][]string{header}, rows...) {
		out := make([]string, len(rec))
		for i, v := range rec {
			out[i] = neutralise(v)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes header and rows as an XLSX workbook with one sheet named
// sheet ("Sheet1" if empty). Every cell is a text cell, never a formula, so
// "=1+1" is shown as typed; rows are streamed, not held as a whole sheet.
func WriteXLSX(w io.Writer, sheet string, header []string, rows [][]string) error {
	cells := make([][]any, len(rows))
	for i, rec := range rows {
		cells[i] = make([]any, len(rec))
		for j, v := range rec {
			cells[i][j] = v
		}
	}
	return WriteXLSXCells(w, sheet, header, cells)
}

// WriteXLSXCells is WriteXLSX for rows that mix text and numbers: a string
// is a text cell and an int or float64 a number cell, so a report's figures
// can be summed in the spreadsheet. Nothing is ever a formula.
func WriteXLSXCells(w io.Writer, sheet string, header []string, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	head := make([]any, len(header))
	for i, v := range header {
		head[i] = v
	}
	for i, rec := range append([][]any{head}, rows...) {
		ref, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		// A string is written as text; only excelize.Cell carries a formula.
		if err := sw.SetRow(ref, rec); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
