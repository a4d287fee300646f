package roster

import "github.com/hocvuso/hocvuso/internal/ethnic"

// EthnicityCode matches what an office writes in the ethnicity column to
// one of the 54 groups: its slug, or its Vietnamese or English name with or
// without diacritics, spaces or hyphens ("Ê-đê", "Ede", "ê đê"). It suits
// Lookups.EthnicityCode.
func EthnicityCode(nameOrSlug string) (string, bool) {
	k := compact(nameOrSlug)
	if k == "" {
		return "", false
	}
	for _, g := range ethnic.All() {
		if k == g.Code || k == compact(g.NameVI) || k == compact(g.NameEN) {
			return g.Code, true
		}
	}
	return "", false
}
