package units_test

import (
	"testing"

	"github.com/hocvuso/hocvuso/internal/units"
)

func TestSearch(t *testing.T) {
	r := MustEmbedded(t)
	tests := []struct {
		query    string
		wantName string // the first result's name
		wantType string
	}{
		{"ha long", "Hạ Long", units.TypeWard},
		{"HẠ LONG", "Hạ Long", units.TypeWard},
		{"Hạ Long", "Hạ Long", units.TypeWard},
		{"Ha\u0323 Long", "Hạ Long", units.TypeWard}, // decomposed input
		{"  ha   long ", "Hạ Long", units.TypeWard},
		{"halong", "Hạ Long", units.TypeWard},
		{"ba che", "Ba Chẽ", units.TypeCommune},
		{"pho bang", "Phố Bảng", units.TypeCommune},
		{"da nang", "Đà Nẵng", units.TypeCity}, // đ → d; the city ranks before its ward namesakes
		{"quang ninh", "Quảng Ninh", units.TypeProvince},
		{"ea hleo", "Ea H'Leo", units.TypeCommune},
		{"ea h'leo", "Ea H'Leo", units.TypeCommune},
		{"van don", "Vân Đồn", units.TypeSpecialZone},
	}
	for _, tt := range tests {
		got := r.Search(tt.query, 10)
		if len(got) == 0 {
			t.Errorf("Search(%q) found nothing, want %s", tt.query, tt.wantName)
			continue
		}
		if got[0].Name != tt.wantName || got[0].Type != tt.wantType {
			t.Errorf("Search(%q)[0] = %+v, want %s (%s)", tt.query, got[0], tt.wantName, tt.wantType)
		}
	}
}

func TestSearchRankingAndLimit(t *testing.T) {
	r := MustEmbedded(t)
	got := r.Search("long", 0)
	if len(got) < 10 {
		t.Fatalf("Search(long) = %d units, want many", len(got))
	}
	var sawHaLong bool
	for _, u := range got {
		if u.Name == "Hạ Long" {
			sawHaLong = true
		}
	}
	if !sawHaLong {
		t.Error("Search(long) misses Hạ Long (match at a later word)")
	}
	// Names starting with the query come before names with it in a later word.
	if first := got[0].Name; first[:4] != "Long" {
		t.Errorf("Search(long)[0] = %q, want a name starting with Long", first)
	}
	if n := len(r.Search("long", 3)); n != 3 {
		t.Errorf("Search(long, 3) returned %d units", n)
	}
}

func TestSearchNoMatch(t *testing.T) {
	r := MustEmbedded(t)
	for _, q := range []string{"", "   ", "'", "zzzz", "inh"} { // "inh" occurs only mid-word (Ninh, Bình...)
		for _, u := range r.Search(q, 10) {
			t.Errorf("Search(%q) found %+v, want nothing", q, u)
		}
	}
}
