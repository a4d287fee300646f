// Package validation builds hocvuso's one validator and turns its failures
// into lms errors that name each field and say, in Vietnamese and English,
// what a person should type instead.
package validation

import (
	"errors"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"golang.org/x/text/unicode/norm"

	"github.com/hocvuso/hocvuso/internal/lms"
	"github.com/hocvuso/hocvuso/internal/phone"
)

// Lookups tell the validator which codes exist; they come from the units
// registry and the ethnic-group list loaded at start-up.
type Lookups struct {
	IsCommune   func(code string) bool // xã, phường, đặc khu
	IsUnit      func(code string) bool // any province or commune
	IsEthnicity func(code string) bool
}

// Validator checks request structs. Build one at start-up with New.
type Validator struct {
	v *validator.Validate
}

// New returns a Validator with hocvuso's tags registered:
// vnphone, secret, personname, birthyear, commune, unit, ethnicity, role.
func New(l Lookups) *Validator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			return f.Name
		}
		return name
	})
	must := func(tag string, fn func(string) bool) {
		if err := v.RegisterValidation(tag, func(fl validator.FieldLevel) bool { return fn(fl.Field().String()) }); err != nil {
			panic(err) // a programming error, found by any test
		}
	}
	must("vnphone", func(s string) bool { _, ok := phone.Normalize(s); return ok })
	must("secret", ValidSecret)
	must("personname", ValidName)
	must("commune", l.IsCommune)
	must("unit", l.IsUnit)
	must("ethnicity", l.IsEthnicity)
	must("role", func(s string) bool { return lms.Role(s).Valid() })
	if err := v.RegisterValidation("birthyear", func(fl validator.FieldLevel) bool {
		y := int(fl.Field().Int())
		return y >= 1900 && y <= time.Now().Year()-5
	}); err != nil {
		panic(err)
	}
	return &Validator{v: v}
}

// Struct validates s and returns an EINVALID *lms.Error listing every
// invalid field, or nil.
func (val *Validator) Struct(s any) error {
	err := val.v.Struct(s)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return lms.Internal("validate", err)
	}
	e := Invalid()
	for _, fe := range verrs {
		e.Fields = append(e.Fields, lms.FieldError{Field: fe.Field(), Message: message(fe.Field(), fe.Tag(), fe.Param())})
	}
	return e
}

// Invalid returns the EINVALID error that field errors are added to.
func Invalid() *lms.Error {
	return lms.Errorf(lms.EINVALID, "Thông tin chưa đúng. Vui lòng kiểm tra lại.", "Some details are not right. Please check them.")
}

// FieldInvalid returns an EINVALID error about one field.
func FieldInvalid(field string, msg lms.Text) *lms.Error {
	e := Invalid()
	e.Fields = []lms.FieldError{{Field: field, Message: msg}}
	return e
}

// ValidSecret accepts a 6-digit PIN that is not trivially guessable, or a
// password of 8 to 128 characters that is not one character repeated.
func ValidSecret(s string) bool {
	if isDigits(s) && len(s) == 6 {
		return !weakPIN(s)
	}
	n := utf8.RuneCountInString(s)
	return utf8.ValidString(s) && n >= 8 && n <= 128 && strings.Trim(s, s[:1]) != ""
}

// IsPIN reports whether a secret is a 6-digit PIN.
func IsPIN(s string) bool { return len(s) == 6 && isDigits(s) }

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// weakPIN rejects PINs anyone would try first: one digit repeated, or a
// run up or down (123456, 654321).
func weakPIN(p string) bool {
	same, up, down := true, true, true
	for i := 1; i < len(p); i++ {
		d := int(p[i]) - int(p[i-1])
		same = same && d == 0
		up = up && (d == 1 || d == -9)
		down = down && (d == -1 || d == 9)
	}
	return same || up || down
}

// CleanName returns a person's name NFC-normalised with runs of spaces
// folded, as it is stored.
func CleanName(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// ValidName accepts 2 to 100 letters, spaces, apostrophes, hyphens and dots:
// Vietnamese and ethnic-minority names (Ka Ly, H'Hen Niê), not digits,
// markup or control characters. Letters must be nameLetters, the Latin
// blocks names in Vietnam's official documents are written in: the
// certificate font prints these (a certpdf test holds it to that), so a name
// it cannot print is refused at entry rather than when the certificate is
// rendered.
func ValidName(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	s = CleanName(s)
	letters := 0
	for _, r := range s {
		switch {
		case unicode.Is(NameLetters, r) && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)):
			letters++
		case r == ' ' || r == '\'' || r == '’' || r == '-' || r == '.':
		default:
			return false
		}
	}
	return letters >= 2 && utf8.RuneCountInString(s) <= 100
}

// NameLetters are the Unicode blocks a name's letters may come from: Basic
// Latin, Latin-1 Supplement, Latin Extended-A and -B, the combining
// diacritical marks up to U+034F (a tone typed as a separate mark) and Latin
// Extended Additional up to U+1EFB (the precomposed Vietnamese letters such
// as ễ and ự). The medievalist letters above those are left out because the
// certificate font has no glyphs for them.
var NameLetters = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x0041, Hi: 0x005a, Stride: 1},
		{Lo: 0x0061, Hi: 0x007a, Stride: 1},
		{Lo: 0x00c0, Hi: 0x024f, Stride: 1},
		{Lo: 0x0300, Hi: 0x034f, Stride: 1},
		{Lo: 0x1e00, Hi: 0x1efb, Stride: 1},
	},
}
