// Package ethnic lists Vietnam's 54 officially recognised ethnic groups
// (dân tộc), for the optional ethnicity a learner may give at registration
// and for report breakdowns.
//
// Stored data refers to a group by its Code, an ASCII slug that never
// changes. Number is the group's number in the General Statistics Office's
// "Danh mục các thành phần dân tộc Việt Nam", issued with Decision
// 121-TCTK/PPCĐ of 2 March 1979; it is kept for exports to systems that use
// those numbers, not as a key.
//
// Sources checked: the decision's list as published by the Đà Nẵng
// statistics office (cucthongke.danang.gov.vn, "Ban hành theo quyết định số
// 121-TCTK/PPCĐ ngày 2 tháng 3 năm 1979"; numbers 01–09 readable there), the
// Ministry of Health's FHIR code system vn-core-race ("Danh mục Dân tộc -
// theo ban hành của Tổng cục thống kê", fhir.ehealth.gov.vn; 01–04), and four
// independent code tables in public Vietnamese administrative software that
// agree on all of 01–54.
//
// Beware other numberings in circulation. GSO Decision 1019/QĐ-TCTK of
// 12 November 2008, the list gso.gov.vn publishes today, orders groups by
// population: 04 Mường, 05 Khơ-me, 06 Hoa. Lists reproduced from the
// Government and Ethnic Minorities Committee portals also put Mường 4th and
// end with 54 Ơ-đu. In the 1979 list used here, 53 is Ơ Đu and 54 Rơ-măm.
package ethnic

import "slices"

// Group is one ethnic group. NameVI follows the spelling of the 1979 list;
// NameEN is the usual romanisation, without diacritics.
type Group struct {
	Code   string // stable ASCII slug, e.g. "kinh", "giarai"
	Number int    // 1–54, GSO Decision 121-TCTK/PPCĐ (1979)
	NameVI string
	NameEN string
}

// Name returns the group's name in lang ("en" or Vietnamese by default).
func (g Group) Name(lang string) string {
	if lang == "en" {
		return g.NameEN
	}
	return g.NameVI
}

// All returns the 54 groups in GSO order (Kinh first). The slice is a copy.
func All() []Group { return slices.Clone(groups[:]) }

// Get returns the group with the given code.
func Get(code string) (Group, bool) {
	for _, g := range groups {
		if g.Code == code {
			return g, true
		}
	}
	return Group{}, false
}

// Valid reports whether code names one of the 54 groups.
func Valid(code string) bool {
	_, ok := Get(code)
	return ok
}

// groups is read-only: All hands out copies.
var groups = [54]Group{
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
	{"ede", 12, "Ê-đê", "Ede"},
	{"bana", 13, "Ba-na", "Ba Na"},
	{"xodang", 14, "Xơ-đăng", "Xo Dang"},
	{"sanchay", 15, "Sán Chay", "San Chay"},
	{"coho", 16, "Cơ-ho", "Co Ho"},
	{"cham", 17, "Chăm", "Cham"},
	{"sandiu", 18, "Sán Dìu", "San Diu"},
	{"hre", 19, "Hrê", "Hre"},
	{"mnong", 20, "Mnông", "Mnong"},
	{"raglai", 21, "Ra-glai", "Ra Glai"},
	{"xtieng", 22, "Xtiêng", "Xtieng"},
	{"bruvankieu", 23, "Bru-Vân Kiều", "Bru-Van Kieu"},
	{"tho", 24, "Thổ", "Tho"},
	{"giay", 25, "Giáy", "Giay"},
	{"cotu", 26, "Cơ-tu", "Co Tu"},
	{"gietrieng", 27, "Gié-Triêng", "Gie Trieng"},
	{"ma", 28, "Mạ", "Ma"},
	{"khomu", 29, "Khơ-mú", "Kho Mu"},
	{"co", 30, "Co", "Co"},
	{"taoi", 31, "Tà-ôi", "Ta Oi"},
	{"choro", 32, "Chơ-ro", "Cho Ro"},
	{"khang", 33, "Kháng", "Khang"},
	{"xinhmun", 34, "Xinh-mun", "Xinh Mun"},
	{"hanhi", 35, "Hà Nhì", "Ha Nhi"},
	{"churu", 36, "Chu-ru", "Chu Ru"},
	{"lao", 37, "Lào", "Lao"},
	{"lachi", 38, "La Chí", "La Chi"},
	{"laha", 39, "La Ha", "La Ha"},
	{"phula", 40, "Phù Lá", "Phu La"},
	{"lahu", 41, "La Hủ", "La Hu"},
	{"lu", 42, "Lự", "Lu"},
	{"lolo", 43, "Lô Lô", "Lo Lo"},
	{"chut", 44, "Chứt", "Chut"},
	{"mang", 45, "Mảng", "Mang"},
	{"pathen", 46, "Pà Thẻn", "Pa Then"},
	{"colao", 47, "Cơ Lao", "Co Lao"},
	{"cong", 48, "Cống", "Cong"},
	{"boy", 49, "Bố Y", "Bo Y"},
	{"sila", 50, "Si La", "Si La"},
	{"pupeo", 51, "Pu Péo", "Pu Peo"},
	{"brau", 52, "Brâu", "Brau"},
	{"odu", 53, "Ơ Đu", "O Du"},
	{"romam", 54, "Rơ-măm", "Ro Mam"},
}
