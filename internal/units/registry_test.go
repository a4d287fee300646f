package units_test

import (
	"cmp"
	"slices"
	"sync"
	"testing"

	"github.com/hocvuso/hocvuso/internal/units"
)

// MustEmbedded returns the embedded registry or fails the test.
func MustEmbedded(tb testing.TB) *units.Registry {
	tb.Helper()
	r, err := units.Embedded()
	if err != nil {
		tb.Fatalf("Embedded: %v", err)
	}
	return r
}

func TestEmbeddedCounts(t *testing.T) {
	r := MustEmbedded(t)
	provinces := r.Provinces()
	if len(provinces) != 34 {
		t.Errorf("provinces = %d, want 34", len(provinces))
	}
	byType := map[string]int{}
	total := 0
	for _, p := range provinces {
		byType[p.Type]++
		for _, c := range r.Communes(p.Code) {
			byType[c.Type]++
			total++
		}
	}
	if total != 3321 {
		t.Errorf("communes = %d, want 3321", total)
	}
	want := map[string]int{
		units.TypeProvince: 28, units.TypeCity: 6,
		units.TypeCommune: 2621, units.TypeWard: 687, units.TypeSpecialZone: 13,
	}
	for typ, n := range want {
		if byType[typ] != n {
			t.Errorf("%s: %d units, want %d", typ, byType[typ], n)
		}
	}
}

func TestQuangNinh(t *testing.T) {
	r := MustEmbedded(t)
	communes := r.Communes("22")
	count := map[string]int{}
	for _, c := range communes {
		count[c.Type]++
		if c.ProvinceCode != "22" {
			t.Errorf("%s has province %q, want 22", c.Code, c.ProvinceCode)
		}
	}
	if len(communes) != 54 || count[units.TypeWard] != 30 || count[units.TypeCommune] != 22 || count[units.TypeSpecialZone] != 2 {
		t.Errorf("Quảng Ninh: %d units %v, want 54 = 30 phường + 22 xã + 2 đặc khu", len(communes), count)
	}
	if !slices.IsSortedFunc(communes, func(a, b units.Unit) int { return cmp.Compare(a.Code, b.Code) }) {
		t.Error("Communes(22) not sorted by code")
	}
}

func TestGet(t *testing.T) {
	r := MustEmbedded(t)
	tests := []struct {
		code string
		want units.Unit
		ok   bool
	}{
		{"22", units.Unit{Code: "22", Name: "Quảng Ninh", Type: units.TypeProvince}, true},
		{"01", units.Unit{Code: "01", Name: "Hà Nội", Type: units.TypeCity}, true},
		{"06970", units.Unit{Code: "06970", Name: "Ba Chẽ", Type: units.TypeCommune, ProvinceCode: "22"}, true},
		{"00745", units.Unit{Code: "00745", Name: "Phố Bảng", Type: units.TypeCommune, ProvinceCode: "08"}, true},
		{"06994", units.Unit{Code: "06994", Name: "Vân Đồn", Type: units.TypeSpecialZone, ProvinceCode: "22"}, true},
		{"06978", units.Unit{}, false}, // the upstream typo for Ba Chẽ
		{"", units.Unit{}, false},
		{"99", units.Unit{}, false},
	}
	for _, tt := range tests {
		got, ok := r.Get(tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Get(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
}

func TestKinds(t *testing.T) {
	r := MustEmbedded(t)
	tests := []struct {
		code              string
		province, commune bool
		provinceOf        string
	}{
		{"22", true, false, "22"},
		{"06970", false, true, "22"},
		{"07192", false, true, "22"}, // Cô Tô special zone
		{"00004", false, true, "01"},
		{"99", false, false, ""},
		{"99999", false, false, ""},
		{"", false, false, ""},
	}
	for _, tt := range tests {
		if got := r.IsProvince(tt.code); got != tt.province {
			t.Errorf("IsProvince(%q) = %v", tt.code, got)
		}
		if got := r.IsCommune(tt.code); got != tt.commune {
			t.Errorf("IsCommune(%q) = %v", tt.code, got)
		}
		if got := r.ProvinceOf(tt.code); got != tt.provinceOf {
			t.Errorf("ProvinceOf(%q) = %q, want %q", tt.code, got, tt.provinceOf)
		}
	}
}

func TestContains(t *testing.T) {
	r := MustEmbedded(t)
	tests := []struct {
		scope, code string
		want        bool
	}{
		{"22", "06970", true},    // province official sees its commune
		{"22", "22", true},       // and the province itself
		{"06970", "06970", true}, // commune official sees their commune
		{"06970", "22", false},   // but not the province above
		{"06970", "06994", false},
		{"01", "06970", false}, // another province
		{"22", "00004", false},
		{"", "06970", false},
		{"", "", false},
		{"99", "99", false}, // unknown units grant nothing
		{"22", "22999", false},
		{"2", "06970", false},
	}
	for _, tt := range tests {
		if got := r.Contains(tt.scope, tt.code); got != tt.want {
			t.Errorf("Contains(%q, %q) = %v, want %v", tt.scope, tt.code, got, tt.want)
		}
	}
}

func TestFullName(t *testing.T) {
	r := MustEmbedded(t)
	tests := []struct {
		code, lang, want string
	}{
		{"06970", "vi", "Xã Ba Chẽ, Tỉnh Quảng Ninh"},
		{"06970", "en", "Ba Chẽ Commune, Quảng Ninh Province"},
		{"06970", "", "Xã Ba Chẽ, Tỉnh Quảng Ninh"},
		{"06970", "fr", "Xã Ba Chẽ, Tỉnh Quảng Ninh"},
		{"22", "vi", "Tỉnh Quảng Ninh"},
		{"22", "en", "Quảng Ninh Province"},
		{"06994", "vi", "Đặc khu Vân Đồn, Tỉnh Quảng Ninh"},
		{"06994", "en", "Vân Đồn Special Zone, Quảng Ninh Province"},
		{"01", "vi", "Thành phố Hà Nội"},
		{"01", "en", "Hà Nội City"},
		{"00004", "vi", "Phường Ba Đình, Thành phố Hà Nội"},
		{"00004", "en", "Ba Đình Ward, Hà Nội City"},
		{"99", "vi", ""},
	}
	for _, tt := range tests {
		if got := r.FullName(tt.code, tt.lang); got != tt.want {
			t.Errorf("FullName(%q, %q) = %q, want %q", tt.code, tt.lang, got, tt.want)
		}
	}
	halong := r.Search("Hạ Long", 1)
	if len(halong) != 1 {
		t.Fatalf("Search(Hạ Long) = %v", halong)
	}
	if got := r.FullName(halong[0].Code, "vi"); got != "Phường Hạ Long, Tỉnh Quảng Ninh" {
		t.Errorf("FullName(Hạ Long) = %q", got)
	}
	if got := r.FullName(halong[0].Code, "en"); got != "Hạ Long Ward, Quảng Ninh Province" {
		t.Errorf("FullName(Hạ Long, en) = %q", got)
	}
}

func TestReturnedSlicesAreCopies(t *testing.T) {
	r := MustEmbedded(t)
	r.Provinces()[0].Name = "changed"
	r.Communes("22")[0].Name = "changed"
	if r.Provinces()[0].Name == "changed" || r.Communes("22")[0].Name == "changed" {
		t.Error("caller could modify the registry through a returned slice")
	}
	if got := r.Communes("99"); got != nil {
		t.Errorf("Communes(99) = %v, want nil", got)
	}
}

// TestConcurrentReads is meaningful under -race.
func TestConcurrentReads(t *testing.T) {
	r := MustEmbedded(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				r.Get("06970")
				r.Contains("22", "06970")
				r.Search("ha long", 5)
				r.Communes("22")
				r.FullName("06970", "en")
			}
		})
	}
	wg.Wait()
}

func TestVersion(t *testing.T) {
	a, b := MustEmbedded(t), MustEmbedded(t)
	if len(a.Version()) != 12 || a.Version() != b.Version() {
		t.Errorf("Version() = %q and %q; want the same 12 hex digits", a.Version(), b.Version())
	}
}
