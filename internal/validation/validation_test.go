package validation

import (
	"testing"

	"github.com/hocvuso/hocvuso/internal/lms"
)

func TestValidSecret(t *testing.T) {
	for s, want := range map[string]bool{
		"482915": true, "123456": false, "654321": false, "111111": false, "890123": false,
		"12345": false, "mật khẩu dài": true, "aaaaaaaa": false, "short": false, "1234567": false,
		"correct horse": true,
	} {
		if got := ValidSecret(s); got != want {
			t.Errorf("ValidSecret(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestValidName(t *testing.T) {
	for s, want := range map[string]bool{
		"Nguyễn Thị Hoa": true, "H'Hen Niê": true, "Ka Ly": true, "  Trần   Văn  Ba ": true,
		"Đặng Thị Ơn Ưng": true, "Nguyê\u0303n Hoa": true,
		"A": false, "<script>": false, "王小明": false, "Hoa 😊": false, "π Hoa": false, "Nguyễn 2": false, "x\x00y": false, "\xff\xfe": false,
	} {
		if got := ValidName(s); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", s, got, want)
		}
	}
	if got := CleanName("  Trần   Văn  Ba "); got != "Trần Văn Ba" {
		t.Errorf("CleanName = %q", got)
	}
}

func TestStructNamesFieldsInBothLanguages(t *testing.T) {
	v := New(Lookups{
		IsCommune:   func(c string) bool { return c == "06970" },
		IsUnit:      func(c string) bool { return c == "22" || c == "06970" },
		IsEthnicity: func(c string) bool { return c == "kinh" },
	})
	type in struct {
		Phone     string `json:"phone" validate:"required,vnphone"`
		BirthYear int    `json:"birth_year" validate:"required,birthyear"`
		Unit      string `json:"unit_code" validate:"required,commune"`
		Ethnicity string `json:"ethnicity" validate:"omitempty,ethnicity"`
	}
	if err := v.Struct(in{Phone: "0912345678", BirthYear: 1958, Unit: "06970", Ethnicity: "kinh"}); err != nil {
		t.Fatalf("valid input rejected: %v", err)
	}
	err := v.Struct(in{Phone: "123", BirthYear: 3000, Unit: "22", Ethnicity: "x"})
	e := lms.AsError(err)
	if e.Code != lms.EINVALID || len(e.Fields) != 4 {
		t.Fatalf("got %+v", e)
	}
	want := []string{"phone", "birth_year", "unit_code", "ethnicity"}
	for i, f := range e.Fields {
		if f.Field != want[i] || f.Message.VI == "" || f.Message.EN == "" || f.Message.VI == f.Message.EN {
			t.Errorf("field %d = %+v, want %s with vi and en messages", i, f, want[i])
		}
	}
}
