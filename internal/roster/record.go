package roster

import "strings"

// record is one line of a spreadsheet as read, before its columns are
// known. The flags are set by the XLSX reader only; a CSV cell is text.
type record struct {
	line    int
	cells   []string
	numeric []bool // the cell holds a number, so leading zeros were lost
	formula []bool
	merged  []bool
}

// cell is one value of a record with what the reader knows about it.
type cell struct {
	text                     string
	numeric, formula, merged bool
}

// at returns the cell in column col (0-based), trimmed; a missing cell is
// empty.
func (r *record) at(col int) cell {
	var c cell
	if col < len(r.cells) {
		c.text = strings.TrimSpace(r.cells[col])
	}
	flag := func(f []bool) bool { return col < len(f) && f[col] }
	c.numeric, c.formula, c.merged = flag(r.numeric), flag(r.formula), flag(r.merged)
	if isPlaceholder(c.text) {
		c.text = ""
	}
	c.text = unneutralise(c.text)
	return c
}

// unneutralise removes the apostrophe WriteCSV puts before a value
// starting with =, +, - or @, so an exported roster can be imported again.
// The value is then checked as if typed: "'=1+1" is still rejected.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@", s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// blank reports whether the record has no text in any cell.
func (r *record) blank() bool {
	for i := range r.cells {
		if r.at(i).text != "" {
			return false
		}
	}
	return true
}

// isPlaceholder reports whether s is how offices write "none" in a cell:
// only dashes, dots or slashes.
func isPlaceholder(s string) bool {
	return s != "" && strings.Trim(s, "-–—./") == ""
}
