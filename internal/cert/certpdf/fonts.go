package certpdf

import (
	_ "embed" // the DejaVu fonts ship inside the binary
	"encoding/binary"
	"errors"
	"fmt"
)

// DejaVu Sans 2.37 from Debian's fonts-dejavu-core; licence (Bitstream Vera
// licence, DejaVu changes in the public domain) in fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// runeSet is the set of BMP characters a font has a glyph for. fpdf's
// UTF-8 fonts cover only the BMP (its width tables have 65536 entries and
// index them without a bounds check), so anything above U+FFFF is absent.
type runeSet [65536 / 64]uint64

func (s *runeSet) add(r rune)      { s[r>>6] |= 1 << (r & 63) }
func (s *runeSet) has(r rune) bool { return r >= 0 && r <= 0xFFFF && s[r>>6]&(1<<(r&63)) != 0 }
func (s *runeSet) intersect(t *runeSet) {
	for i := range s {
		s[i] &= t[i]
	}
}

// cmapCoverage reads the Unicode BMP cmap subtable (platform 3 encoding 1
// or platform 0, format 4) of a TrueType font and returns the characters
// that map to a real glyph (not glyph 0, .notdef).
func cmapCoverage(ttf []byte) (*runeSet, error) {
	errBad := errors.New("certpdf: malformed TrueType font")
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(ttf[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(ttf[off:])), true
	}
	numTables, ok := u16(4)
	if !ok {
		return nil, errBad
	}
	cmap := -1
	for i := 0; i < numTables; i++ {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errBad
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap, _ = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, fmt.Errorf("certpdf: font has no cmap table")
	}
	n, ok := u16(cmap + 2)
	if !ok {
		return nil, errBad
	}
	sub := -1
	for i := 0; i < n; i++ {
		rec := cmap + 4 + 8*i
		platform, ok1 := u16(rec)
		encoding, ok2 := u16(rec + 2)
		off, ok3 := u32(rec + 4)
		if !ok1 || !ok2 || !ok3 {
			return nil, errBad
		}
		if format, _ := u16(cmap + off); format == 4 && (platform == 3 && encoding == 1 || platform == 0) {
			sub = cmap + off
			if platform == 3 {
				break // the Windows Unicode BMP table is what fpdf reads too
			}
		}
	}
	if sub < 0 {
		return nil, fmt.Errorf("certpdf: font has no Unicode BMP (format 4) cmap")
	}
	segX2, ok := u16(sub + 6)
	if !ok {
		return nil, errBad
	}
	ends := sub + 14
	starts := ends + segX2 + 2
	deltas := starts + segX2
	rangeOffs := deltas + segX2
	var set runeSet
	for s := 0; s < segX2/2; s++ {
		end, ok1 := u16(ends + 2*s)
		start, ok2 := u16(starts + 2*s)
		delta, ok3 := u16(deltas + 2*s)
		ro, ok4 := u16(rangeOffs + 2*s)
		if !ok1 || !ok2 || !ok3 || !ok4 || start > end {
			return nil, errBad
		}
		for c := start; c <= end && c != 0xFFFF; c++ {
			g := 0
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				raw, ok := u16(rangeOffs + 2*s + ro + 2*(c-start))
				if !ok {
					return nil, errBad
				}
				if raw != 0 {
					g = (raw + delta) & 0xFFFF
				}
			}
			if g != 0 {
				set.add(rune(c))
			}
		}
	}
	return &set, nil
}
