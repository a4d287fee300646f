package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/units"
	"github.com/hocvuso/hocvuso/internal/validation"
)

type unitJSON struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	ProvinceCode string `json:"province_code,omitempty"`
	Label        string `json:"label"`
	FullName     string `json:"full_name"`
}

type unitsJSON struct {
	Version string     `json:"version"`
	Units   []unitJSON `json:"units"`
}

// apiUnits lists units for pickers: the provinces (no parameters), the
// communes of one province (?province=22), or a diacritics-insensitive
// name search (?q=ha long, optionally with ?limit=).
func (s *Server) apiUnits(c *fiber.Ctx) error {
	reg, lang := s.deps.Units, langOf(c)
	var list []units.Unit
	switch prov, q := c.Query("province"), c.Query("q"); {
	case q != "":
		limit, err := strconv.Atoi(c.Query("limit", "20"))
		if err != nil || limit < 1 || limit > 100 {
			return validation.FieldInvalid("limit", lms.Text{VI: "limit phải là số từ 1 đến 100.", EN: "limit must be a number from 1 to 100."})
		}
		list = reg.Search(q, limit)
	case prov != "":
		if !reg.IsProvince(prov) {
			return validation.FieldInvalid("province", lms.Text{
				VI: "Mã tỉnh, thành phố không đúng (2 chữ số, ví dụ 22).", EN: "Unknown province code (2 digits, for example 22)."})
		}
		list = reg.Communes(prov)
	default:
		list = reg.Provinces()
	}
	out := unitsJSON{Version: reg.Version(), Units: make([]unitJSON, len(list))}
	for i, u := range list {
		label := u.Name
		if !u.IsProvince() {
			label = unitLabel(u.Type, u.Name, lang)
		}
		out.Units[i] = unitJSON{Code: u.Code, Name: u.Name, Type: u.Type, ProvinceCode: u.ProvinceCode,
			Label: label, FullName: reg.FullName(u.Code, lang)}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.JSON(out)
}

type ethnicityJSON struct {
	Code   string `json:"code"`
	Number int    `json:"number"`
	Name   string `json:"name"`
}

// apiEthnicities lists Vietnam's 54 ethnic groups for the optional field.
func (s *Server) apiEthnicities(c *fiber.Ctx) error {
	lang := langOf(c)
	groups := ethnic.All()
	out := make([]ethnicityJSON, len(groups))
	for i, g := range groups {
		out[i] = ethnicityJSON{Code: g.Code, Number: g.Number, Name: g.Name(lang)}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.JSON(fiber.Map{"ethnicities": out})
}
