package phone

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0912345678", "+84912345678", true},
		{"0912 345 678", "+84912345678", true},
		{"0912.345.678", "+84912345678", true},
		{"+84 912 345 678", "+84912345678", true},
		{"84912345678", "+84912345678", true},
		{" 0386-123-456 ", "+84386123456", true},
		{"(+84) 708123456", "+84708123456", true},
		{"0241234567", "", false},     // Hà Nội landline prefix
		{"0951234567", "", false},     // retired network
		{"091234567", "", false},      // too short
		{"09123456789", "", false},    // too long
		{"+1 912 345 678", "", false}, // another country
		{"0912345678a", "", false},
		{"091234567８", "", false}, // a full-width digit
		{"", "", false},
		{`{"$gt": ""}`, "", false},
		{"0912+345678", "", false},
	}
	for _, tt := range tests {
		got, ok := Normalize(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMaskAndLocal(t *testing.T) {
	if got := Local("+84912345678"); got != "0912345678" {
		t.Errorf("Local = %q", got)
	}
	if got := Mask("+84912345678"); got != "091****678" {
		t.Errorf("Mask = %q", got)
	}
}
