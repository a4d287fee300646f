package certpdf

import (
	_ "embed" // the DejaVu fonts ship inside the binary
	"encoding/binary"
	"errors"
	"fmt"
)

// DejaVu Sans 2.37 from Debian's fonts-dejavu-core, unmodified; licence
// (Bitstream Vera licence, DejaVu changes in the public domain) in
// fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// printableRanges are the Unicode blocks a certificate may use: Latin with
// all its extensions (Vietnamese is in Latin Extended-B and Latin Extended
// Additional), combining marks, punctuation and common symbols.
//
// DejaVu Sans has about 5,400 characters; fpdf parses a font's whole
// character map for every document, so NewRenderer gives it fonts whose map
// lists only these (about 2,000), which makes a certificate about a quarter
// faster. The glyphs themselves are untouched: fpdf builds the font it
// embeds in the PDF from the glyphs and writes its own character map.
var printableRanges = []struct{ lo, hi rune }{
	{0x0020, 0x007E}, // Basic Latin
	{0x00A0, 0x024F}, // Latin-1 Supplement, Latin Extended-A and -B
	{0x02B0, 0x036F}, // Spacing Modifier Letters, Combining Diacritical Marks
	{0x1E00, 0x1EFF}, // Latin Extended Additional
	{0x2000, 0x206F}, // General Punctuation
	{0x20A0, 0x20CF}, // Currency Symbols (₫, €)
	{0x2100, 0x21FF}, // Letterlike Symbols, Number Forms, Arrows
	{0x2200, 0x22FF}, // Mathematical Operators
	{0x2460, 0x24FF}, // Enclosed Alphanumerics (①)
	{0x25A0, 0x27BF}, // Geometric Shapes, Miscellaneous Symbols, Dingbats (✓, ★)
}

func inPrintableRanges(r rune) bool {
	for _, rg := range printableRanges {
		if rg.lo <= r && r <= rg.hi {
			return true
		}
	}
	return false
}

// runeSet is a set of BMP characters. fpdf's UTF-8 fonts cover only the BMP
// (its width tables have 65536 entries, indexed without a bounds check), so
// nothing above U+FFFF is ever in one.
type runeSet [65536 / 64]uint64

func (s *runeSet) add(r rune)      { s[r>>6] |= 1 << (r & 63) }
func (s *runeSet) has(r rune) bool { return r >= 0 && r <= 0xFFFF && s[r>>6]&(1<<(r&63)) != 0 }
func (s *runeSet) intersect(t *runeSet) {
	for i := range s {
		s[i] &= t[i]
	}
}

// glyphMap maps each BMP character to its glyph; 0 (.notdef) is no glyph.
type glyphMap [65536]uint16

func (g *glyphMap) set() *runeSet {
	var s runeSet
	for c, id := range g {
		if id != 0 {
			s.add(rune(c))
		}
	}
	return &s
}

var errBadFont = errors.New("malformed TrueType font")

// ttfTable finds a table in a TrueType font: its directory entry's offset in
// the file, and the table's offset and length.
func ttfTable(ttf []byte, tag string) (entry, off, length int, err error) {
	if len(ttf) < 12 {
		return 0, 0, 0, errBadFont
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := 0; i < n; i++ {
		e := 12 + 16*i
		if e+16 > len(ttf) {
			return 0, 0, 0, errBadFont
		}
		if string(ttf[e:e+4]) == tag {
			off = int(binary.BigEndian.Uint32(ttf[e+8:]))
			length = int(binary.BigEndian.Uint32(ttf[e+12:]))
			if off < 0 || length < 0 || off+length > len(ttf) {
				return 0, 0, 0, errBadFont
			}
			return e, off, length, nil
		}
	}
	return 0, 0, 0, fmt.Errorf("font has no %q table", tag)
}

// cmapGlyphs reads a TrueType font's Unicode BMP character map: the format 4
// subtable for platform 3 encoding 1 or else platform 0, the one fpdf reads.
func cmapGlyphs(ttf []byte) (*glyphMap, error) {
	_, cmap, cmapLen, err := ttfTable(ttf, "cmap")
	if err != nil {
		return nil, err
	}
	t := ttf[cmap : cmap+cmapLen]
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(t) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(t[off:])), true
	}
	n, ok := u16(2)
	if !ok {
		return nil, errBadFont
	}
	sub := -1
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		if rec+8 > len(t) {
			return nil, errBadFont
		}
		platform, encoding := int(binary.BigEndian.Uint16(t[rec:])), int(binary.BigEndian.Uint16(t[rec+2:]))
		off := int(binary.BigEndian.Uint32(t[rec+4:]))
		if format, _ := u16(off); format == 4 && (platform == 3 && encoding == 1 || platform == 0) {
			if sub < 0 || platform == 3 {
				sub = off
			}
		}
	}
	if sub < 0 {
		return nil, errors.New("font has no Unicode BMP (format 4) character map")
	}
	segX2, ok := u16(sub + 6)
	if !ok {
		return nil, errBadFont
	}
	ends := sub + 14
	starts := ends + segX2 + 2
	deltas := starts + segX2
	rangeOffs := deltas + segX2
	var g glyphMap
	for s := 0; s < segX2/2; s++ {
		end, ok1 := u16(ends + 2*s)
		start, ok2 := u16(starts + 2*s)
		delta, ok3 := u16(deltas + 2*s)
		ro, ok4 := u16(rangeOffs + 2*s)
		if !ok1 || !ok2 || !ok3 || !ok4 || start > end {
			return nil, errBadFont
		}
		for c := start; c <= end && c != 0xFFFF; c++ {
			id := 0
			if ro == 0 {
				id = (c + delta) & 0xFFFF
			} else {
				raw, ok := u16(rangeOffs + 2*s + ro + 2*(c-start))
				if !ok {
					return nil, errBadFont
				}
				if raw != 0 {
					id = (raw + delta) & 0xFFFF
				}
			}
			g[c] = uint16(id)
		}
	}
	return &g, nil
}

// cmapCoverage returns the characters a font has a glyph for.
func cmapCoverage(ttf []byte) (*runeSet, error) {
	g, err := cmapGlyphs(ttf)
	if err != nil {
		return nil, err
	}
	return g.set(), nil
}

// trimFont returns a copy of ttf whose character map lists only the
// characters keep accepts, and the set of those the font has glyphs for.
// The new map is appended to the file and the table directory points to
// it; every other table stays where it was, byte for byte.
func trimFont(ttf []byte, keep func(rune) bool) ([]byte, *runeSet, error) {
	all, err := cmapGlyphs(ttf)
	if err != nil {
		return nil, nil, err
	}
	var kept glyphMap
	for c, id := range all {
		if id != 0 && keep(rune(c)) {
			kept[c] = id
		}
	}
	cmap, err := encodeCmap(&kept)
	if err != nil {
		return nil, nil, err
	}
	entry, _, _, err := ttfTable(ttf, "cmap")
	if err != nil {
		return nil, nil, err
	}
	off := (len(ttf) + 3) &^ 3
	out := make([]byte, off, off+len(cmap)+3)
	copy(out, ttf)
	out = append(out, cmap...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	binary.BigEndian.PutUint32(out[entry+4:], tableChecksum(out[off:]))
	binary.BigEndian.PutUint32(out[entry+8:], uint32(off))
	binary.BigEndian.PutUint32(out[entry+12:], uint32(len(cmap)))
	return out, kept.set(), nil
}

// encodeCmap writes a cmap table with one subtable, platform 3 (Windows)
// encoding 1 (Unicode BMP), format 4: a segment for each run of consecutive
// mapped characters, its glyphs listed in the glyph array.
func encodeCmap(g *glyphMap) ([]byte, error) {
	type segment struct{ start, end int }
	var segs []segment
	for c := 0; c < 0xFFFF; c++ {
		if g[c] == 0 {
			continue
		}
		if n := len(segs); n > 0 && segs[n-1].end == c-1 {
			segs[n-1].end = c
		} else {
			segs = append(segs, segment{c, c})
		}
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF}) // the required last segment
	segCount := len(segs)
	glyphs := 0
	for _, s := range segs[:segCount-1] {
		glyphs += s.end - s.start + 1
	}
	subLen := 16 + 8*segCount + 2*glyphs
	if subLen > 0xFFFF {
		return nil, errors.New("character map too large for format 4")
	}
	searchRange, entrySelector := 2, 0
	for searchRange*2 <= 2*segCount {
		searchRange *= 2
		entrySelector++
	}
	b := make([]byte, 0, 12+subLen)
	u16 := func(v int) { b = binary.BigEndian.AppendUint16(b, uint16(v)) }
	u16(0) // cmap version
	u16(1) // one subtable
	u16(3) // platform: Windows
	u16(1) // encoding: Unicode BMP
	b = binary.BigEndian.AppendUint32(b, 12)
	u16(4)                        // format
	u16(subLen)                   // length
	u16(0)                        // language
	u16(2 * segCount)             // segCountX2
	u16(searchRange)              // searchRange
	u16(entrySelector)            // entrySelector
	u16(2*segCount - searchRange) // rangeShift
	for _, s := range segs {
		u16(s.end)
	}
	u16(0) // reservedPad
	for _, s := range segs {
		u16(s.start)
	}
	for i := range segs {
		if i == segCount-1 {
			u16(1) // 0xFFFF maps to glyph 0
		} else {
			u16(0)
		}
	}
	// idRangeOffset[i] counts bytes from itself to the segment's first
	// entry in the glyph array, which follows the idRangeOffset array.
	at := 0
	for i, s := range segs {
		if i == segCount-1 {
			u16(0)
			continue
		}
		u16(2*(segCount-i) + 2*at)
		at += s.end - s.start + 1
	}
	for _, s := range segs[:segCount-1] {
		for c := s.start; c <= s.end; c++ {
			u16(int(g[c]))
		}
	}
	return b, nil
}

// tableChecksum is the TrueType checksum of a table padded to 4 bytes.
func tableChecksum(t []byte) uint32 {
	var sum uint32
	for i := 0; i < len(t); i += 4 {
		var w [4]byte
		copy(w[:], t[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
