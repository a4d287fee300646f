package units

import (
	"strings"
	"unicode"
)

// searchEntry is a unit with its name folded for matching.
type searchEntry struct {
	unit    Unit
	folded  string // "ha long": lower case, no tones, words split by one space
	compact string // "halong": folded without spaces, for "halong" queries
}

func buildIndex(provinces, communes []Unit) []searchEntry {
	index := make([]searchEntry, 0, len(provinces)+len(communes))
	for _, list := range [][]Unit{provinces, communes} {
		for _, u := range list {
			f := fold(u.Name)
			index = append(index, searchEntry{unit: u, folded: f, compact: strings.ReplaceAll(f, " ", "")})
		}
	}
	return index
}

// Match ranks, best first.
const (
	rankExact   = iota // the whole name: "ha long" for Hạ Long
	rankPrefix         // the start of the name: "ha" for Hạ Long
	rankWord           // the start of a later word: "long" for Hạ Long
	rankCompact        // the name with spaces left out: "halong"
	rankCount
)

// Search finds units whose names match query, ignoring case, tones and
// other diacritics ("ha long" and "HẠ LONG" find Hạ Long; "da nang" finds
// Đà Nẵng). The query must match the start of the name or of one of its
// words. Results come best match first (whole name, then name prefix, then
// word prefix), and within a rank provinces before communes, each by code.
// At most limit units are returned; limit <= 0 means no limit. An empty
// query matches nothing.
func (r *Registry) Search(query string, limit int) []Unit {
	q := fold(query)
	if q == "" {
		return nil
	}
	m := matcher{q: q, word: " " + q, compact: strings.ReplaceAll(q, " ", "")}
	var buckets [rankCount][]Unit
	for i := range r.index {
		e := &r.index[i]
		if rank, ok := m.match(e); ok {
			buckets[rank] = append(buckets[rank], e.unit)
		}
	}
	var out []Unit
	for _, b := range buckets {
		out = append(out, b...)
		if limit > 0 && len(out) >= limit {
			return out[:limit]
		}
	}
	return out
}

// matcher is a folded query in the forms its ranks compare against.
type matcher struct {
	q       string // "ha long"
	word    string // " ha long": the query at the start of a later word
	compact string // "halong"
}

func (m *matcher) match(e *searchEntry) (rank int, ok bool) {
	switch {
	case e.folded == m.q:
		return rankExact, true
	case strings.HasPrefix(e.folded, m.q):
		return rankPrefix, true
	case strings.Contains(e.folded, m.word):
		return rankWord, true
	case strings.HasPrefix(e.compact, m.compact):
		return rankCompact, true
	}
	return 0, false
}

// fold lowers s, strips Vietnamese tones and vowel marks (đ becomes d),
// drops apostrophes ("H'Leo" → "hleo") and turns every other run of
// non-letters into one space. Combining marks are dropped too, so a query
// typed in decomposed form folds like a precomposed one.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '\u2019', r == '\u02BC':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(baseLetter(r))
		default:
			space = true
		}
	}
	return b.String()
}

// Every marked lower-case Vietnamese letter, by unmarked base.
const (
	markedA = "àáảãạăằắẳẵặâầấẩẫậ"
	markedE = "èéẻẽẹêềếểễệ"
	markedI = "ìíỉĩị"
	markedO = "òóỏõọôồốổỗộơờớởỡợ"
	markedU = "ùúủũụưừứửữự"
	markedY = "ỳýỷỹỵ"
)

// baseLetter maps a lower-case Vietnamese letter to its unmarked ASCII base;
// other runes are returned unchanged.
func baseLetter(r rune) rune {
	switch {
	case r < 0x80:
		return r
	case r == 'đ':
		return 'd'
	case strings.ContainsRune(markedA, r):
		return 'a'
	case strings.ContainsRune(markedE, r):
		return 'e'
	case strings.ContainsRune(markedI, r):
		return 'i'
	case strings.ContainsRune(markedO, r):
		return 'o'
	case strings.ContainsRune(markedU, r):
		return 'u'
	case strings.ContainsRune(markedY, r):
		return 'y'
	}
	return r
}
