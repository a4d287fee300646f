// Package units holds Vietnam's administrative units in force since
// 1 July 2025: 34 provinces and centrally-run cities, and the 3,321 communes,
// wards and special zones below them. The dataset is compiled into the binary
// (see data/SOURCE.md for its origin and licence); an operator can load a
// newer one in the same CSV format with LoadDir, without a rebuild.
//
// Unit codes are the official GSO codes: 2 digits for a province, 5 digits
// for a commune. They are the keys the rest of the system stores, and the
// scopes that access control is checked against (see Registry.Contains).
package units

// Unit types, as written in the dataset's type column.
const (
	TypeProvince    = "tỉnh"
	TypeCity        = "thành phố"
	TypeCommune     = "xã"
	TypeWard        = "phường"
	TypeSpecialZone = "đặc khu"
)

// Unit is one administrative unit. Name carries no type prefix ("Hạ Long",
// not "Phường Hạ Long"); FullName adds it. ProvinceCode is empty for a
// province and names the parent province for a commune, ward or special zone.
type Unit struct {
	Code         string
	Name         string
	Type         string
	ProvinceCode string
}

// IsProvince reports whether u is a province or centrally-run city.
func (u Unit) IsProvince() bool { return u.ProvinceCode == "" }

// typeLabel returns how a unit type is written in Vietnamese (a capitalised
// prefix) and in English (a suffix). ok is false for an unknown type.
func typeLabel(typ string) (vi, en string, ok bool) {
	switch typ {
	case TypeProvince:
		return "Tỉnh", "Province", true
	case TypeCity:
		return "Thành phố", "City", true
	case TypeCommune:
		return "Xã", "Commune", true
	case TypeWard:
		return "Phường", "Ward", true
	case TypeSpecialZone:
		return "Đặc khu", "Special Zone", true
	}
	return "", "", false
}

func isProvinceType(typ string) bool { return typ == TypeProvince || typ == TypeCity }

func isCommuneType(typ string) bool {
	return typ == TypeCommune || typ == TypeWard || typ == TypeSpecialZone
}

// label names a single unit without its parent: "Xã Ba Chẽ" in Vietnamese,
// "Ba Chẽ Commune" in English.
func (u Unit) label(lang string) string {
	vi, en, _ := typeLabel(u.Type)
	if lang == "en" {
		return u.Name + " " + en
	}
	return vi + " " + u.Name
}
