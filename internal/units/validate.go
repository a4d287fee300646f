package units

// readProvinces parses provinces.csv (code,name,type), keeping valid rows.
// lines maps each code to the line it was first seen on.
func readProvinces(file string, data []byte, errs *problems) (units []Unit, lines map[string]int) {
	rows := readRows(file, data, provincesHeader, errs)
	lines = make(map[string]int, len(rows))
	units = make([]Unit, 0, len(rows))
	for _, r := range rows {
		u := Unit{Code: r.fields[0], Name: r.fields[1], Type: r.fields[2]}
		if !checkUnit(file, r.line, u, 2, isProvinceType, "tỉnh, thành phố", lines, errs) {
			continue
		}
		units = append(units, u)
	}
	if len(rows) == 0 && len(errs.list) == 0 {
		errs.add(file, 2, "no provinces")
	}
	return units, lines
}

// readCommunes parses communes.csv (code,name,type,province_code), keeping
// valid rows whose province is known (valid). A commune of a province that
// is in provinces.csv but was rejected is dropped silently: the province's
// own error explains it, and repeating it for each commune would bury it.
func readCommunes(file string, data []byte, known map[string]bool, rejected func(string) bool, errs *problems) []Unit {
	rows := readRows(file, data, communesHeader, errs)
	firstSeen := make(map[string]int, len(rows))
	units := make([]Unit, 0, len(rows))
	for _, r := range rows {
		u := Unit{Code: r.fields[0], Name: r.fields[1], Type: r.fields[2], ProvinceCode: r.fields[3]}
		if !checkUnit(file, r.line, u, 5, isCommuneType, "xã, phường, đặc khu", firstSeen, errs) {
			continue
		}
		if !known[u.ProvinceCode] {
			if !rejected(u.ProvinceCode) {
				errs.add(file, r.line, "unknown province %q (not in %s)", u.ProvinceCode, provincesFile)
			}
			continue
		}
		units = append(units, u)
	}
	return units
}

// checkUnit validates the columns every unit has: a code of codeLen digits,
// seen once; a clean name; a type that typeOK accepts.
func checkUnit(file string, line int, u Unit, codeLen int, typeOK func(string) bool,
	types string, firstSeen map[string]int, errs *problems) bool {
	ok := true
	if !isDigits(u.Code, codeLen) {
		errs.add(file, line, "code %q must be %d digits", u.Code, codeLen)
		ok = false
	} else if prev, dup := firstSeen[u.Code]; dup {
		errs.add(file, line, "duplicate code %s (first on line %d)", u.Code, prev)
		ok = false
	} else {
		firstSeen[u.Code] = line
	}
	if p := nameProblem(u.Name); p != "" {
		errs.add(file, line, "%s", p)
		ok = false
	}
	if !typeOK(u.Type) {
		errs.add(file, line, "unknown type %q; want one of: %s", u.Type, types)
		ok = false
	}
	return ok
}

// checkEveryProvinceHasCommunes catches a communes file cut short or a
// province added without its units: every province must have at least one.
// lines gives each province's line in file.
func checkEveryProvinceHasCommunes(file string, lines map[string]int, provinces, communes []Unit, errs *problems) {
	if len(errs.list) > 0 {
		return // missing communes are then more likely a symptom than the cause
	}
	has := make(map[string]bool, len(provinces))
	for _, c := range communes {
		has[c.ProvinceCode] = true
	}
	for _, p := range provinces {
		if !has[p.Code] {
			errs.add(file, lines[p.Code], "province %s (%s) has no communes in %s", p.Code, p.Name, communesFile)
		}
	}
}
