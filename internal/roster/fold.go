package roster

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold reduces s to lower-case ASCII-like words for matching what people
// type: diacritics dropped, đ → d, runs of anything but letters and digits
// turned into single spaces. "Họ và Tên" and "HO VA TEN" both fold to
// "ho va ten".
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if r == 'đ' {
			r = 'd'
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// compact is fold without the spaces: "Khơ-me" and "Khome" both give
// "khome".
func compact(s string) string { return strings.ReplaceAll(fold(s), " ", "") }

// dropParens removes parenthesised remarks from a column title, as in
// "Số điện thoại (nếu có)".
func dropParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// quote shows a cell value inside a message: trimmed to 40 characters,
// control characters dropped.
func quote(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) {
			continue
		}
		if n == 40 {
			b.WriteRune('…')
			break
		}
		b.WriteRune(r)
		n++
	}
	return "“" + b.String() + "”"
}
