package units

import (
	"cmp"
	"slices"
)

// Registry is a loaded, validated set of administrative units. It is
// immutable once built, so one Registry may be shared by any number of
// goroutines; methods return copies, never the Registry's own slices.
type Registry struct {
	byCode    map[string]Unit
	provinces []Unit            // sorted by code
	communes  map[string][]Unit // by province code, each sorted by code
	index     []searchEntry     // provinces, then communes, in code order
	version   string
}

// newRegistry builds the lookup structures from validated units.
func newRegistry(provinces, communes []Unit, version string) *Registry {
	r := &Registry{
		byCode:   make(map[string]Unit, len(provinces)+len(communes)),
		communes: make(map[string][]Unit, len(provinces)),
		version:  version,
	}
	byCode := func(a, b Unit) int { return cmp.Compare(a.Code, b.Code) }
	r.provinces = slices.SortedFunc(slices.Values(provinces), byCode)
	sortedCommunes := slices.SortedFunc(slices.Values(communes), byCode)
	for _, u := range r.provinces {
		r.byCode[u.Code] = u
	}
	for _, u := range sortedCommunes {
		r.byCode[u.Code] = u
		r.communes[u.ProvinceCode] = append(r.communes[u.ProvinceCode], u)
	}
	r.index = buildIndex(r.provinces, sortedCommunes)
	return r
}

// Version identifies the dataset: the first 12 hex digits of a SHA-256 over
// both CSV files, so logs say exactly which data a server runs on.
func (r *Registry) Version() string { return r.version }

// Get returns the unit with the given code.
func (r *Registry) Get(code string) (Unit, bool) {
	u, ok := r.byCode[code]
	return u, ok
}

// Provinces returns every province and centrally-run city, sorted by code.
func (r *Registry) Provinces() []Unit { return slices.Clone(r.provinces) }

// Communes returns the communes, wards and special zones of a province,
// sorted by code; nil if provinceCode is not a known province.
func (r *Registry) Communes(provinceCode string) []Unit {
	return slices.Clone(r.communes[provinceCode])
}

// IsProvince reports whether code is a known province or city.
func (r *Registry) IsProvince(code string) bool {
	u, ok := r.byCode[code]
	return ok && u.IsProvince()
}

// IsCommune reports whether code is a known commune, ward or special zone.
func (r *Registry) IsCommune(code string) bool {
	u, ok := r.byCode[code]
	return ok && !u.IsProvince()
}

// ProvinceOf returns the province code of a unit: its parent for a commune,
// the code itself for a province, "" for an unknown code.
func (r *Registry) ProvinceOf(code string) string {
	u, ok := r.byCode[code]
	if !ok {
		return ""
	}
	if u.IsProvince() {
		return u.Code
	}
	return u.ProvinceCode
}

// Contains reports whether a person scoped to unit scope may see unit code:
// scope is code itself, or scope is the province that code belongs to.
// Both must be known units, so a mistyped or retired code grants nothing,
// and the empty scope contains nothing (nation-wide access is a role, not
// a unit).
func (r *Registry) Contains(scope, code string) bool {
	u, ok := r.byCode[code]
	if !ok || scope == "" {
		return false
	}
	return scope == code || (u.ProvinceCode != "" && u.ProvinceCode == scope)
}

// FullName names a unit with its type and, for a commune, its province:
// "Xã Ba Chẽ, Tỉnh Quảng Ninh" in Vietnamese, "Ba Chẽ Commune, Quảng Ninh
// Province" for lang "en". Any other lang gets Vietnamese. It returns "" for
// an unknown code.
func (r *Registry) FullName(code, lang string) string {
	u, ok := r.byCode[code]
	if !ok {
		return ""
	}
	if u.IsProvince() {
		return u.label(lang)
	}
	return u.label(lang) + ", " + r.byCode[u.ProvinceCode].label(lang)
}
