package certpdf

import (
	"testing"
	"time"
	"unicode"

	"github.com/hocvuso/hocvuso/internal/validation"
)

// Every name the sign-up form accepts must print on a certificate; otherwise
// a learner finishes a course and then cannot get the paper.
func TestEveryAcceptedNameLetterPrints(t *testing.T) {
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, rng := range validation.NameLetters.R16 {
		for c := rune(rng.Lo); c <= rune(rng.Hi); c++ {
			name := "Ha" + string(c) + "a"
			if unicode.Is(unicode.Mn, c) {
				name = "Ha" + string(c)
			}
			if !validation.ValidName(name) {
				continue
			}
			checked++
			p := Page{Lang: "vi", Name: name, Course: "Khoá học", Date: time.Now(), Issuer: "Xã", Code: "ABC", VerifyURL: "https://example.vn/verify/ABC"}
			if err := r.Check(p); err != nil {
				t.Errorf("%U accepted as a name letter but not printable: %v", c, err)
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d name letters checked; the table or ValidName changed", checked)
	}
}
