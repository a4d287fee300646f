package ethnic_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/hocvuso/hocvuso/internal/ethnic"
)

func TestAll(t *testing.T) {
	all := ethnic.All()
	if len(all) != 54 {
		t.Fatalf("All() has %d groups, want 54", len(all))
	}
	codes := map[string]bool{}
	for i, g := range all {
		if g.Number != i+1 {
			t.Errorf("group %d (%s) has number %d; want numbers 1..54 in order", i, g.Code, g.Number)
		}
		if codes[g.Code] {
			t.Errorf("duplicate code %q", g.Code)
		}
		codes[g.Code] = true
		if g.Code == "" || strings.TrimLeft(g.Code, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Errorf("code %q is not lower-case ASCII letters", g.Code)
		}
		if g.NameVI == "" || g.NameEN == "" {
			t.Errorf("%s: missing name %+v", g.Code, g)
		}
		for _, r := range g.NameEN {
			if r > unicode.MaxASCII {
				t.Errorf("%s: English name %q is not ASCII", g.Code, g.NameEN)
				break
			}
		}
		for _, r := range g.NameVI {
			if unicode.Is(unicode.Mn, r) {
				t.Errorf("%s: Vietnamese name %q is not NFC (combining mark)", g.Code, g.NameVI)
			}
		}
	}
	if all[0].Code != "kinh" || all[0].Number != 1 {
		t.Errorf("first group = %+v, want Kinh, number 1", all[0])
	}
}

func TestAllReturnsCopy(t *testing.T) {
	ethnic.All()[0].NameVI = "changed"
	if g, _ := ethnic.Get("kinh"); g.NameVI != "Kinh" {
		t.Errorf("All() exposed the package's table: Kinh is now %q", g.NameVI)
	}
}

// Spot checks against the 1979 list (Decision 121-TCTK/PPCĐ).
func TestGet(t *testing.T) {
	tests := []struct {
		code   string
		number int
		vi, en string
	}{
		{"kinh", 1, "Kinh", "Kinh"},
		{"tay", 2, "Tày", "Tay"},
		{"thai", 3, "Thái", "Thai"},
		{"hoa", 4, "Hoa", "Hoa (Chinese)"},
		{"khome", 5, "Khơ-me", "Khmer"},
		{"muong", 6, "Mường", "Muong"},
		{"nung", 7, "Nùng", "Nung"},
		{"hmong", 8, "Hmông", "Hmong"},
		{"dao", 9, "Dao", "Dao"},
		{"giarai", 10, "Gia-rai", "Gia Rai"},
		{"ngai", 11, "Ngái", "Ngai"},
		{"bruvankieu", 23, "Bru-Vân Kiều", "Bru-Van Kieu"},
		{"brau", 52, "Brâu", "Brau"},
		{"odu", 53, "Ơ Đu", "O Du"},
		{"romam", 54, "Rơ-măm", "Ro Mam"},
	}
	for _, tt := range tests {
		g, ok := ethnic.Get(tt.code)
		if !ok || g.Number != tt.number || g.NameVI != tt.vi || g.NameEN != tt.en {
			t.Errorf("Get(%q) = %+v, %v; want %d %s / %s", tt.code, g, ok, tt.number, tt.vi, tt.en)
		}
		if !ethnic.Valid(tt.code) {
			t.Errorf("Valid(%q) = false", tt.code)
		}
	}
}

func TestUnknown(t *testing.T) {
	for _, code := range []string{"", "Kinh", "KINH", "01", "1", "viet", "other", " kinh"} {
		if _, ok := ethnic.Get(code); ok {
			t.Errorf("Get(%q) found a group", code)
		}
		if ethnic.Valid(code) {
			t.Errorf("Valid(%q) = true", code)
		}
	}
}

func TestName(t *testing.T) {
	g, _ := ethnic.Get("khome")
	for lang, want := range map[string]string{"vi": "Khơ-me", "en": "Khmer", "": "Khơ-me"} {
		if got := g.Name(lang); got != want {
			t.Errorf("Name(%q) = %q, want %q", lang, got, want)
		}
	}
}
