// Package phone normalises and masks Vietnamese mobile numbers, which are
// hocvuso's account identifiers.
package phone

import "strings"

// mobilePrefixes are the three-digit prefixes (after the leading 0) of
// Vietnamese mobile networks since the 2018 renumbering.
var mobilePrefixes = map[string]bool{
	"32": true, "33": true, "34": true, "35": true, "36": true, "37": true, "38": true, "39": true,
	"52": true, "55": true, "56": true, "58": true, "59": true,
	"70": true, "76": true, "77": true, "78": true, "79": true,
	"81": true, "82": true, "83": true, "84": true, "85": true, "86": true, "87": true, "88": true, "89": true,
	"90": true, "91": true, "92": true, "93": true, "94": true, "96": true, "97": true, "98": true, "99": true,
}

// Normalize returns the canonical form +84XXXXXXXXX of a Vietnamese mobile
// number written the way people write it: "0912 345 678", "0912.345.678",
// "+84 912 345 678", "84912345678". ok is false for anything else,
// including landlines and numbers of other countries.
func Normalize(s string) (canonical string, ok bool) {
	var b strings.Builder
	plus := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && !plus && b.Len() == 0: // "+84", also "(+84)"
			plus = true
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return "", false
		}
		if b.Len() > 12 {
			return "", false
		}
	}
	d := b.String()
	var national string // the nine digits after 0 or 84
	switch {
	case len(d) == 10 && d[0] == '0':
		national = d[1:]
	case len(d) == 11 && strings.HasPrefix(d, "84"):
		national = d[2:]
	default:
		return "", false
	}
	if !mobilePrefixes[national[:2]] {
		return "", false
	}
	return "+84" + national, true
}

// Local returns a canonical number in the domestic form people recognise,
// 0912345678.
func Local(canonical string) string {
	if strings.HasPrefix(canonical, "+84") {
		return "0" + canonical[3:]
	}
	return canonical
}

// Mask hides all but the last three digits of a number in domestic form:
// "091****678". Shown to anyone but the learner and their trainer.
func Mask(canonical string) string {
	l := Local(canonical)
	if len(l) < 6 {
		return strings.Repeat("*", len(l))
	}
	return l[:3] + strings.Repeat("*", len(l)-6) + l[len(l)-3:]
}
