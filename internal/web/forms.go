package web

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hocvuso/hocvuso/internal/ethnic"
	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/validation"
)

// option is one entry of a <select>.
type option struct {
	Code, Label string
}

var genders = []string{string(lms.GenderFemale), string(lms.GenderMale), string(lms.GenderOther)}

func (s *Server) provinceOptions() []option {
	ps := s.deps.Units.Provinces()
	out := make([]option, len(ps))
	for i, p := range ps {
		out[i] = option{Code: p.Code, Label: p.Name}
	}
	return out
}

// communeOptions lists a province's communes with their type ("Xã Ba
// Chẽ"), since a ward and a commune may share a name.
func (s *Server) communeOptions(province, lang string) []option {
	cs := s.deps.Units.Communes(province)
	out := make([]option, len(cs))
	for i, c := range cs {
		out[i] = option{Code: c.Code, Label: unitLabel(c.Type, c.Name, lang)}
	}
	return out
}

func unitLabel(typ, name, lang string) string {
	if lang == "en" {
		en := map[string]string{"xã": "Commune", "phường": "Ward", "đặc khu": "Special Zone"}[typ]
		return name + " " + en
	}
	r, size := utf8.DecodeRuneInString(typ)
	return string(unicode.ToUpper(r)) + typ[size:] + " " + name
}

func ethnicOptions(lang string) []option {
	gs := ethnic.All()
	out := make([]option, len(gs))
	for i, g := range gs {
		out[i] = option{Code: g.Code, Label: g.Name(lang)}
	}
	return out
}

// parseBirthYear reads the birth year typed in a form. Anything but 4
// digits is an error naming the field, before the service sees it.
func parseBirthYear(v string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil // "required" reports it with the other fields
	}
	y, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 {
		return 0, validation.FieldInvalid("birth_year", lms.Text{
			VI: "Năm sinh phải là năm có 4 chữ số, ví dụ 1958.", EN: "Enter the year of birth as 4 digits, for example 1958."})
	}
	return y, nil
}
